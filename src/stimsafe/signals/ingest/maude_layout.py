"""Raw MAUDE file kinds and their known columns (headers drift by year; unknown columns fail loudly).

Column names: FDA/openfda ``FIELD_MAPPING`` (``openfda/maude/pipeline.py``), the 2014 test headers in
``openfda/maude/tests/data/*.txt``, and abenison-crypto/maude-analyzer ``config/schemas`` (facts:
../shared/facts/surveillance.md §2.1–2.3). Names are compared after :func:`normalise_column`.
"""

from __future__ import annotations

import re

from stimsafe.errors import DataFileError

KINDS = (
    "master",
    "device",
    "text",
    "patient",
    "patient_problem",
    "device_problem",
    "patient_codes",
    "device_codes",
)

_CONTACT = "T_NAME F_NAME L_NAME ADDRESS_1 ADDRESS_2 STREET_1 STREET_2 CITY STATE ZIP_CODE ZIP_EXT COUNTRY POSTAL"
_ADDRESS = "NAME ADDRESS_1 ADDRESS_2 STREET_1 STREET_2 CITY STATE STATE_CODE ZIP_CODE ZIP_CODE_EXT COUNTRY COUNTRY_CODE"

_MASTER = (
    "MDR_REPORT_KEY EVENT_KEY REPORT_NUMBER REPORT_SOURCE_CODE MANUFACTURER_LINK_FLAG NUMBER_DEVICES_IN_EVENT "
    "NUMBER_PATIENTS_IN_EVENT DATE_RECEIVED ADVERSE_EVENT_FLAG PRODUCT_PROBLEM_FLAG DATE_REPORT DATE_OF_EVENT "
    "REPROCESSED_AND_REUSED_FLAG REPORTER_OCCUPATION_CODE HEALTH_PROFESSIONAL INITIAL_REPORT_TO_FDA "
    "DATE_FACILITY_AWARE REPORT_DATE REPORT_TO_FDA DATE_REPORT_TO_FDA EVENT_LOCATION DATE_REPORT_TO_MANUFACTURER "
    "REPORT_TO_MANUFACTURER TYPE_OF_REPORT SOURCE_TYPE DATE_MANUFACTURER_RECEIVED DEVICE_DATE_OF_MANUFACTURE "
    "MFR_REPORT_TYPE SINGLE_USE_FLAG REMEDIAL_ACTION PREVIOUS_USE_CODE REMOVAL_CORRECTION_NUMBER EVENT_TYPE "
    "DATE_ADDED DATE_CHANGED REPORTER_STATE_CODE REPORTER_COUNTRY_CODE PMA_PMN_NUM EXEMPTION_NUMBER SUMMARY_REPORT "
    "NOE_SUMMARIZED SUPPL_DATES_FDA_RECEIVED SUPPL_DATES_MFR_RECEIVED MANUFACTURER_CONTACT_AREA_CODE "
    "MANUFACTURER_CONTACT_EXCHANGE MANUFACTURER_CONTACT_PHONE_NUMBER MANUFACTURER_CONTACT_PHONE_NO "
    "MANUFACTURER_CONTACT_EXTENSION MANUFACTURER_CONTACT_PCOUNTRY MANUFACTURER_CONTACT_PCITY "
    "MANUFACTURER_CONTACT_PLOCAL MANUFACTURER_CONTACT_POSTAL_CODE MANUFACTURER_G1_POSTAL_CODE "
    "MANUFACTURER_G1_ZIP_CODE_EXT MANUFACTURER_POSTAL_CODE DISTRIBUTOR_ZIP_CODE_EXT MANUFACTURER_ZIP_CODE_EXT"
)
_DEVICE = (
    "MDR_REPORT_KEY DEVICE_EVENT_KEY IMPLANT_FLAG DATE_REMOVED_FLAG DEVICE_SEQUENCE_NO DEVICE_SEQUENCE_NUMBER "
    "DATE_RECEIVED BRAND_NAME GENERIC_NAME EXPIRATION_DATE_OF_DEVICE MODEL_NUMBER CATALOG_NUMBER LOT_NUMBER "
    "OTHER_ID_NUMBER DEVICE_OPERATOR DEVICE_AVAILABILITY DATE_RETURNED_TO_MANUFACTURER DEVICE_REPORT_PRODUCT_CODE "
    "DEVICE_AGE_TEXT DEVICE_EVALUATED_BY_MANUFACTUR DEVICE_EVALUATED_BY_MANUFACTURER BASELINE_BRAND_NAME "
    "BASELINE_GENERIC_NAME BASELINE_MODEL_NUMBER BASELINE_CATALOG_NUMBER BASELINE_OTHER_ID_NUMBER "
    "BASELINE_DEVICE_FAMILY BASELINE_SHELF_LIFE_CONTAINED BASELINE_SHELF_LIFE_IN_MONTHS BASELINE_PMA_FLAG "
    "BASELINE_PMA_NUMBER BASELINE_510_K__FLAG BASELINE_510_K__NUMBER BASELINE_PREAMENDMENT_FLAG "
    "BASELINE_TRANSITIONAL_FLAG BASELINE_510_K__EXEMPT_FLAG BASELINE_DATE_FIRST_MARKETED "
    "BASELINE_DATE_CEASED_MARKETING IMPLANT_DATE_YEAR DATE_REMOVED_YEAR SERVICED_BY_3RD_PARTY_FLAG "
    "COMBINATION_PRODUCT_FLAG UDI_DI UDI_PUBLIC"
)
_TEXT = "MDR_REPORT_KEY MDR_TEXT_KEY TEXT_TYPE_CODE PATIENT_SEQUENCE_NUMBER DATE_REPORT FOI_TEXT TEXT DATE_RECEIVED"
_PATIENT = (
    "MDR_REPORT_KEY PATIENT_SEQUENCE_NUMBER PATIENT_SEQUENCE_NO DATE_RECEIVED SEQUENCE_NUMBER_TREATMENT "
    "SEQUENCE_NUMBER_OUTCOME PATIENT_AGE PATIENT_SEX PATIENT_WEIGHT PATIENT_ETHNICITY PATIENT_RACE"
)
_PATIENT_PROBLEM = "MDR_REPORT_KEY PATIENT_SEQUENCE_NO PATIENT_SEQUENCE_NUMBER PROBLEM_CODE DATE_ADDED DATE_CHANGED"
_DEVICE_PROBLEM = "MDR_REPORT_KEY DEVICE_PROBLEM_CODE PROBLEM_CODE DATE_ADDED_FLAG DATE_ADDED"


