"""Packaged data files (YAML/CSV), read through stimsafe.knowledge.loader."""
