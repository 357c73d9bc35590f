"""Seeded synthetic MAUDE data in both formats (openFDA JSON zips and raw MAUDE pipe files), with planted signals.

Every report has one device; its product code is drawn from ``products`` (weights). Each harm occurs with the
base probability ``BASE_RATES[harm]`` times the planted relative reporting rate ``signals[(product, harm)]``
(default 1). A case is written as a problem term, a narrative sentence, or both; some non-cases get a *negated*
mention ("NO FACIAL DROOP WAS NOTED") that a correct matcher must ignore. Quirks are planted: padded device
sequence numbers (``" 1.0"``), literal quotes, latin-1 characters, pipes and line breaks inside narratives, a
headerless ``foidevproblem`` file, a code file with a quoted comma and a broken line, shared EVENT_KEYs and
exact duplicate records. Codes 1757, 1846, 1994, 2075 and 4018 are real FDA codes (see harms.yaml); codes 90xx
are synthetic placeholders.

Examples
--------
>>> import tempfile
>>> truth = generate(tempfile.mkdtemp(), 200, seed=1, signals={("NFO", "facial_palsy"): 20.0})
>>> truth.n_reports, sum(truth.product_counts.values())
(200, 200)
"""

from __future__ import annotations

import json
import random
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any

#: Default product mix (weights): NFO and its 882.5890 neighbours plus unrelated devices as background.
PRODUCTS: dict[str, float] = {"NFO": 0.02, "NYX": 0.03, "NUH": 0.15, "GZJ": 0.10, "JPA": 0.25, "MMI": 0.2, "NIQ": 0.25}

#: Base probability that a report carries each harm.
BASE_RATES: dict[str, float] = {
    "facial_palsy": 0.002,
    "ptosis": 0.002,
    "facial_weakness": 0.004,
    "twitching_spasm": 0.006,
    "numbness_paresthesia": 0.008,
    "burn": 0.03,
    "pain": 0.05,
    "swelling": 0.01,
    "skin_irritation": 0.02,
    "electric_shock": 0.01,
}

# harm -> (patient problem term, code, affirmed sentence, negated sentence)
_HARM_TEXT: dict[str, tuple[str, str, str, str]] = {
    "facial_palsy": (
        "Facial Nerve Paralysis",
        "1846",
        "USER REPORTED A FACIAL DROOP ON THE LEFT SIDE",
        "NO FACIAL DROOP WAS NOTED",
    ),
    "ptosis": ("Ptosis", "9002", "SHE NOTICED A DROOPING EYELID THE NEXT MORNING", "THERE WAS NO PTOSIS"),
    "facial_weakness": (
        "Muscle Weakness",
        "9003",
        "CUSTOMER DESCRIBED FACIAL WEAKNESS",
        "CUSTOMER DENIES FACIAL WEAKNESS",
    ),
    "twitching_spasm": ("Twitching", "9004", "PERSISTENT TWITCHING OF THE CHEEK", "NO TWITCHING WAS REPORTED"),
    "numbness_paresthesia": ("Numbness", "9005", "NUMBNESS OF THE JAW FOR TWO DAYS", "SHE HAD NO NUMBNESS"),
    "burn": ("Burn(s)", "1757", "A RED BURN MARK WHERE THE ELECTRODE TOUCHED THE SKIN", "NO BURN WAS OBSERVED"),
    "pain": ("Pain", "1994", "SHARP PAIN AT THE APPLICATION SITE", "THE CUSTOMER DID NOT REPORT PAIN"),
    "swelling": ("Swelling", "9008", "SWELLING OF THE CHEEK AFTER USE", "WITHOUT SWELLING"),
    "skin_irritation": ("Skin Erosion", "2075", "SKIN IRRITATION UNDER THE PADS", "NO SKIN IRRITATION"),
    "electric_shock": (
        "Electric Shock",
        "9010",
        "SHE FELT AN ELECTRIC SHOCK FROM THE DEVICE",
        "NO ELECTRIC SHOCK WAS FELT",
    ),
}
_NEUTRAL_TERMS = (("No Known Impact Or Consequence To Patient", "9090"), ("Insufficient Information", "9091"))
_DEVICE_PROBLEMS = (("Battery Problem", "9201"), ("Device Operates Differently Than Expected", "9202"))
_SHOCK_DEVICE = ("Unintended Electrical Shock", "4018")
_BRANDS = ('"GLOW" FACIAL TONER', "MICROLIFT PRO", "CAFÉ LIFT MINI", "TONEUP 3000")
_EVENT_CODES = (("IN", "Injury"), ("M", "Malfunction"), ("O", "Other"))
_LAST_UPDATED = "2026-11-20"


