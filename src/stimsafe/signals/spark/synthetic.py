"""Seeded SYNTHETIC signals tables at any scale, written straight to Parquet (for parity tests and benchmarks).

The planted signals, harm background rates and product shares are those of the built-in demo dataset
(:mod:`stimsafe.signals.demo`): NFO × facial_palsy at 10×, NUH × burn at 3×, NFO × pain at the background rate.
Unlike the demo (row by row into DuckDB), this generator is vectorised and streams fixed-size chunks to
``reports.parquet``, ``devices.parquet`` and ``cases.parquet`` with the store's column names and types, so tens
of millions of reports fit in bounded memory. Everything is invented; no conclusion about any device may be drawn.

To exercise the unique-report counting, the data hold what real MAUDE holds: reports with two devices (of one
group or of two), the same product code listed twice, devices without a product code, reports without any
device, and unknown year, sex and age. The same seed and chunk size give the same files, byte for byte in content.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     counts = write_synthetic_parquet(folder, 1_000, seed=7)
>>> counts["reports"]
1000
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from stimsafe.errors import DependencyError, InputError

IntArray = npt.NDArray[np.int64]

#: reports generated per chunk (each chunk has its own child seed, so the output depends on it)
CHUNK_REPORTS = 1_000_000
YEARS = (2015, 2026)  # half-open range of report years


@dataclass(frozen=True)
class Mix:
    """Shares of the messy cases the counting must handle (each a probability per report or per device)."""

    second_device: float = 0.15  # a second device of any product
    repeated_code: float = 0.03  # the first device's product code listed again
    null_code: float = 0.02  # a device row without a product code
    no_device: float = 0.02  # a report with no device rows at all
    unknown_year: float = 0.01
    unknown_sex: float = 0.10
    unknown_age: float = 0.20


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise DependencyError(
            "Writing synthetic Parquet needs pyarrow.", field="pyarrow", hint="pip install 'stimsafe[spark]'"
        ) from None
    return pa, pq


def _strings(pa: Any, labels: list[str], index: IntArray, valid: npt.NDArray[np.bool_] | None = None) -> Any:
    """A string column from integer codes into ``labels`` (``valid`` False → null)."""
    mask = None if valid is None else ~valid
    codes = pa.array(index.astype(np.int32), mask=mask)
    return pa.DictionaryArray.from_arrays(codes, pa.array(labels, pa.string())).cast(pa.string())


def _labels(products: dict[str, float]) -> list[str]:
    """Product-code labels of the scale generator: the demo's invented family is labelled with the 882.5890 codes,
    so the `stimulators` comparator has members in these Parquet tables (test and benchmark data only, never shown
    as a demo)."""
    from stimsafe.signals.counting import STIMULATOR_FAMILY
    from stimsafe.signals.demo import DEMO_FAMILY

    label = dict(zip(DEMO_FAMILY, STIMULATOR_FAMILY, strict=True))
    return [label.get(c, c) for c in products]


def _chunk(rng: np.random.Generator, first_key: int, n: int, mix: Mix) -> dict[str, dict[str, Any]]:
    from stimsafe.signals.demo import HARM_BACKGROUND, PLANTED, PRODUCTS

    codes = _labels(PRODUCTS)
    label = dict(zip(PRODUCTS, codes, strict=True))
    planted = {(label[c], h): f for (c, h), f in PLANTED.items()}
    shares = np.array(list(PRODUCTS.values()))
    keys = np.arange(first_key, first_key + n, dtype=np.int64)
    product = rng.choice(len(codes), size=n, p=shares / shares.sum())
    year = rng.integers(*YEARS, size=n)
    sex = rng.integers(0, 2, size=n)
    age = np.round(rng.uniform(0, 95, size=n), 1)
    reports = {
        "mdr_report_key": keys,
        "year": (year, rng.random(n) >= mix.unknown_year),
        "patient_sex": (sex, rng.random(n) >= mix.unknown_sex),
        "patient_age_years": (age, rng.random(n) >= mix.unknown_age),
    }
    has_device = rng.random(n) >= mix.no_device
    second = has_device & (rng.random(n) < mix.second_device)
    repeat = has_device & (rng.random(n) < mix.repeated_code)
    other = rng.choice(len(codes), size=n, p=shares / shares.sum())
    dev_key = np.concatenate([keys[has_device], keys[second], keys[repeat]])
    dev_seq = np.concatenate(
        [np.ones(int(has_device.sum())), np.full(int(second.sum()), 2), np.full(int(repeat.sum()), 3)]
    )
    dev_code = np.concatenate([product[has_device], other[second], product[repeat]])
    devices = {
        "mdr_report_key": dev_key,
        "device_sequence_no": dev_seq.astype(np.int32),
        "product_code": (dev_code, rng.random(dev_key.size) >= mix.null_code),
    }
    case_keys, case_harms = [], []
    for h, (harm, base) in enumerate(HARM_BACKGROUND.items()):
        prob = np.full(n, base)
        for (code, planted_harm), factor in planted.items():
            if planted_harm == harm:
                prob[product == codes.index(code)] *= factor
        hit = np.flatnonzero(rng.random(n) < prob)
        case_keys.append(keys[hit])
        case_harms.append(np.full(hit.size, h))
    order = np.lexsort((np.concatenate(case_harms), np.concatenate(case_keys)))
    cases = {"mdr_report_key": np.concatenate(case_keys)[order], "harm_id": np.concatenate(case_harms)[order]}
    return {"reports": reports, "devices": devices, "cases": cases}


def _tables(pa: Any, chunk: dict[str, dict[str, Any]]) -> dict[str, Any]:
    from stimsafe.signals.demo import HARM_BACKGROUND, PRODUCTS

    r, d, c = chunk["reports"], chunk["devices"], chunk["cases"]
    year, year_ok = r["year"]
    age, age_ok = r["patient_age_years"]
    reports = pa.table(
        {
            "mdr_report_key": pa.array(r["mdr_report_key"], pa.int64()),
            "year": pa.array(year.astype(np.int32), mask=~year_ok),
            "patient_sex": _strings(pa, ["female", "male"], r["patient_sex"][0], r["patient_sex"][1]),
            "patient_age_years": pa.array(age, mask=~age_ok),
        }
    )
    devices = pa.table(
        {
            "mdr_report_key": pa.array(d["mdr_report_key"], pa.int64()),
            "device_sequence_no": pa.array(d["device_sequence_no"], pa.int32()),
            "product_code": _strings(pa, _labels(PRODUCTS), d["product_code"][0], d["product_code"][1]),
        }
    )
    cases = pa.table(
        {
            "mdr_report_key": pa.array(c["mdr_report_key"], pa.int64()),
            "harm_id": _strings(pa, list(HARM_BACKGROUND), c["harm_id"]),
            "matched_by": pa.array(["term"] * len(c["harm_id"]), pa.string()),
        }
    )
    return {"reports": reports, "devices": devices, "cases": cases}


def write_synthetic_parquet(
    directory: str | Path, n_reports: int, *, seed: int = 20261125, mix: Mix | None = None, chunk: int = CHUNK_REPORTS
) -> dict[str, int]:
    """Write ``reports``, ``devices`` and ``cases`` Parquet files of ``n_reports`` synthetic reports.

    Files are written under temporary names and renamed at the end, so an interrupted run leaves no table.

    Returns
    -------
    dict
        Rows written per table.
    """
    if n_reports < 1 or chunk < 1:
        raise InputError("The number of reports must be positive.", field="n_reports", value=n_reports)
    pa, pq = _pyarrow()
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    names = ("reports", "devices", "cases")
    partial = {t: folder / f".{t}.parquet.partial" for t in names}
    writers: dict[str, Any] = {}
    rows = dict.fromkeys(names, 0)
    children = np.random.SeedSequence(seed).spawn((n_reports + chunk - 1) // chunk)
    try:
        for i, child in enumerate(children):
            first, size = i * chunk + 1, min(chunk, n_reports - i * chunk)
            for table, data in _tables(pa, _chunk(np.random.default_rng(child), first, size, mix or Mix())).items():
                if table not in writers:
                    writers[table] = pq.ParquetWriter(partial[table], data.schema, compression="zstd")
                writers[table].write_table(data)
                rows[table] += data.num_rows
    except BaseException:
        for writer in writers.values():
            writer.close()
        for path in partial.values():
            path.unlink(missing_ok=True)
        raise
    for writer in writers.values():
        writer.close()
    for table in names:
        partial[table].replace(folder / f"{table}.parquet")
    return rows
