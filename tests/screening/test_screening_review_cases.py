"""Screening cases in everyday words, as a person would fill a profile and a plan, each with the outcome its source
requires (at least as strict; per zone where the source is zone-specific).

Written from ../shared/facts/press_2025_article.md (``press-2025``: "avoid using such devices altogether" after past
nerve damage; avoid them when "pregnant or breastfeeding", with "a pacemaker or other implanted medical devices
(avoid going over that area)", with "active inflammatory or infectious skin conditions like acne, eczema or psoriasis
flare-ups"; seizures or neurological conditions: "check with their neurologist"; "a lower setting" around the eyes,
over the thyroid and near the ears) and from the labelling in devices_regulatory.md §3 (NuFACE Mini manual: epilepsy
or seizures, implanted electronic devices, pregnancy, active cancer, recent surgery, children under 18; standard
stimulator warnings: never over the front of the neck, the eyes, across the chest; EMS labelling: not over the
neck) and wave2_addendum.md §1 (the article's device names). The cases were written before reading the rule data;
each runs through ``stimsafe.api.assess`` and through ``stimsafe assess`` with profile and plan files.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from stimsafe import api
from stimsafe.cli.main import main
from stimsafe.errors import InputError, StimsafeError
from stimsafe.report.model import Report

STRICT = {"DO NOT USE": 0, "ASK A CLINICIAN FIRST": 1, "USE WITH CARE": 2, "INFO": 3}
FACE = ["forehead", "cheek", "eyes", "jawline", "ears", "neck", "lips"]
ARTICLE = "press-2025"
LABEL = "nuface-mini-manual"  # NuFACE Mini user manual, devices_regulatory.md §3.1


@dataclass(frozen=True)
class Case:
    """What the person wrote (``words``: a condition key, answered yes), and what the source requires."""

    id: str
    words: str
    condition: str  # the question those words must be read as
    at_least: str  # the verdict must be this strict or stricter
    source: str  # a finding at that tier or stricter must cite it
    blocked: tuple[str, ...] = ()  # zones that must not be allowed (empty: every zone, when at_least blocks)
    open_zones: tuple[str, ...] = ()  # zones a zone-limited answer must leave allowed (no over-reading)
    age: dict[str, Any] = field(default_factory=lambda: {"adult": "yes"})


CASES = [
    Case("7-months-pregnant", "I'm 7 months pregnant", "pregnancy", "DO NOT USE", ARTICLE),
    Case("expecting", "expecting a baby", "pregnancy", "DO NOT USE", ARTICLE),
    Case("nursing", "nursing my baby", "breastfeeding", "DO NOT USE", ARTICLE),
    Case("breast-feeding", "Breast-feeding", "breastfeeding", "DO NOT USE", ARTICLE),
    Case("pacemaker", "I have a pacemaker", "pacemaker", "DO NOT USE", ARTICLE),
    Case("cochlear", "cochlear implant (left ear)", "implanted_device", "DO NOT USE", LABEL),
    Case("defibrillator", "implanted defibrillator", "implanted_device", "DO NOT USE", LABEL),
    Case("bells-5y", "I had Bell's palsy 5 years ago", "bells_palsy", "DO NOT USE", ARTICLE),
    Case("bell-palsy-teen", "bell palsy as a teenager", "bells_palsy", "DO NOT USE", ARTICLE),
    Case("nerve-damage", "nerve damage after wisdom tooth surgery", "facial_nerve_damage", "DO NOT USE", ARTICLE),
    Case("ramsay-hunt", "Ramsay Hunt syndrome in 2019", "facial_nerve_damage", "DO NOT USE", ARTICLE),
    Case("droopy-eyelid", "droopy eyelid", "ptosis", "ASK A CLINICIAN FIRST", ARTICLE),
    Case("ptosis", "ptosis on the right", "ptosis", "ASK A CLINICIAN FIRST", ARTICLE),
    Case("droopy-left-eye", "droopy left eye", "ptosis", "ASK A CLINICIAN FIRST", ARTICLE),
    Case("epilepsy", "epilepsy", "epilepsy", "ASK A CLINICIAN FIRST", ARTICLE),
    Case("seizures-child", "had seizures as a child", "epilepsy", "ASK A CLINICIAN FIRST", ARTICLE),
    Case("ms", "MS", "neurological_condition", "ASK A CLINICIAN FIRST", ARTICLE),
    Case("parkinsons", "Parkinson's disease", "neurological_condition", "ASK A CLINICIAN FIRST", ARTICLE),
    Case("migraines", "migraines", "neurological_condition", "ASK A CLINICIAN FIRST", ARTICLE),
    Case("psoriasis", "psoriasis flare", "psoriasis_flare", "DO NOT USE", ARTICLE),
    Case(
        "eczema-cheek",
        "eczema flare on my cheek",
        "eczema_flare",
        "USE WITH CARE",
        ARTICLE,
        blocked=("cheek",),
        open_zones=("forehead", "jawline"),
    ),
    Case(
        "acne-chin",
        "active acne on the chin",
        "acne_flare",
        "USE WITH CARE",
        ARTICLE,
        blocked=("jawline",),
        open_zones=("forehead", "cheek"),
    ),
    Case(
        "metal-jaw",
        "metal plate in my jaw",
        "metal_implant",
        "USE WITH CARE",
        ARTICLE,
        blocked=("jawline",),
    ),
    Case("skin-cancer", "skin cancer on my nose", "cancer", "DO NOT USE", LABEL),
    Case("facelift", "facelift last month", "recent_surgery", "ASK A CLINICIAN FIRST", LABEL),
    Case("thyroid", "thyroid problems", "thyroid_disease", "USE WITH CARE", ARTICLE, blocked=("neck",)),
    Case("age-16", "", "", "DO NOT USE", LABEL, age={"age": "16"}),
    Case("im-17", "", "", "DO NOT USE", LABEL, age={"age": "I'm 17"}),
    Case("under-18-no", "", "", "DO NOT USE", LABEL, age={"adult": "no"}),
    Case("under-18-words", "", "", "DO NOT USE", LABEL, age={"adult": "I'm under 18"}),
    Case(
        "pins-and-needles",
        "pins and needles in my cheek",
        "reduced_sensation",
        "USE WITH CARE",
        "tens-sensation",  # TENS labelling: not over skin that lacks normal sensation (devices_regulatory.md §3.3)
        blocked=("cheek",),
        open_zones=("forehead",),
    ),
    Case("hearing-aid", "hearing aid", "body_worn_device", "ASK A CLINICIAN FIRST", LABEL),
    Case(
        "cold-sore-lip",
        "cold sore on my lip",
        "broken_skin",
        "USE WITH CARE",
        "tens-otc-warnings",
        blocked=("lips",),
        open_zones=("forehead",),
    ),
]


def _profile(case: Case) -> dict[str, Any]:
    """Every other question answered no, as a careful person would; the case's own words answered yes."""
    answers: dict[str, Any] = {c.id: "no" for c in api.list_conditions() if c.id != case.condition}
    if case.words:
        answers[case.words] = "yes"
    return {**case.age, "conditions": answers}