@dataclass
class SynthTruth:
    """What was planted: report and case counts per product (unique reports), and the files written."""

    n_reports: int
    seed: int
    signals: dict[tuple[str, str], float]
    product_counts: dict[str, int] = field(default_factory=dict)
    case_counts: dict[tuple[str, str], int] = field(default_factory=dict)
    negated_mentions: int = 0
    files: list[Path] = field(default_factory=list)


@dataclass
class _Report:
    key: int
    event_key: int
    product: str
    received: date
    harms: dict[str, str]  # harm -> "term" | "narrative" | "both"
    negated: str | None
    brand: str
    event: tuple[str, str]


def _reports(
    n: int, seed: int, products: dict[str, float], signals: dict[tuple[str, str], float], dup: float
) -> Iterator[_Report]:
    rng = random.Random(seed)
    names, weights = list(products), list(products.values())
    event_key = 5_000_000
    for i in range(n):
        product = rng.choices(names, weights)[0]
        if i == 0 or rng.random() >= dup:
            event_key += 1
        harms = {}
        for harm, base in BASE_RATES.items():
            if rng.random() < min(0.9, base * signals.get((product, harm), 1.0)):
                harms[harm] = rng.choices(("term", "narrative", "both"), (0.4, 0.3, 0.3))[0]
        spare = [h for h in BASE_RATES if h not in harms]
        negated = rng.choice(spare) if spare and rng.random() < 0.05 else None
        received = date(2015, 1, 1) + timedelta(days=rng.randrange(0, 3650))
        yield _Report(
            10_000_000 + i, event_key, product, received, harms, negated, rng.choice(_BRANDS), rng.choice(_EVENT_CODES)
        )


def _narrative(r: _Report) -> str:
    parts = [f"THE {r.brand} DEVICE (MODEL A|B) WAS USED ON THE FACE AT HOME"]
    parts += [_HARM_TEXT[h][2] for h, by in r.harms.items() if by != "term"]
    if r.negated:
        parts.append(_HARM_TEXT[r.negated][3])
    return ". ".join(parts) + "."


def _patient_terms(r: _Report) -> list[tuple[str, str]]:
    terms = [(_HARM_TEXT[h][0], _HARM_TEXT[h][1]) for h, by in r.harms.items() if by != "narrative"]
    return terms or [_NEUTRAL_TERMS[r.key % 2]]


def _device_problems(r: _Report) -> list[tuple[str, str]]:
    extra = [_SHOCK_DEVICE] if r.harms.get("electric_shock") in ("term", "both") else []
    return [_DEVICE_PROBLEMS[r.key % 2], *extra]