def _with_blocks() -> set[str]:
    names = set(_MASTER.split())
    names |= {f"MANUFACTURER_CONTACT_{s}" for s in _CONTACT.split()}
    for prefix in ("MANUFACTURER", "MANUFACTURER_G1", "DISTRIBUTOR"):
        names |= {f"{prefix}_{s}" for s in _ADDRESS.split()}
    return names


def _device_names() -> set[str]:
    return set(_DEVICE.split()) | {f"MANUFACTURER_D_{s}" for s in _ADDRESS.split()} | {"MANUFACTURER_D_POSTAL_CODE"}


#: Known (normalised) column names per kind.
KNOWN: dict[str, frozenset[str]] = {
    "master": frozenset(_with_blocks()),
    "device": frozenset(_device_names()),
    "text": frozenset(_TEXT.split()),
    "patient": frozenset(_PATIENT.split()),
    "patient_problem": frozenset(_PATIENT_PROBLEM.split()),
    "device_problem": frozenset(_DEVICE_PROBLEM.split()),
}

#: Column layouts assumed when a file has no header row (by number of fields in its first row).
HEADERLESS: dict[str, dict[int, tuple[str, ...]]] = {
    "device_problem": {
        2: ("MDR_REPORT_KEY", "DEVICE_PROBLEM_CODE"),
        3: ("MDR_REPORT_KEY", "DEVICE_PROBLEM_CODE", "DATE_ADDED_FLAG"),
    },
    "patient_problem": {5: ("MDR_REPORT_KEY", "PATIENT_SEQUENCE_NO", "PROBLEM_CODE", "DATE_ADDED", "DATE_CHANGED")},
    "text": {
        6: ("MDR_REPORT_KEY", "MDR_TEXT_KEY", "TEXT_TYPE_CODE", "PATIENT_SEQUENCE_NUMBER", "DATE_REPORT", "FOI_TEXT")
    },
}

