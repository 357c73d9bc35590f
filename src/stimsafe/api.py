"""The use cases. Each function wires loaders -> engines -> a Report; interfaces call only these.

Feature modules are imported inside each function so that ``import stimsafe.api`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# --- screening: devices, zones, rules and assess (issue 2) ------------------------------------------------------

if TYPE_CHECKING:
    from stimsafe.domain.condition import Condition
    from stimsafe.domain.device import Device
    from stimsafe.domain.evidence import Study
    from stimsafe.domain.person import Profile
    from stimsafe.domain.plan import Plan, ZoneCap
    from stimsafe.domain.rule import Rule
    from stimsafe.domain.zone import Zone


def list_devices() -> tuple[Device, ...]:
    """Every catalogue device (validated, cited)."""
    from stimsafe.knowledge.devices import load_devices

    return load_devices()


def get_device(id_or_alias: str) -> Device:
    """A catalogue device by id, name or alias; ``NotFoundError`` with a did-you-mean hint otherwise."""
    from stimsafe.knowledge.devices import get_device as get

    return get(id_or_alias)


def list_zones() -> tuple[Zone, ...]:
    """The facial zones: forehead, eyes, cheek, lips, jawline, ears, neck."""
    from stimsafe.knowledge.zones import load_zones

    return load_zones()


def get_zone(id_or_alias: str) -> Zone:
    """A zone by id, name or alias (``periorbital`` -> eyes); ``NotFoundError`` otherwise."""
    from stimsafe.knowledge.zones import get_zone as get

    return get(id_or_alias)


def list_conditions() -> tuple[Condition, ...]:
    """The screening questions, with their SNOMED CT and ICD-10-CM codes."""
    from stimsafe.knowledge.conditions import load_conditions

    return load_conditions()


def list_rules() -> tuple[Rule, ...]:
    """The screening rules (tier, reason, action, sources, condition)."""
    from stimsafe.knowledge.rules import load_rules

    return load_rules()


def resolve_device(device: Device | str | Path) -> Device:
    """A Device as given, a catalogue id/alias, or a path to a device spec file (``.yaml``/``.json``)."""
    from pathlib import Path as _Path

    from stimsafe.domain.device import Device as _Device
    from stimsafe.knowledge.devices import get_device as get
    from stimsafe.knowledge.profiles import load_device_spec

    if isinstance(device, _Device):
        return device
    text = str(device)
    if text.lower().endswith((".yaml", ".yml", ".json")) or _Path(text).is_file():
        return load_device_spec(text)
    return get(text)


def assess(
    device: Device | str | Path,
    profile: Profile | Mapping[str, Any] | str | Path,
    plan: Plan | Mapping[str, Any] | str | Path,
    *,
    zone_caps: Mapping[str, ZoneCap] | None = None,
) -> Report:
    """Screen a person's profile and plan for a device; return the cited report with its session plan.

    ``profile`` and ``plan`` may be models, mappings (as in the example files) or paths to YAML/JSON files.
    ``zone_caps`` lets another engine (the dose engine's margins) add a current cap per zone.
    Raises ``InputError``/``NotFoundError`` for bad input (each names the field, the value and a fix).
    """
    from collections.abc import Mapping as _Mapping

    from stimsafe.domain.person import Profile as _Profile
    from stimsafe.domain.plan import Plan as _Plan
    from stimsafe.knowledge import profiles
    from stimsafe.knowledge.conditions import condition_sources
    from stimsafe.knowledge.devices import device_sources
    from stimsafe.knowledge.rules import load_rules, rule_sources
    from stimsafe.knowledge.zones import load_zones, zone_sources
    from stimsafe.screening.engine import screen
    from stimsafe.screening.planner import check_plan_fits, plan_sessions
    from stimsafe.screening.report import build_report

    dev = resolve_device(device)
    if not isinstance(profile, _Profile):
        profile = profiles.parse_profile(profile) if isinstance(profile, _Mapping) else profiles.load_profile(profile)
    if not isinstance(plan, _Plan):
        plan = profiles.parse_plan(plan) if isinstance(plan, _Mapping) else profiles.load_plan(plan)
    check_plan_fits(plan, dev)
    names: dict[str, str] = {z.id: z.name for z in load_zones()}
    screening = screen(profile, dev, plan, load_rules())
    dose = _assess_margins(dev, plan.zones)
    caps = {**dose.caps, **(zone_caps or {})}  # a caller's caps win over the dose engine's
    session = plan_sessions(dev, plan, screening, zone_names=names, zone_caps=caps)
    pools = (rule_sources(), device_sources(), zone_sources(), condition_sources())
    report = build_report(dev, profile, plan, screening, session, zone_names=names, source_pools=pools)
    return _with_margins(report, dose)


def _assess_margins(device: Device, zone_ids: Sequence[str]) -> Any:
    """The dose engine's per-zone margins section and caps for assess (fast predictor)."""
    from stimsafe.dose.assess_margins import assess_margins
    from stimsafe.knowledge.anchors import load_anchors
    from stimsafe.knowledge.limits import load_ranges
    from stimsafe.knowledge.tissues import load_tissues
    from stimsafe.knowledge.zones import get_zone

    zones = [get_zone(z) for z in zone_ids]
    return assess_margins(device, zones, load_tissues(), load_ranges(), load_anchors())


def _with_margins(report: Report, dose: Any) -> Report:
    """Insert the margins section after the session plan and add the sources it cites."""
    from stimsafe.dose.assess_margins import mrg_source
    from stimsafe.knowledge.anchors import anchor_sources

    pool = {**anchor_sources(), "mrg-2002": mrg_source()}
    known = {s.id for s in report.sources}
    extra = tuple(pool[i] for i in dose.source_ids if i in pool and i not in known)
    at = next((i + 1 for i, s in enumerate(report.sections) if s.title == "Session plan"), len(report.sections))
    sections = (*report.sections[:at], dose.section, *report.sections[at:])
    data = {**report.data, "zone_margins": dose.section.tables[0].model_dump() if dose.section.tables else None}
    return report.model_copy(update={"sections": sections, "sources": (*report.sources, *extra), "data": data})


def demo_inputs() -> tuple[Device, Profile, Plan]:
    """The embedded demo: a NuFACE Trinity, a fully answered example profile and a plan."""
    from stimsafe.knowledge.devices import get_device as get
    from stimsafe.knowledge.loader import read_data
    from stimsafe.knowledge.profiles import parse_plan, parse_profile

    data = read_data("demo.yaml")
    return (
        get(data["device"]),
        parse_profile(data["profile"], location="demo.yaml"),
        parse_plan(data["plan"], location="demo.yaml"),
    )


def assess_demo() -> Report:
    """``stimsafe assess --demo``: the screening report for the embedded demo inputs."""
    device, profile, plan = demo_inputs()
    return assess(device, profile, plan)


def devices_report() -> Report:
    """The device catalogue as a report (one row per device, with its FDA status)."""
    from stimsafe.screening.catalogue import devices_report as build

    return build(list_devices())


def device_report(id_or_alias: str) -> Report:
    """One device's facts, with "not found" where the sources gave nothing, and its sources."""
    from stimsafe.knowledge.devices import device_sources
    from stimsafe.screening.catalogue import device_report as build

    return build(get_device(id_or_alias), device_sources())


def zones_report() -> Report:
    """The zone catalogue: nerve branch, tissue layers, derived nerve depth, caution level, sources."""
    from stimsafe.knowledge.zones import zone_sources
    from stimsafe.screening.catalogue import zones_report as build

    return build(list_zones(), zone_sources())


def rules_report() -> Report:
    """The rule table, generated from the rule data (tier, when, what to do, sources)."""
    from stimsafe.knowledge.rules import rule_sources
    from stimsafe.screening.catalogue import rules_report as build

    return build(list_rules(), rule_sources())


def list_evidence() -> tuple[Study, ...]:
    """The evidence catalogue: studies with design, size, outcome, funding and whether a device maker paid."""
    from stimsafe.knowledge.evidence import load_studies

    return load_studies()


def evidence_report() -> Report:
    """The evidence catalogue as a report."""
    from stimsafe.knowledge.evidence import evidence_sources
    from stimsafe.screening.catalogue import evidence_report as build

    return build(list_evidence(), evidence_sources())


# --- triage and diary (issue 7) -----------------------------------------------------------------------------------

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from datetime import datetime
    from pathlib import Path
    from typing import Any

    from stimsafe.report.model import Report
    from stimsafe.triage.model import SymptomAnswers
    from stimsafe.triage.records import SessionRecord, SymptomRecord


def _now(now: datetime | None) -> datetime:
    from datetime import UTC, datetime

    return now if now is not None else datetime.now(UTC)


def triage(
    answers: Mapping[str, Any] | SymptomAnswers,
    now: datetime | None = None,
    *,
    db: str | Path | None = None,
    user: str | None = None,
    location: str | None = None,
) -> Report:
    """Triage a symptom: tier (emergency first), reasons, sources, the 72-hour window; timeline if a diary is given.

    ``answers`` is a mapping ``{signs: [...], answers: {sign: yes|no}, onset, side, note}`` or ready answers.
    The timeline uses the diary at ``db`` (or ``user``'s default diary) only when one of them is given.
    """
    from stimsafe.knowledge.triage import load_triage_rules
    from stimsafe.triage.answers import answers_from_mapping
    from stimsafe.triage.diary import open_diary
    from stimsafe.triage.engine import evaluate
    from stimsafe.triage.model import SymptomAnswers
    from stimsafe.triage.report import triage_report
    from stimsafe.triage.timeline import place

    rules, moment = load_triage_rules(), _now(now)
    parsed = (
        answers
        if isinstance(answers, SymptomAnswers)
        else answers_from_mapping(answers, rules, moment, location=location)
    )
    timeline = None
    if (db is not None or user is not None) and parsed.onset is not None:
        with open_diary(db, user) as diary:
            timeline = place(parsed.onset, diary.sessions())
    return triage_report(parsed, evaluate(parsed, rules, moment), rules, timeline)


def triage_signs() -> list[dict[str, str]]:
    """The triage questions in asking order (red flags first): ``[{id, group, question}]``."""
    from stimsafe.knowledge.triage import load_triage_rules

    return [{"id": s.id, "group": s.group, "question": s.question} for s in load_triage_rules().signs]


def diary_add_session(
    db: str | Path | None = None,
    *,
    user: str | None = None,
    device_id: str,
    zones: Sequence[str] = (),
    level: str | None = None,
    duration: str | float | None = None,
    started_at: str | datetime = "now",
    note: str | None = None,
    now: datetime | None = None,
) -> SessionRecord:
    """Record a session (``duration`` like ``"5 min"`` or seconds); ids checked against the knowledge base."""
    from stimsafe.triage.answers import parse_time
    from stimsafe.triage.diary import open_diary
    from stimsafe.triage.diary.ids import canonical_ids
    from stimsafe.triage.records import SessionRecord
    from stimsafe.units import Dimension, parse_si

    device_id, zones = canonical_ids(device_id, zones)
    seconds = (
        duration
        if duration is None or isinstance(duration, float | int)
        else parse_si(duration, Dimension.TIME, field="duration")
    )
    record = SessionRecord(
        device_id=device_id,
        zones=tuple(zones),
        level=level,
        duration_s=seconds,
        started_at=parse_time(started_at, _now(now), field="started_at"),
        note=note,
    )
    with open_diary(db, user) as diary:
        return diary.add_session(record)


def diary_add_symptom(
    db: str | Path | None = None,
    *,
    user: str | None = None,
    kind: str,
    onset: str | datetime = "now",
    side: str | None = None,
    development: str | None = None,
    signs: Sequence[str] = (),
    text: str | None = None,
    photos: Sequence[str | Path] = (),
    now: datetime | None = None,
) -> SymptomRecord:
    """Record a symptom: ``kind`` and ``signs`` are triage sign ids; ``development`` is minutes|hours|days|unsure."""
    from stimsafe.errors import InputError
    from stimsafe.knowledge.triage import load_triage_rules
    from stimsafe.triage.answers import answers_from_mapping, parse_time
    from stimsafe.triage.diary import open_diary
    from stimsafe.triage.diary.store import photo_from_path
    from stimsafe.triage.records import SymptomRecord

    if development not in (None, "minutes", "hours", "days", "unsure"):
        raise InputError(
            "Unknown development.", field="development", value=development, hint="minutes, hours, days or unsure."
        )
    moment = _now(now)
    all_signs = [kind, *signs] + ([f"onset_{development}"] if development else [])
    parsed = answers_from_mapping({"signs": all_signs, "side": side}, load_triage_rules(), moment)
    onset_at = parse_time(onset, moment, field="onset")
    record = SymptomRecord(
        kind=kind,
        side=parsed.side,
        onset_at=onset_at,
        development=development,
        signs=tuple(dict.fromkeys(all_signs)),
        text=text,
        photos=tuple(photo_from_path(p) for p in photos),
    )
    with open_diary(db, user) as diary:
        return diary.add_symptom(record)


def diary_report(db: str | Path | None = None, *, user: str | None = None, now: datetime | None = None) -> Report:
    """The diary as a report: sessions, and each symptom with its tier, 72-hour window and timeline."""
    from stimsafe.knowledge.triage import load_triage_rules
    from stimsafe.triage.diary import open_diary
    from stimsafe.triage.summary import diary_report as build

    with open_diary(db, user) as diary:
        return build(diary.sessions(), diary.symptoms(), load_triage_rules(), _now(now))


def diary_export(db: str | Path | None = None, *, user: str | None = None) -> dict[str, Any]:
    """The diary as JSON-compatible data (``format: stimsafe-diary``); :func:`diary_import` reads it back exactly."""
    from stimsafe.triage.diary import open_diary
    from stimsafe.triage.diary.exchange import export_data

    with open_diary(db, user) as diary:
        return export_data(diary)


def diary_import(
    data: Any, db: str | Path | None = None, *, user: str | None = None, location: str = "import"
) -> dict[str, int]:
    """Import an export in one transaction (all or nothing); returns counts of sessions, symptoms, skipped."""
    from stimsafe.triage.diary import open_diary
    from stimsafe.triage.diary.exchange import import_data

    with open_diary(db, user) as diary:
        return import_data(diary, data, location)


def diary_fhir(db: str | Path | None = None, *, user: str | None = None, now: datetime | None = None) -> dict[str, Any]:
    """The diary as a FHIR R4B Bundle (validated with ``fhir.resources.R4B``), as JSON-compatible data."""
    from stimsafe.knowledge.triage import load_triage_rules
    from stimsafe.triage.diary import open_diary
    from stimsafe.triage.fhir import diary_bundle

    with open_diary(db, user) as diary:
        return diary_bundle(diary.sessions(), diary.symptoms(), load_triage_rules(), _now(now), user or "me")


def diary_medwatch(
    symptom_id: str, db: str | Path | None = None, *, user: str | None = None, now: datetime | None = None
) -> str:
    """A pre-filled FDA MedWatch 3500B draft (text) for one recorded symptom."""
    from stimsafe.knowledge.triage import load_triage_rules
    from stimsafe.triage.diary import open_diary
    from stimsafe.triage.medwatch import medwatch_draft

    with open_diary(db, user) as diary:
        return medwatch_draft(diary.symptom(symptom_id), diary.sessions(), load_triage_rules(), _now(now))


# --- signals: ingest, fetch, status, cases (issue 4) ----------------------------------------------------------------

if TYPE_CHECKING:
    from datetime import date


def signals_ingest(
    paths: Sequence[str | Path], db: str | Path | None = None, *, kind: str | None = None, progress: Any = None
) -> Report:
    """Load openFDA JSON / raw MAUDE files into the signals store (idempotent, one transaction per file)."""
    from stimsafe.signals.harms import build_cases
    from stimsafe.signals.ingest import ingest_paths
    from stimsafe.signals.ingest.report import ingest_report
    from stimsafe.signals.store import open_store

    with open_store(db) as store:
        results = ingest_paths(store, list(paths), kind=kind, progress=progress)
        build_cases(store)
        return ingest_report(store, results)


def signals_fetch(
    product_code: str,
    db: str | Path | None = None,
    *,
    since: date | None = None,
    api_key: str | None = None,
    cache_dir: str | Path | None = None,
) -> Report:
    """Fetch a product code's reports from the openFDA API (cached, resumable), then ingest the pages."""
    from pathlib import Path as _Path

    from stimsafe.signals.fetch import fetch_events
    from stimsafe.signals.store import default_db_path

    cache = _Path(cache_dir) if cache_dir else default_db_path().parent / "openfda-cache"
    fetched = fetch_events(product_code, cache, since=since, api_key=api_key)
    return signals_ingest(fetched.pages, db, kind="openfda")


def signals_status(db: str | Path | None = None) -> Report:
    """What the signals store holds, from which files, and the rejected rows."""
    from stimsafe.signals.ingest.report import status_report
    from stimsafe.signals.store import open_store

    with open_store(db) as store:
        return status_report(store)


def signals_cases(
    harm: str,
    db: str | Path | None = None,
    *,
    product_code: str | None = None,
    dedup: str = "report",
    limit: int = 50,
) -> Report:
    """Case reports of one harm (optionally one product code), with how they matched and their narratives."""
    from stimsafe.signals.harms import list_cases
    from stimsafe.signals.harms.report import cases_report
    from stimsafe.signals.store import open_store

    with open_store(db) as store:
        total, rows = list_cases(store, harm, product_code=product_code, dedup=dedup, limit=limit)
    return cases_report(harm, total, rows, product_code=product_code, dedup=dedup)


# --- signals: disproportionality statistics and the signal report (issue 5) ----------------------------------------

DEFAULT_SIGNAL_GROUPS: dict[str, tuple[str, ...]] = {"NFO": ("NFO",)}
DEMO_SIGNAL_GROUPS: dict[str, tuple[str, ...]] = {"NFO": ("NFO",), "NUH": ("NUH",)}


def _signals_analysis(
    db: str | Path | None,
    *,
    demo: bool,
    groups: Mapping[str, Sequence[str]] | None,
    comparator: str,
    strata: Sequence[str],
    engine: str = "duckdb",
    master: str = "local[*]",
    parquet: str | Path | None = None,
) -> Any:
    from stimsafe.signals.counting import Comparator
    from stimsafe.signals.report import analyse

    parsed = Comparator.parse(comparator)
    if demo:
        from stimsafe.signals.demo import DEMO_LABEL, build_demo_store

        store = build_demo_store()
        label, default_groups = DEMO_LABEL, DEMO_SIGNAL_GROUPS
    elif parquet is not None and db is None:  # Parquet tables only (issue 6): views for by-year counts and narratives
        from stimsafe.signals.spark.engine import parquet_store

        store = parquet_store(parquet)
        label, default_groups = f"Parquet tables {parquet}", DEFAULT_SIGNAL_GROUPS
    else:
        from stimsafe.signals.store import default_db_path, open_store

        path = db or default_db_path()
        store = open_store(path, read_only=True)
        label, default_groups = f"signals store {path}", DEFAULT_SIGNAL_GROUPS
    with store:
        chosen = {k: tuple(v) for k, v in (groups or default_groups).items()}
        if engine.strip().lower() == "duckdb" and parquet is None:
            return analyse(store.connection, chosen, comparator=parsed, strata=strata, dataset=label)
        from stimsafe.signals.spark.engine import engine_counter  # counting stages on Parquet (issue 6)

        with engine_counter(engine, store=store, parquet=parquet, master=master) as counter:
            return analyse(store.connection, chosen, comparator=parsed, strata=strata, dataset=label, counter=counter)


def signals_run(
    db: str | Path | None = None,
    *,
    demo: bool = False,
    groups: Mapping[str, Sequence[str]] | None = None,
    comparator: str = "all",
    strata: Sequence[str] = (),
    engine: str = "duckdb",
    master: str = "local[*]",
    parquet: str | Path | None = None,
) -> dict[str, Any]:
    """Count and score every device group × harm cell; the machine-readable result (conventions, fit, cells).

    ``engine="spark"`` runs the counting stages on Spark (``master``) over the Parquet tables at ``parquet``, or over
    the store exported to Parquet; the statistics are the same code either way.
    """
    from stimsafe.signals.report import build_report

    analysis = _signals_analysis(
        db,
        demo=demo,
        groups=groups,
        comparator=comparator,
        strata=strata,
        engine=engine,
        master=master,
        parquet=parquet,
    )
    return dict(build_report(analysis).data)


def signals_report(
    db: str | Path | None = None,
    *,
    demo: bool = False,
    groups: Mapping[str, Sequence[str]] | None = None,
    comparator: str = "all",
    strata: Sequence[str] = (),
    plot_dir: str | Path | None = None,
    engine: str = "duckdb",
    master: str = "local[*]",
    parquet: str | Path | None = None,
) -> Report:
    """The signal report (PRR, ROR, chi2, IC025, EB05/EBGM, flags, counts by year, narratives, honest reading).

    ``engine``, ``master`` and ``parquet`` as in :func:`signals_run`.
    """
    from pathlib import Path as _Path

    from stimsafe.signals.report import build_report

    analysis = _signals_analysis(
        db,
        demo=demo,
        groups=groups,
        comparator=comparator,
        strata=strata,
        engine=engine,
        master=master,
        parquet=parquet,
    )
    return build_report(analysis, plot_dir=_Path(plot_dir) if plot_dir else None)


# --- dose (issue 3) -------------------------------------------------------------------------------------------------


def zone_margins(device: str, zones: Sequence[str] | None = None, *, refine: bool = False) -> tuple[Any, ...]:
    """Per-zone :class:`~stimsafe.dose.margins.ZoneMargin` for a catalogue device (for assess and the planner).

    ``refine=False`` uses the MRG-calibrated linear predictor (milliseconds); ``True`` refines with MRG (seconds).
    """
    from stimsafe.dose.run import margins_for
    from stimsafe.knowledge.devices import get_device
    from stimsafe.knowledge.limits import load_ranges
    from stimsafe.knowledge.tissues import load_tissues
    from stimsafe.knowledge.zones import get_zone, load_zones

    chosen = [get_zone(z) for z in zones] if zones else list(load_zones())
    margins, _ = margins_for(get_device(device), chosen, load_tissues(), load_ranges(), refine=refine)
    return margins


def dose(
    device: str,
    zones: Sequence[str] | None = None,
    *,
    refine: bool = True,
    plot_dir: str | Path | None = None,
    sweeps: bool = True,
    validation: bool = True,
) -> Report:
    """The dose report: human-data margins, the model's conservative bound, its depth/contact sweeps, the model
    against human data (``validation``) and the standards checks, optionally with figures."""
    from pathlib import Path as _Path

    from stimsafe.dose.pipeline import dose_results
    from stimsafe.dose.report import build_report
    from stimsafe.knowledge.anchors import anchor_sources, load_anchors, load_evidence
    from stimsafe.knowledge.devices import device_sources, get_device
    from stimsafe.knowledge.limits import limit_sources, load_limits, load_ranges
    from stimsafe.knowledge.tissues import load_tissues, tissue_sources
    from stimsafe.knowledge.zones import get_zone, load_zones, zone_sources

    dev = get_device(device)
    chosen = [get_zone(z) for z in zones] if zones else list(load_zones())
    evidence = load_evidence()
    results = dose_results(
        dev,
        chosen,
        tissues=load_tissues(),
        ranges=load_ranges(),
        limits=load_limits(),
        anchors=load_anchors(),
        evidence=[(e.text, e.source_ids) for e in evidence],
        refine=refine,
        sweeps=sweeps,
        validation_zone=get_zone("cheek") if validation else None,
    )
    pools = (anchor_sources(), limit_sources(), tissue_sources(), zone_sources(), device_sources())
    cited = [sid for a in load_anchors() for sid in a.source_ids] if validation else []
    report = build_report(
        results,
        sources=[s for pool in pools for s in pool.values()],
        zone_sources={z.id: z.source_ids for z in chosen},
        validation_source_ids=cited,
    )
    if plot_dir is None:
        return report
    from stimsafe.dose.plots import write_figures

    figures = write_figures(results.margins, _Path(plot_dir), results.empirical)
    first = report.sections[0].model_copy(update={"figures": figures})
    return report.model_copy(update={"sections": (first, *report.sections[1:])})
