"""Plain-text reading shared by the engines: negation- and context-aware phrase matching (NegEx-style).

A neutral module: it imports nothing of ours but ``errors``, so any engine may use it (the signals narrative
matcher and the triage free-text reader read the same way) without engines importing each other.
"""

from stimsafe.text.negation import NarrativeMatch, find_affirmed, in_non_event_context, is_negated

__all__ = ["NarrativeMatch", "find_affirmed", "in_non_event_context", "is_negated"]
