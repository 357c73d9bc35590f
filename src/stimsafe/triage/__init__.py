"""Symptom triage after a facial-stimulation session: red flags first, a tier, reasons and sources.

Also the symptom/session diary (:mod:`stimsafe.triage.diary`), the timeline of symptoms against sessions, and
the clinician exports (Markdown/HTML summary, FHIR R4B bundle, MedWatch 3500B draft). Nothing here diagnoses.
"""
