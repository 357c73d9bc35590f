"""Advice: from catalogue devices and zones to worst-case engine inputs (``catalogue``), per-zone margins
(``margins``), human anchors (``anchors``), depth and contact sweeps (``sweeps``), the model against human data
(``model_vs_human``), standards limits (``limits``), plain readings (``readings``), the assess caps (``caps``) and
each step of one analysis (``analysis``)."""
