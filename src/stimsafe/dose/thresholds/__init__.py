"""Thresholds: the MRG double-cable myelinated fibre (``mrg``, ``mrg_channels``, ``mrg_params``), a fibre's
placement under the electrodes (``fibre``), the threshold search behind an ``is_excited`` predicate (``search``)
and the calibrated linear predictor (``surrogate``)."""
