"""Loading FDA adverse-event files into the signals store.

Call :func:`ingest_paths` (or :func:`ingest_file`) with an open :class:`~stimsafe.signals.store.Store`.
Formats: openFDA ``device/event`` JSON (``.json``, ``.json.zip``; bulk partitions and API pages) and raw MAUDE
files (``mdrfoi``, ``DEVICE``/``foidev``, ``foitext``, ``patient``, ``patientproblemcode``, ``foidevproblem``,
``patientproblemcodes.csv``, ``deviceproblemcodes.csv``; plain or zipped).
"""

from stimsafe.signals.ingest.loader import FileResult, Progress, ingest_file, ingest_paths
from stimsafe.signals.ingest.sniff import choose_format

__all__ = ["FileResult", "Progress", "choose_format", "ingest_file", "ingest_paths"]
