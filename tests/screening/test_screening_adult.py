"""Profiles answer "Are you 18 or older?" when no exact age is given (device labels: not for under 18)."""

from __future__ import annotations

import pytest

from stimsafe import api
from stimsafe.errors import InputError
from stimsafe.knowledge.profiles import parse_profile


@pytest.mark.parametrize(
    ("written", "read"),
    [("yes", "yes"), ("no", "no"), ("not sure", "unknown"), ("unknown", "unknown"), (None, "unknown"), (True, "yes")],
)
def test_adult_answers_are_read_as_written(written: object, read: str) -> None:
    assert parse_profile({"adult": written}).adult == read


def test_an_exact_age_that_contradicts_the_adult_answer_is_refused_naming_the_field() -> None:
    with pytest.raises(InputError) as error:
        parse_profile({"age": 16, "adult": "yes"}, location="me.yaml")
    assert error.value.field == "adult" and error.value.location == "me.yaml"


def test_nonsense_for_adult_is_refused_with_the_accepted_answers() -> None:
    with pytest.raises(InputError) as error:
        parse_profile({"adult": "nope"})
    assert error.value.field == "adult" and "yes, no or unknown" in error.value.message


def test_an_adult_without_an_exact_age_gets_the_plan_and_no_age_question(tmp_path) -> None:
    path = tmp_path / "p.yaml"
    answers = "\n".join(f"  {c.id}: no" for c in api.list_conditions())
    path.write_text(f"adult: yes\nconditions:\n{answers}\n", encoding="utf-8")
    report = api.assess("nuface-trinity", path, {"zones": ["cheek"]})
    assert [z["status"] for z in report.data["zones"]] == ["allowed"]
    assert not any("under-18" in f.id for f in report.findings())


@pytest.mark.parametrize(
    ("written", "condition"),
    [("pregnant", "pregnancy"), ("nursing", "breastfeeding"), ("seizures", "epilepsy"), ("Bell's palsy", "bells_palsy"),
     ("nerve damage", "facial_nerve_damage"), ("drooping eyelid", "ptosis"), ("eczema", "eczema_flare"),
     ("cochlear implant", "implanted_device"), ("metal plate", "metal_implant"), ("thyroid", "thyroid_disease")],
)  # fmt: skip
def test_profile_files_may_use_everyday_words_for_a_question(written: str, condition: str) -> None:
    assert parse_profile({"conditions": {written: "yes"}}).answer(condition) == "yes"


def test_an_ambiguous_word_is_refused_with_the_choices() -> None:
    from stimsafe.errors import NotFoundError

    with pytest.raises(NotFoundError) as error:
        parse_profile({"conditions": {"implant": "yes"}})
    assert "metal implant" in (error.value.hint or "") and "implanted device" in (error.value.hint or "")


def test_two_words_for_one_question_must_agree() -> None:
    with pytest.raises(InputError) as error:
        parse_profile({"conditions": {"pregnant": "yes", "pregnancy": "no"}}, location="p.yaml")
    assert error.value.field == "conditions.pregnancy"
    assert parse_profile({"conditions": {"pregnant": "yes", "pregnancy": "yes"}}).answer("pregnancy") == "yes"
