"""The use cases. Each function wires loaders -> engines -> a Report; interfaces (CLI, web) call only these.

One module per feature; feature modules are imported inside each function, so ``import stimsafe.api`` stays cheap.
"""

from __future__ import annotations

from stimsafe.api._dose import (
    dose,
    empirical_margins,
    zone_margins,
)
from stimsafe.api._screening import (
    assess,
    assess_demo,
    demo_inputs,
    device_report,
    devices_report,
    evidence_report,
    get_device,
    get_zone,
    list_conditions,
    list_devices,
    list_evidence,
    list_guidance,
    list_rules,
    list_zones,
    resolve_device,
    rules_report,
    zones_report,
)
from stimsafe.api._signals import (
    DEFAULT_SIGNAL_GROUPS,
    DEMO_SIGNAL_GROUPS,
    signals_cases,
    signals_chance,
    signals_fetch,
    signals_ingest,
    signals_report,
    signals_run,
    signals_status,
)
from stimsafe.api._triage import (
    diary_add_session,
    diary_add_symptom,
    diary_export,
    diary_fhir,
    diary_import,
    diary_medwatch,
    diary_report,
    triage,
    triage_signs,
)

__all__ = [
    "DEFAULT_SIGNAL_GROUPS",
    "DEMO_SIGNAL_GROUPS",
    "assess",
    "assess_demo",
    "demo_inputs",
    "device_report",
    "devices_report",
    "diary_add_session",
    "diary_add_symptom",
    "diary_export",
    "diary_fhir",
    "diary_import",
    "diary_medwatch",
    "diary_report",
    "dose",
    "empirical_margins",
    "evidence_report",
    "get_device",
    "get_zone",
    "list_conditions",
    "list_devices",
    "list_evidence",
    "list_guidance",
    "list_rules",
    "list_zones",
    "resolve_device",
    "rules_report",
    "signals_cases",
    "signals_chance",
    "signals_fetch",
    "signals_ingest",
    "signals_report",
    "signals_run",
    "signals_status",
    "triage",
    "triage_signs",
    "zone_margins",
    "zones_report",
]