#: Row widths (fields per row) seen in real FDA files, per kind. A row may be narrower than its file's header only
#: when its width is one of these (e.g. the 28-field 2009 device rows under the 45-column 2014 test header): master
#: 84/86 (2024+) and 75 (openFDA 2014 test file); device 28 (core), 34 (2020+) and 45 (2014 test header); patient 5
#: (2014) and 10 (current); facts: ../shared/facts/surveillance.md §2.1-2.4 and ../shared/data/maude_samples.
KNOWN_WIDTHS: dict[str, tuple[int, ...]] = {
    "master": (75, 84, 86),
    "device": (28, 34, 45),
    "text": (6,),
    "patient": (5, 10),
    "patient_problem": (5,),
    "device_problem": (2, 3),
}

#: The free-text column that absorbs unescaped pipes (openFDA ``handle_oversized_foitext``); it must be last.
TEXT_COLUMN = {"text": ("FOI_TEXT", "TEXT")}


def normalise_column(name: str) -> str:
    """Upper case, ``-`` -> ``_``, trailing underscores dropped (``UDI-DI`` -> ``UDI_DI``).

    >>> normalise_column("udi-di"), normalise_column("MANUFACTURER_LINK_FLAG_"), normalise_column(" Event_Type ")
    ('UDI_DI', 'MANUFACTURER_LINK_FLAG', 'EVENT_TYPE')
    """
    return name.strip().upper().replace("-", "_").rstrip("_")


_NAME_RULES: tuple[tuple[str, str], ...] = (
    (r"(foi)?devproblem(?!codes)|deviceproblem(?!codes)", "device_problem"),
    (r"deviceproblemcodes", "device_codes"),
    (r"patientproblemcodes|patientproblemdata", "patient_codes"),
    (r"patientproblemcode", "patient_problem"),
    (r"mdrfoi", "master"),
    (r"foitext", "text"),
    (r"foidev|device", "device"),
    (r"patient", "patient"),
)


def kind_from_name(name: str) -> str | None:
    """The MAUDE file kind from a file name (``DEVICE2020.txt`` -> ``device``), or ``None``.

    >>> kind_from_name("mdrfoiThru2023.txt"), kind_from_name("foidevproblem.txt"), kind_from_name("x.txt")
    ('master', 'device_problem', None)
    """
    lowered = name.lower().rsplit("/", 1)[-1]
    for pattern, kind in _NAME_RULES:
        if re.search(pattern, lowered):
            return kind
    return None


def check_header(kind: str, columns: list[str], location: str) -> None:
    """Fail loudly on an unknown or duplicated column: a new FDA layout must be reviewed, not guessed."""
    known = KNOWN[kind]
    seen: set[str] = set()
    for index, column in enumerate(columns, start=1):
        if column in seen:
            raise DataFileError(
                f"Column {column!r} appears twice in the header.", field=column, location=f"{location}:1"
            )
        seen.add(column)
        if column not in known:
            raise DataFileError(
                f"Unknown column {column!r} (position {index}) in a MAUDE {kind} file: the FDA layout has changed.",
                field=column,
                value=column,
                location=f"{location}:1",
                hint="Check the FDA MDR data-file documentation and add the column to signals/ingest/maude_layout.py.",
            )
