"""Physics: what reaches the fibre. Tissue conductivities, the layered volume conductor (``field``), rectangular
waveforms and their time course (``waveform``), and a waveform's dose metrics (``metrics``)."""
