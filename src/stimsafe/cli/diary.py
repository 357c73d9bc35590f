"""``stimsafe diary``: record sessions and symptoms, show the diary, export/import JSON, FHIR and MedWatch drafts.

Every subcommand takes ``--db PATH`` (default: the platform's user data directory) or ``--user NAME``.
Files are written atomically (a temporary file, then a rename), so a failure never leaves half a file.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

from stimsafe.cli.output import Format, FormatOption, emit
from stimsafe.cli.triage import parse_now
from stimsafe.errors import DataFileError, InputError

diary_app = typer.Typer(help="Your diary of sessions and symptoms (SQLite, on this machine).", no_args_is_help=True)

Db = Annotated[
    Path | None, typer.Option("--db", help="Diary file (SQLite, made by stimsafe) [default: in your user data folder].")
]
User = Annotated[str | None, typer.Option("--user", help="Use this user's default diary.")]
Now = Annotated[str | None, typer.Option("--now", help="Pretend the time is this (ISO with timezone).")]


def write_text(text: str, out: Path | None) -> None:
    """Write ``text`` to ``out`` atomically, or to stdout when ``out`` is None or ``-``."""
    if out is None or str(out) == "-":
        sys.stdout.write(text)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    typer.echo(f"wrote {out}", err=True)


@diary_app.command("add-session")
def add_session(
    *,
    device: Annotated[str, typer.Option("--device", help="Device id, e.g. nuface-mini.")],
    zone: Annotated[list[str] | None, typer.Option("--zone", help="Zone id; repeat for several.")] = None,
    level: Annotated[str | None, typer.Option("--level", help="Intensity level as the device shows it.")] = None,
    duration: Annotated[str | None, typer.Option("--duration", help="How long, e.g. '5 min'.")] = None,
    at: Annotated[str, typer.Option("--at", help="When it started: ISO with timezone, or '2h ago'.")] = "now",
    note: Annotated[str | None, typer.Option("--note", help="Free text.")] = None,
    db: Db = None,
    user: User = None,
    now: Now = None,
) -> None:
    """Record a session: device, zones, level, duration and start time."""
    from stimsafe import api

    record = api.diary_add_session(
        db,
        user=user,
        device_id=device,
        zones=zone or [],
        level=level,
        duration=duration,
        started_at=at,
        note=note,
        now=parse_now(now),
    )
    typer.echo(record.id)


@diary_app.command("add-symptom")
def add_symptom(
    *,
    kind: Annotated[str, typer.Option("--kind", help="Main sign id (see 'stimsafe triage --list-signs').")],
    onset: Annotated[
        str | None,
        typer.Option("--onset", help="When it started: ISO with timezone, or '3h ago'; leave out if you do not know."),
    ] = None,
    side: Annotated[str | None, typer.Option("--side", help="left, right, both or unsure.")] = None,
    development: Annotated[str | None, typer.Option("--development", help="minutes, hours, days or unsure.")] = None,
    sign: Annotated[list[str] | None, typer.Option("--sign", help="Another sign id; repeat for several.")] = None,
    no: Annotated[
        list[str] | None,
        typer.Option("--no", help="A warning sign you checked and do not have; repeat. Left out: unknown, not no."),
    ] = None,
    text: Annotated[str | None, typer.Option("--text", help="What you noticed, in your words.")] = None,
    photo: Annotated[list[Path] | None, typer.Option("--photo", help="A photo file (kept by path and hash).")] = None,
    db: Db = None,
    user: User = None,
    now: Now = None,
) -> None:
    """Record a symptom; run 'stimsafe triage' for what to do about it."""
    from stimsafe import api

    record = api.diary_add_symptom(
        db,
        user=user,
        kind=kind,
        onset=onset,
        side=side,
        development=development,
        signs=sign or [],
        no=no or [],
        text=text,
        photos=photo or [],
        now=parse_now(now),
    )
    typer.echo(record.id)


@diary_app.command("show")
def show(
    *,
    fmt: FormatOption = Format.text,
    db: Db = None,
    user: User = None,
    now: Now = None,
) -> None:
    """Show the diary: sessions, and each symptom with its tier, 72-hour window and timeline."""
    from stimsafe import api

    emit(api.diary_report(db, user=user, now=parse_now(now)), fmt)


@diary_app.command("export")
def export(
    out: Annotated[Path | None, typer.Argument(help="File to write; '-' or nothing for stdout.")] = None,
    *,
    db: Db = None,
    user: User = None,
) -> None:
    """Export the diary as JSON (import it back with 'stimsafe diary import')."""
    from stimsafe import api

    write_text(json.dumps(api.diary_export(db, user=user), indent=2, ensure_ascii=False) + "\n", out)


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"Cannot read the file: {error.strerror}.", location=str(path)) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise DataFileError(f"Not valid JSON: {error}.", location=str(path), hint="Use an export file.") from None


@diary_app.command("import")
def import_(
    path: Annotated[
        Path, typer.Argument(help="A JSON file written by 'stimsafe diary export', e.g. examples/diary-export.json.")
    ],
    *,
    db: Db = None,
    user: User = None,
) -> None:
    """Import an export, all or nothing; records already present are skipped."""
    from stimsafe import api

    counts = api.diary_import(_load_json(path), db, user=user, location=str(path))
    typer.echo(json.dumps(counts))


@diary_app.command("fhir")
def fhir(
    out: Annotated[Path | None, typer.Argument(help="File to write; '-' or nothing for stdout.")] = None,
    *,
    db: Db = None,
    user: User = None,
    now: Now = None,
) -> None:
    """Export the diary as a FHIR R4B Bundle (JSON) for a clinician's system."""
    from stimsafe import api

    bundle = api.diary_fhir(db, user=user, now=parse_now(now))
    write_text(json.dumps(bundle, indent=2, ensure_ascii=False) + "\n", out)


@diary_app.command("medwatch")
def medwatch(
    symptom: Annotated[str, typer.Argument(help="The symptom id (see 'stimsafe diary show --format json').")],
    *,
    db: Db = None,
    user: User = None,
    now: Now = None,
) -> None:
    """Print a pre-filled FDA MedWatch consumer report (3500B) draft for one symptom, ready to paste."""
    from stimsafe import api

    typer.echo(api.diary_medwatch(symptom, db, user=user, now=parse_now(now)), nl=False)


def register(app: typer.Typer) -> None:
    """Add ``diary`` to the ``stimsafe`` command."""
    app.add_typer(diary_app, name="diary")
