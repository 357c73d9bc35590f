"""Screening: the rule interpreter, the screening engine and the session planner. Pure: no I/O."""
