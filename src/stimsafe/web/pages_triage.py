"""Pages for triage ("I noticed something") and the diary. Emergencies are shown first, in a box of their own."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from stimsafe.errors import StimsafeError
from stimsafe.web import security
from stimsafe.web.render import page, report_page
from stimsafe.web.routes_triage import diary_path

router = APIRouter(include_in_schema=False)

GROUP_TITLES = {
    "red_flag": "Warning signs: anything new and sudden?",
    "face": "Your face",
    "onset": "How did it come on?",
    "skin": "Your skin where the device touched",
    "mild": "Anything else",
}
ONSET_CHOICES = (
    ("", "I don't know"),
    ("now", "Just now"),
    ("1h ago", "About 1 hour ago"),
    ("3h ago", "About 3 hours ago"),
    ("12h ago", "About 12 hours ago"),
    ("1d ago", "Yesterday (about 24 hours ago)"),
    ("2d ago", "2 days ago"),
    ("3d ago", "3 days ago"),
    ("5d ago", "5 days ago or more"),
)
SIDES = ("left", "right", "both", "unsure")
_CSRF = [Depends(security.verify_csrf)]


FLAG_ANSWERS = (("yes", "Yes"), ("no", "No"), ("unsure", "Not sure"))
_FLAG = "flag-"  # form field of a warning sign: flag-<sign id> = yes | no | unsure


def _groups() -> list[tuple[str, str, list[dict[str, str]]]]:
    from stimsafe import api

    grouped: dict[str, list[dict[str, str]]] = {}
    for sign in api.triage_signs():
        grouped.setdefault(sign["group"], []).append(sign)
    return [(g, GROUP_TITLES.get(g, g), signs) for g, signs in grouped.items()]


def _flag_answers(form: Mapping[str, Any]) -> dict[str, str]:
    """The warning signs answered on the form (``flag-<id>`` radios): ``{id: yes|no|unsure}``; unanswered ones
    are left out, so the triage reads them as unknown, never as "no"."""
    from stimsafe import api

    flags = (s["id"] for s in api.triage_signs() if s["group"] == "red_flag")
    return {sign: answer for sign in flags if (answer := str(form.get(_FLAG + sign, ""))) in ("yes", "no", "unsure")}


_LIMITS = {"onset": 64, "onset_words": 64, "side": 10, "note": 2000}


def _values(form: Any) -> dict[str, Any]:
    """Everything the person entered, as the form shows it again (kept on any error)."""
    # kept one character past the limit, so the check below can say it is too long (and still show it back)
    values: dict[str, Any] = {name: str(form.get(name, ""))[: limit + 1] for name, limit in _LIMITS.items()}
    values["signs"] = [str(v)[:64] for v in form.getlist("signs")[:100]]
    values["flags"] = _flag_answers(form)
    return values


def _answers(values: Mapping[str, Any]) -> dict[str, Any]:
    from stimsafe.errors import InputError

    for name, limit in _LIMITS.items():
        if len(values[name]) > limit:
            raise InputError("The answer is too long.", field=name, location="form", hint=f"Keep it under {limit}.")
    flags = values["flags"]
    answers = {
        "signs": [*values["signs"], *(s for s, a in flags.items() if a == "yes")],
        "unsure": [s for s, a in flags.items() if a == "unsure"],
        "answers": {s: "no" for s, a in flags.items() if a == "no"},
        "onset": values["onset_words"].strip() or values["onset"] or None,
        "side": values["side"] or None,
        "note": values["note"].strip() or None,
    }
    return {k: v for k, v in answers.items() if v}


def _triage_form(
    request: Request, err: dict[str, Any] | None = None, status_code: int = 200, values: dict[str, Any] | None = None
) -> HTMLResponse:
    context = {
        "groups": _groups(),
        "flag_answers": FLAG_ANSWERS,
        "onsets": ONSET_CHOICES,
        "sides": SIDES,
        "err": err,
        "values": values or {"signs": [], "flags": {}},
    }
    return page(request, "triage.html", context, status_code=status_code)


@router.get("/triage", response_class=HTMLResponse)
def triage_form(request: Request) -> Response:
    """The symptom questions, warning signs first."""
    return _triage_form(request)


@router.post("/triage", dependencies=_CSRF)
async def triage(request: Request) -> Response:
    """The triage report, the emergency instruction first when there is one.

    Each warning sign is answered yes, no or not sure; "not sure" is read as "yes", and a warning sign left
    unanswered is unknown (never "no"): the report leads with it and is never SELF-CARE. The text box is read for
    warning signs. On any error the form comes back with every answer kept and the error named.
    """
    from stimsafe import api

    values = _values(await request.form())
    try:
        report = api.triage(_answers(values), location="form")
    except StimsafeError as error:
        return _triage_form(request, error.to_dict(), status_code=error.http_status, values=values)
    return report_page(request, report, back_href="/triage", back_label="Answer again")


Diary = Annotated[Path, Depends(diary_path)]


@router.get("/diary", response_class=HTMLResponse)
def diary(request: Request, db: Diary) -> Response:
    """My diary: the report, and forms to add a session or a symptom."""
    from stimsafe import api

    report = api.diary_report(db)
    numbers = {s.id: i for i, s in enumerate(report.sources, start=1)}
    context = {
        "report": report,
        "numbers": numbers,
        "signs": api.triage_signs(),
        "sides": SIDES,
        "onsets": ONSET_CHOICES,
    }
    return page(request, "diary.html", context)


@router.post("/diary/sessions", dependencies=_CSRF)
def add_session(
    db: Diary,
    *,
    device_id: Annotated[str, Form(min_length=1, max_length=100)],
    zones: Annotated[list[str], Form(max_length=20)] = [],  # noqa: B006
    level: Annotated[str, Form(max_length=20)] = "",
    duration: Annotated[str, Form(max_length=32)] = "",
    started_at: Annotated[str, Form(max_length=64)] = "now",
) -> Response:
    """Record a session, then back to the diary."""
    from stimsafe import api

    api.diary_add_session(db, device_id=device_id, zones=zones, level=level or None, duration=duration or None,
                          started_at=started_at or "now")  # fmt: skip
    return RedirectResponse("/diary", status_code=303)


@router.post("/diary/symptoms", dependencies=_CSRF)
def add_symptom(
    db: Diary,
    kind: Annotated[str, Form(min_length=1, max_length=64)],
    onset: Annotated[str, Form(max_length=64)] = "",
    side: Annotated[str, Form(max_length=10)] = "",
    text: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Record a symptom, then back to the diary. "I don't know" (empty) is stored as an unknown onset."""
    from stimsafe import api

    api.diary_add_symptom(db, kind=kind, onset=onset or None, side=side or None, text=text or None)
    return RedirectResponse("/diary", status_code=303)


@router.get("/diary/export.json")
def export(db: Diary) -> Response:
    """Download my diary as JSON."""
    from stimsafe import api

    headers = {"content-disposition": 'attachment; filename="stimsafe-diary.json"'}
    return JSONResponse(api.diary_export(db), headers=headers)
