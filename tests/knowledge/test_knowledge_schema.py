"""Knowledge as data, checked: every packaged data file has a schema (a validating loader), every top-level key is
known, and every source id cited anywhere in a file is one of that file's own sources.

A new data file, or a new top-level list, fails here until it is given a loader; a fact citing a source id that its
file does not define fails here even if no loader reads that row yet (the raw YAML is walked, not the models).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib import resources
from typing import Any

import pytest

from stimsafe import api
from stimsafe.domain.source import Source
from stimsafe.knowledge import (
    anchors,
    background,
    conditions,
    devices,
    evidence,
    gaps,
    guidance,
    limits,
    rules,
    tissues,
    triage,
    triage_words,
    zones,
)
from stimsafe.knowledge.loader import read_data

# file -> (the top-level keys it may hold besides version/sources, the loaders that validate them)
SCHEMA: dict[str, tuple[set[str], tuple[Callable[[], Any], ...]]] = {
    "anchors.yaml": ({"anchors", "evidence"}, (anchors.load_anchors, anchors.load_evidence)),
    "background_rates.yaml": ({"conditions"}, (background.background_rates,)),
    "conditions.yaml": ({"conditions"}, (conditions.load_conditions,)),
    "demo.yaml": ({"device", "profile", "plan"}, (api.demo_inputs,)),
    "devices.yaml": ({"devices", "class_ranges"}, (devices.load_devices, devices.load_class_ranges)),
    "evidence.yaml": ({"studies"}, (evidence.load_studies,)),
    "gaps.yaml": ({"gaps"}, (gaps.load_gaps,)),
    "guidance.yaml": ({"points"}, (guidance.load_guidance,)),
    "limits.yaml": (
        {"limits", "ranges", "thermal"},
        (limits.load_limits, limits.load_ranges, limits.load_thermal_limits),
    ),
    "screening_rules.yaml": ({"rules"}, (rules.load_rules,)),
    "tissues.yaml": ({"tissues"}, (tissues.load_tissues,)),
    "triage_rules.yaml": (
        {"signs", "defaults", "rules", "unsure", "unanswered", "fallback", "about_cause", "disclaimers"},
        (triage.load_triage_rules,),
    ),
    "triage_words.yaml": (
        {
            "clause_breaks",
            "doubt",
            "hedges",
            "history",
            "present",
            "not_context",
            "not_negation",
            "hypothetical",
            "resolved",
            "resolved_needs",
            "ended",
            "ended_denied",
            "ended_carry",
            "ended_signs",
            "contractions",
            "onset_phrases",
            "signs",
        },
        (triage_words.load_lexicon,),
    ),
    "zones.yaml": ({"zones", "forbidden_sites"}, (zones.load_zones, zones.load_forbidden_sites)),
}
CITING_KEYS = ("source_ids", "sources")  # below the top level, "sources" is a list of ids


# files whose rows may also cite another file's sources (said in the file's header comment)
ALSO_CITES = {"triage_words.yaml": ("triage_rules.yaml",)}


def _data_files() -> set[str]:
    folder = resources.files("stimsafe.knowledge.data")
    return {p.name for p in folder.iterdir() if p.name.endswith((".yaml", ".yml"))}


def test_every_data_file_has_a_schema() -> None:
    assert _data_files() == set(SCHEMA)


@pytest.mark.parametrize("name", sorted(SCHEMA))
def test_top_level_keys_are_known(name: str) -> None:
    keys, _ = SCHEMA[name]
    present = set(read_data(name)) - {"version", "sources"}
    assert present == keys, (
        f"{name}: keys {sorted(present - keys)} have no schema here, {sorted(keys - present)} are gone; list each new key "
        "in SCHEMA above with the loader that validates it"
    )


@pytest.mark.parametrize("name", sorted(SCHEMA))
def test_every_row_validates_against_its_schema(name: str) -> None:
    for load in SCHEMA[name][1]:
        assert load() is not None  # a KnowledgeError names the file, row and field


def _cited(node: Any) -> Iterator[str]:
    """Every source id cited under ``node`` (lists of ids under ``source_ids`` or ``sources``, at any depth)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in CITING_KEYS and isinstance(value, list) and all(isinstance(v, str) for v in value):
                yield from value
            else:
                yield from _cited(value)
    elif isinstance(node, list):
        for item in node:
            yield from _cited(item)


@pytest.mark.parametrize("name", sorted(n for n in SCHEMA if "sources" in read_data(n)))
def test_every_fact_cites_a_source_that_exists(name: str) -> None:
    data = read_data(name)
    known = [Source.model_validate(s).id for s in data["sources"]]
    assert len(known) == len(set(known)), f"{name}: duplicate source ids"
    known += [Source.model_validate(s).id for other in ALSO_CITES.get(name, ()) for s in read_data(other)["sources"]]
    body = {k: v for k, v in data.items() if k != "sources"}
    unknown = sorted(set(_cited(body)) - set(known))
    assert unknown == [], f"{name} cites source ids it does not define: {unknown}"


@pytest.mark.parametrize("name", sorted(n for n in SCHEMA if "sources" in read_data(n)))
def test_every_source_can_be_found(name: str) -> None:
    for raw in read_data(name)["sources"]:
        source = Source.model_validate(raw)
        assert source.url or source.note, f"{name}: source {source.id} has neither an address nor a note"


def test_a_bad_source_id_is_refused_with_file_and_field(monkeypatch: pytest.MonkeyPatch) -> None:
    from stimsafe.domain.evidence import Study
    from stimsafe.errors import KnowledgeError
    from stimsafe.knowledge import loader

    raw = dict(read_data("evidence.yaml"))
    first = dict(raw["studies"][0], source_ids=["no-such-source"])
    fake = {**raw, "studies": [first]}
    monkeypatch.setattr(loader, "read_data", lambda name: fake)
    with pytest.raises(KnowledgeError) as caught:
        loader.load_cited_rows("evidence.yaml", "studies", Study)
    assert caught.value.field == "sources" and caught.value.value == "no-such-source"
    assert "evidence.yaml: studies[0]" in (caught.value.location or "")
