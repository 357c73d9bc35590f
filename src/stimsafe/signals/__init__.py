"""Adverse-event signals: ingest FDA MAUDE / openFDA data into a DuckDB store, define harm cases, compute statistics.

Nothing is imported here at package import, so ``import stimsafe.signals`` stays light; use the submodules:
:mod:`stimsafe.signals.store` (schema and :func:`~stimsafe.signals.store.open_store`),
:mod:`stimsafe.signals.ingest` (file loaders), :mod:`stimsafe.signals.harms` (case definitions),
:mod:`stimsafe.signals.synth` (seeded synthetic data) and :mod:`stimsafe.signals.fetch` (openFDA API client).
"""
