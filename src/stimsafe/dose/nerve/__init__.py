"""Myelinated motor fibre models (MRG double cable, calibrated linear predictor) and the threshold search."""
