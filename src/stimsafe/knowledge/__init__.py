"""Packaged, versioned, cited data (YAML/CSV under ``knowledge/data/``) and the loaders that validate it.

Every data file carries its own ``sources:`` list (id, title, url, note); rows refer to sources by id, and the
loader refuses a row whose source id is unknown.
"""
