"""Reading packaged data files and validating them into typed models.

A packaged data file is YAML with a top-level mapping. By convention it has a ``sources`` list of
:class:`~stimsafe.domain.source.Source` records, referred to by id from its rows. Failures are
:class:`~stimsafe.errors.KnowledgeError`: a bug in stimsafe's own data, reported with the file and the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from stimsafe.domain.source import Source
from stimsafe.errors import KnowledgeError

M = TypeVar("M", bound=BaseModel)

_PACKAGE = "stimsafe.knowledge.data"


@cache
def read_data(name: str) -> Mapping[str, Any]:
    """Parse the packaged data file ``knowledge/data/<name>`` (YAML) into a mapping; cached per process."""
    try:
        text = resources.files(_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KnowledgeError(f"Packaged data file {name!r} is missing.", location=name) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise KnowledgeError(f"Packaged data file is not valid YAML: {error}", location=name) from None
    if not isinstance(data, Mapping):
        raise KnowledgeError("Packaged data file must hold a mapping at the top.", location=name)
    return data


def validate(model: type[M], raw: Any, *, location: str) -> M:
    """Validate ``raw`` into ``model``; a failure names the file/row and the field."""
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise KnowledgeError(
            f"Invalid packaged data: {first['msg']}", field=field, value=first.get("input"), location=location
        ) from None


def sources_of(name: str) -> dict[str, Source]:
    """The ``sources`` list of a packaged data file, by id (validated once per process; a fresh dict each call)."""
    return dict(_sources_of(name))


@cache
def _sources_of(name: str) -> dict[str, Source]:
    raw = read_data(name).get("sources", [])
    out: dict[str, Source] = {}
    for i, item in enumerate(raw):
        source = validate(Source, item, location=f"{name}: sources[{i}]")
        if source.id in out:
            raise KnowledgeError("Duplicate source id.", field="id", value=source.id, location=name)
        out[source.id] = source
    return out


def check_source_ids(ids: Iterable[str], known: Mapping[str, Source], *, location: str) -> None:
    """Refuse a row that cites a source id its file does not define (or cites none)."""
    ids = list(ids)
    if not ids:
        raise KnowledgeError("Row cites no source.", field="sources", location=location)
    for source_id in ids:
        if source_id not in known:
            raise KnowledgeError("Row cites an unknown source id.", field="sources", value=source_id, location=location)


def load_cited_rows(name: str, key: str, model: type[M]) -> tuple[M, ...]:
    """Validate every row of the list ``key`` in packaged file ``name`` into ``model``.

    Each row must cite only sources its file defines (``source_ids``), and ids (where the model has one) must be
    unique. Failures name the file, the row and the field.
    """
    known = sources_of(name)
    out: list[M] = []
    seen: set[str] = set()
    for i, raw in enumerate(read_data(name).get(key, [])):
        location = f"{name}: {key}[{i}]"
        row = validate(model, raw, location=location)
        row_id = getattr(row, "id", None)
        if row_id is not None:
            if row_id in seen:
                raise KnowledgeError(f"Duplicate id in {key}.", field="id", value=row_id, location=location)
            seen.add(row_id)
        check_source_ids(getattr(row, "source_ids", ()), known, location=location)
        out.append(row)
    return tuple(out)


def check_device_ids(rows: Iterable[BaseModel], name: str, key: str, known: Iterable[str]) -> None:
    """Refuse a row of list ``key`` in file ``name`` whose ``device_ids`` names a device not in ``known``."""
    known = set(known)
    for i, row in enumerate(rows):
        for device_id in getattr(row, "device_ids", ()):
            if device_id not in known:
                raise KnowledgeError(
                    f"Row in {key} names an unknown device id.",
                    field="device_ids",
                    value=device_id,
                    location=f"{name}: {key}[{i}]",
                )
