"""The dose report: :class:`~stimsafe.dose.report.build.DoseResults` into a :class:`~stimsafe.report.model.Report`
(``build``), its tables (``tables``) and figures (``plots``)."""