def _record(r: _Report) -> dict[str, Any]:
    ymd = r.received.strftime("%Y%m%d")
    return {
        "mdr_report_key": str(r.key),
        "event_key": str(r.event_key),
        "report_number": f"3000000-{r.received.year}-{r.key % 100000:05d}",
        "date_received": ymd,
        "date_of_event": ymd,
        "event_type": r.event[1],
        "report_source_code": "Voluntary report",
        "source_type": ["Consumer"],
        "adverse_event_flag": "Y" if r.harms else "N",
        "device": [
            {
                "device_sequence_number": " 1.0",
                "device_report_product_code": r.product,
                "brand_name": r.brand,
                "generic_name": "STIMULATOR, SYNTHETIC",
                "manufacturer_d_name": "SYNTHETIC DEVICES INC.",
                "openfda": {} if r.key % 3 else {"device_class": "2", "regulation_number": "882.5890"},
            }
        ],
        "patient": [
            {
                "patient_sequence_number": "1",
                "patient_sex": "Female" if r.key % 4 else "Male",
                "patient_age": f"{20 + r.key % 60} YR",
                "patient_problems": [t for t, _ in _patient_terms(r)],
                "sequence_number_outcome": ["Other"],
            }
        ],
        "product_problems": [t for t, _ in _device_problems(r)],
        "mdr_text": [
            {
                "mdr_text_key": str(r.key * 10),
                "text_type_code": "Description of Event or Problem",
                "patient_sequence_number": "1",
                "text": _narrative(r),
            }
        ],
    }


