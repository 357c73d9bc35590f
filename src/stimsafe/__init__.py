"""stimsafe: the reference safety system for at-home facial electrical stimulation.

Screening, dose modelling, symptom triage with a diary, and adverse-event signal detection, each answer
with numbers and cited sources. Importing the package does no I/O; the use cases live in :mod:`stimsafe.api`.
"""

from stimsafe.errors import InputError, NotFoundError, StimsafeError

__version__ = "0.1.0"

__all__ = ["InputError", "NotFoundError", "StimsafeError", "__version__"]
