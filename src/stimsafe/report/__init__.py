"""Reports are data; renderers turn them into text, Markdown, JSON, HTML. Renderers never recompute."""

from stimsafe.report.model import Finding, Report, Section, Table

__all__ = ["Finding", "Report", "Section", "Table"]