def _write_openfda(out: Path, reports: list[_Report], per_part: int) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    parts = max(1, -(-len(reports) // per_part))
    files = []
    for p in range(parts):
        chunk = reports[p * per_part : (p + 1) * per_part]
        if p == parts - 1 and reports:
            chunk = [*chunk, reports[0]]  # an exact duplicate record across partitions
        path = out / f"device-event-{p + 1:04d}-of-{parts:04d}.json.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, zf.open(path.name[:-4], "w") as raw:
            meta = {"last_updated": _LAST_UPDATED, "results": {"skip": 0, "limit": len(chunk), "total": len(chunk)}}
            raw.write(('{"meta": ' + json.dumps(meta) + ', "results": [\n').encode())
            for i, r in enumerate(chunk):
                raw.write(((",\n" if i else "") + json.dumps(_record(r), ensure_ascii=False)).encode("utf-8"))
            raw.write(b"\n]}\n")
        files.append(path)
    return files


_MASTER_COLS = (
    "MDR_REPORT_KEY|EVENT_KEY|REPORT_NUMBER|REPORT_SOURCE_CODE|DATE_RECEIVED|DATE_OF_EVENT|ADVERSE_EVENT_FLAG|"
    "EVENT_TYPE|SOURCE_TYPE|MANUFACTURER_NAME"
)
_DEVICE_COLS = (
    "MDR_REPORT_KEY|DEVICE_EVENT_KEY|DEVICE_SEQUENCE_NO|DATE_RECEIVED|BRAND_NAME|GENERIC_NAME|MANUFACTURER_D_NAME|"
    "DEVICE_REPORT_PRODUCT_CODE|DEVICE_EVALUATED_BY_MANUFACTUR|UDI-DI|UDI-PUBLIC"
)
_TEXT_COLS = "MDR_REPORT_KEY|MDR_TEXT_KEY|TEXT_TYPE_CODE|PATIENT_SEQUENCE_NUMBER|DATE_REPORT|FOI_TEXT"
_PATIENT_COLS = (
    "MDR_REPORT_KEY|PATIENT_SEQUENCE_NUMBER|DATE_RECEIVED|SEQUENCE_NUMBER_TREATMENT|SEQUENCE_NUMBER_OUTCOME|"
    "PATIENT_AGE|PATIENT_SEX"
)
_PPC_COLS = "MDR_REPORT_KEY|PATIENT_SEQUENCE_NO|PROBLEM_CODE|DATE_ADDED|DATE_CHANGED"


def _maude_lines(r: _Report) -> dict[str, list[str]]:
    mdy = r.received.strftime("%m/%d/%Y")
    text = _narrative(r).replace(". ", ".\r\nCONTINUED: ", 1) if r.key % 7 == 0 else _narrative(r)
    return {
        "mdrfoi.txt": [
            f"{r.key}|{r.event_key}|3000000-{r.received.year}-{r.key % 100000:05d}|P|{mdy}|{mdy}|"
            f"{'Y' if r.harms else 'N'}|{r.event[0]}|04|SYNTHETIC DEVICES INC."
        ],
        "device.txt": [
            f"{r.key}||{' 1.0' if r.key % 2 else '1'}|{mdy}|{r.brand}|STIMULATOR, SYNTHETIC|SYNTHETIC DEVICES INC.|"
            f"{r.product}|N||"
        ],
        "foitext.txt": [f"{r.key}|{r.key * 10}|D|1|{mdy}|{text}"],
        "patient.txt": [f"{r.key}|1|{mdy}||1. O|{20 + r.key % 60} YR|{'F' if r.key % 4 else 'M'}"],
        "patientproblemcode.txt": [f"{r.key}|1|{code}|{mdy}|" for _, code in _patient_terms(r)],
        "foidevproblem.txt": [f"{r.key}|{code}|N" for _, code in _device_problems(r)],
    }


def _write_maude(out: Path, reports: list[_Report]) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    headers = {
        "mdrfoi.txt": _MASTER_COLS,
        "device.txt": _DEVICE_COLS,
        "foitext.txt": _TEXT_COLS,
        "patient.txt": _PATIENT_COLS,
        "patientproblemcode.txt": _PPC_COLS,
    }
    handles: dict[str, IO[str]] = {}
    try:
        for name in (*headers, "foidevproblem.txt"):
            handles[name] = (out / name).open("w", encoding="latin-1", newline="")
            if name in headers:
                handles[name].write(headers[name] + "\r\n")
        for r in reports:
            for name, lines in _maude_lines(r).items():
                for line in lines:
                    handles[name].write(line + "\r\n")
    finally:
        for handle in handles.values():
            handle.close()
    codes = sorted({(c, t) for t, c in [*(v[:2] for v in _HARM_TEXT.values()), *_NEUTRAL_TERMS]})
    with (out / "patientproblemcodes.csv").open("w", encoding="latin-1", newline="") as f:
        for code, term in codes:
            f.write(f'{code},"{term}"\r\n' if code != "9003" else f'{code},"Muscle\r\nWeakness"\r\n')
    with (out / "deviceproblemcodes.csv").open("w", encoding="latin-1", newline="") as f:
        for term, code in sorted({*_DEVICE_PROBLEMS, _SHOCK_DEVICE}):
            f.write(f'{code},"{term.replace(" Than", ", Than")}"\r\n')
    return sorted(out.iterdir())


def generate(
    out_dir: Path | str,
    n_reports: int,
    *,
    seed: int = 0,
    signals: dict[tuple[str, str], float] | None = None,
    products: dict[str, float] | None = None,
    formats: tuple[str, ...] = ("openfda", "maude"),
    duplicate_event_fraction: float = 0.08,
    records_per_partition: int = 100_000,
) -> SynthTruth:
    """Write ``n_reports`` synthetic reports under ``out_dir/openfda`` and/or ``out_dir/maude``; return the truth.

    Parameters
    ----------
    signals
        Planted relative reporting rates, ``{(product_code, harm_id): rate}``; 1.0 where absent.
    duplicate_event_fraction
        Probability that a report shares the previous report's EVENT_KEY (MAUDE: ~8 %).
    """
    planted = dict(signals or {})
    reports = list(_reports(n_reports, seed, products or PRODUCTS, planted, duplicate_event_fraction))
    truth = SynthTruth(n_reports, seed, planted)
    for r in reports:
        truth.product_counts[r.product] = truth.product_counts.get(r.product, 0) + 1
        for harm in r.harms:
            truth.case_counts[(r.product, harm)] = truth.case_counts.get((r.product, harm), 0) + 1
        truth.negated_mentions += r.negated is not None
    root = Path(out_dir)
    if "openfda" in formats:
        truth.files += _write_openfda(root / "openfda", reports, records_per_partition)
    if "maude" in formats:
        truth.files += _write_maude(root / "maude", reports)
    return truth
