"""The dose engine: waveform metrics and standards limits, the layered volume conductor, the myelinated fibre
model with its threshold search, and per-zone margins.

Nothing here reads files or prints; :mod:`stimsafe.api` wires the packaged data (tissues, limits, zones,
devices) into these functions. Heavy imports (numpy, scipy) happen in the submodules, not here.
"""
