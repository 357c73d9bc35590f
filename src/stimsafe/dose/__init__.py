"""The dose engine, arranged in the order the data flow:

``physics`` (tissue, field, waveform) -> ``thresholds`` (fibre model, search) -> ``advice`` (human anchors,
margins, caps, readings) -> ``report``; ``pipeline`` runs one whole analysis. A stage imports only from itself and
the stages before it (``tests/test_architecture.py``).

Nothing here reads files or prints; :mod:`stimsafe.api` wires the packaged data (tissues, limits, zones,
devices) into these functions. Heavy imports (numpy, scipy) happen in the submodules, not here.
"""