def _fired(report: Report) -> list[dict[str, Any]]:
    return [f for f in report.data["findings"] if f["status"] == "fires"]


def _statuses(report: Report) -> dict[str, str]:
    return {z["zone"]: z["status"] for z in report.data["zones"]}


def _check(case: Case, report: Report) -> None:
    data = report.data
    assert STRICT[data["verdict"]] <= STRICT[case.at_least], (case.id, data["verdict"])
    if case.condition:
        assert data["profile"]["conditions"][case.condition]["answer"] == "yes", case.id
    serious = [f for f in _fired(report) if STRICT[f["tier"]] <= STRICT[case.at_least]]
    assert any(case.source in f["source_ids"] for f in serious), (case.id, [f["rule_id"] for f in serious])
    statuses = _statuses(report)
    blocked = case.blocked or (tuple(FACE) if STRICT[case.at_least] <= 1 else ())
    assert all(statuses[z] != "allowed" for z in blocked), (case.id, statuses)
    assert all(statuses[z] == "allowed" for z in case.open_zones), (case.id, statuses)
    if STRICT[case.at_least] <= 1:
        assert data["can_start"] is False, case.id


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_everyday_words_get_at_least_what_the_source_requires(case: Case) -> None:
    _check(case, api.assess("nuface-trinity", _profile(case), {"zones": FACE, "level": 1}))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_same_case_through_profile_and_plan_files(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile, plan = tmp_path / "me.yaml", tmp_path / "plan.yaml"
    profile.write_text(yaml.safe_dump(_profile(case), allow_unicode=True), encoding="utf-8")
    plan.write_text("zones: [forehead, cheeks, around the eyes, jaw line, near the ears, neck, lips]\nlevel: 1\n")
    code = main(["assess", "-d", "NuFACE Trinity", "-p", str(profile), "--plan", str(plan), "-f", "json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    _check(case, Report.model_validate(data))


# --- plans: zones, amplitudes and minutes in everyday words ---------------------------------------------------

ALL_NO = {"adult": "yes", "conditions": {c.id: "no" for c in api.list_conditions()}}


@pytest.mark.parametrize(
    ("zone", "amplitude"),
    [("around the eyes", "400 uA"), ("under my eyes", "0.4 mA"), ("neck", "300 µA"), ("near the ear", "300 microamps")],
)
def test_the_article_s_lower_setting_zones_never_get_the_planned_strength(zone: str, amplitude: str) -> None:
    """press-2025: 'a lower setting' around the eyes, over the thyroid (on the neck) and near the ears."""
    report = api.assess("nuface-trinity", ALL_NO, {"zones": [zone], "amplitude": amplitude})
    (row,) = report.data["zones"]
    assert row["status"] != "allowed" or "lowest" in row["level"], row
    assert STRICT[report.data["verdict"]] <= STRICT["USE WITH CARE"]
    zone_findings = [f for f in _fired(report) if row["zone"] in f["zones"] and ARTICLE in f["source_ids"]]
    assert zone_findings, [f["rule_id"] for f in _fired(report)]


@pytest.mark.parametrize(
    "zone", ["throat", "thyroid", "over the thyroid", "front of my neck", "temples", "eyelids", "chest", "my eyeball"]
)
def test_sites_never_to_stimulate_are_refused_naming_the_field(zone: str) -> None:
    """Stimulator standards: not over the front of the neck, the eyes or across the chest; NuFACE: not the temples."""
    with pytest.raises(InputError) as caught:
        api.assess("nuface-trinity", ALL_NO, {"zones": ["cheek", zone], "level": 1})
    assert caught.value.field == "plan.zones" and "not a zone you may stimulate" in caught.value.message


def test_a_refused_site_in_a_plan_file_fails_the_command_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("zones: [cheeks, over the thyroid]\nlevel: 1\n", encoding="utf-8")
    assert main(["assess", "-d", "trinity", "-p", str(_write(tmp_path, ALL_NO)), "--plan", str(plan)]) != 0
    err = capsys.readouterr().err
    assert "over the thyroid" in err and "plan.zones" in err


@pytest.mark.parametrize(
    ("device", "why"),
    [("Foreo Bear", "ems-neck"), ("Medicube Booster Pro", "ems-neck"), ("TheraFace Pro", "neck-not-cleared")],
)
def test_the_neck_is_excluded_for_ems_devices_and_devices_not_cleared_for_it(device: str, why: str) -> None:
    """EMS labelling: not over the neck (airway spasm); a device whose clearance does not name the neck."""
    report = api.assess(device, ALL_NO, {"zones": ["cheek", "neck"], "level": 1})
    assert _statuses(report)["neck"] == "excluded"
    assert why in [f["rule_id"] for f in _fired(report)]


@pytest.mark.parametrize("name", ["Foreo Bear", "Ziip Halo", "TheraFace Pro", "NuFACE Trinity", "Medicube Booster Pro"])
def test_the_article_s_device_names_are_understood(name: str) -> None:
    words = name.lower().split()
    assert all(w in api.get_device(name).name.lower() for w in words[1:])


def test_a_professional_strength_current_is_refused_for_an_at_home_device() -> None:
    """press-2025: at home 200-400 microamps, professional up to 800; Trinity's 510(k): at most 400 uA."""
    with pytest.raises(InputError) as caught:
        api.assess("nuface-trinity", ALL_NO, {"zones": ["cheek"], "amplitude": "800 microamps"})
    assert caught.value.field == "plan.amplitude"


def test_minutes_per_zone_above_the_labelled_session_time_is_flagged() -> None:
    """TheraFace PRO FAQ: each facial treatment at most 8 min; 2 zones x 10 min is above it."""
    report = api.assess(
        "TheraFace Pro", ALL_NO, {"zones": ["cheek", "forehead"], "level": 1, "minutes_per_zone": "10 min"}
    )
    text = json.dumps(report.model_dump(), ensure_ascii=False)
    assert "20 min (2 zones x 10 min)" in text and "keep to 8 min" in text
    assert report.data["verdict"] != "INFO"


# --- unanswered is never "no" -----------------------------------------------------------------------------------


def test_a_profile_that_answers_only_one_question_cannot_start() -> None:
    report = api.assess("nuface-trinity", {"age": 30, "conditions": {"pregnant": "no"}}, {"zones": ["cheek"]})
    assert report.data["can_start"] is False and STRICT[report.data["verdict"]] <= STRICT["ASK A CLINICIAN FIRST"]
    unknown = {q for f in report.data["findings"] if f["status"] == "unknown" for q in f["unknown"]}
    assert {"pacemaker", "epilepsy", "breastfeeding", "bells_palsy"} <= unknown


@pytest.mark.parametrize("adult", ["not sure", "not sure if I'm 18", "don't know"])
def test_not_sure_about_being_18_holds_every_zone(adult: str) -> None:
    report = api.assess("nuface-trinity", {**ALL_NO, "adult": adult}, {"zones": ["cheek", "forehead"]})
    assert report.data["profile"]["adult"] == "unknown" and report.data["can_start"] is False
    assert set(_statuses(report).values()) == {"on hold"}


def test_a_list_of_what_I_have_is_read_as_yes_to_each() -> None:
    report = api.assess(
        "nuface-trinity", {"adult": "yes", "conditions": ["pregnant", "eczema on my cheek"]}, {"zones": ["cheek"]}
    )
    answers = report.data["profile"]["conditions"]
    assert answers["pregnancy"]["answer"] == "yes" and answers["eczema_flare"]["zones"] == ["cheek"]
    assert report.data["verdict"] == "DO NOT USE"


@pytest.mark.parametrize("words", ["not pregnant", "no pacemaker", "never had epilepsy"])
def test_a_question_named_with_its_own_no_is_refused_not_guessed(words: str) -> None:
    with pytest.raises(InputError) as caught:
        api.assess("nuface-trinity", {"adult": "yes", "conditions": {words: "yes"}}, {"zones": ["cheek"]})
    assert caught.value.field == f"conditions.{words}" and ": no" in (caught.value.hint or "")


def test_a_control_with_every_answer_no_is_not_over_read() -> None:
    report = api.assess("nuface-trinity", ALL_NO, {"zones": ["cheek", "jawline"], "level": 1})
    assert report.data["can_start"] is True and set(_statuses(report).values()) == {"allowed"}


# --- the wording of every finding -------------------------------------------------------------------------------

_CLAIM = re.compile(r"\b(caused|cannot cause|can't cause|does not cause|will not cause|won't cause)\b", re.I)
_SAFE = re.compile(r"\b(is|are) safe\b", re.I)


def _claims(text: str) -> list[str]:
    """Causal claims, and 'is safe' unless it is denied just before ('not proof that it is safe')."""
    found = [m.group(0) for m in _CLAIM.finditer(text)]
    found += [
        m.group(0) for m in _SAFE.finditer(text) if not re.search(r"\bnot\b", text[max(0, m.start() - 30) : m.start()])
    ]
    return found


_QUANTITY = re.compile(r"(?<![\w.-])(\d+(?:\.\d+)?)\s*(µA|uA|mA|A|min|ms|s|Hz|kHz|mm|cm|V|°C)(?![\w/])")


def _significant(number: str) -> int:
    digits = number.replace(".", "").lstrip("0")
    return len(digits.rstrip("0")) if "." not in number else len(digits)


def _reports() -> list[Report]:
    out = [api.assess("nuface-trinity", _profile(c), {"zones": FACE, "level": 1}) for c in CASES]
    for device in ("Foreo Bear", "Ziip Halo", "TheraFace Pro", "medicube-booster-pro"):
        out.append(api.assess(device, ALL_NO, {"zones": ["cheek", "eyes", "ears"], "level": 1}))
    return out


def test_every_finding_cites_sources_the_report_carries_and_claims_no_cause() -> None:
    for report in _reports():
        carried = {s.id for s in report.sources}
        for finding in report.findings():
            assert finding.source_ids, (report.title, finding.id)
            assert set(finding.source_ids) <= carried, (report.title, finding.id)
            text = f"{finding.title}. {finding.reason} {finding.action or ''}"
            assert not _claims(text), (finding.id, _claims(text))


def test_every_quantity_in_a_finding_has_a_unit_and_at_most_3_significant_figures() -> None:
    for report in _reports():
        for finding in report.findings():
            text = f"{finding.reason} {finding.action or ''}"
            for number, unit in _QUANTITY.findall(text):
                assert _significant(number) <= 3, (finding.id, number, unit)
            assert not re.search(r"\d\.\d{4,}", text), (finding.id, text)


def _write(tmp_path: Path, profile: dict[str, Any]) -> Path:
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(profile), encoding="utf-8")
    return path


def test_errors_from_everyday_words_name_the_field_value_and_a_fix() -> None:
    with pytest.raises(StimsafeError) as caught:
        api.assess("nuface-trinity", {"conditions": {"implant": "yes"}}, {"zones": ["cheek"]})
    assert caught.value.field == "conditions.implant" and "metal implant" in (caught.value.hint or "")
