"""Finding 4/9: criteria outside their applicability domain are 'not applicable', advisories labelled by kind."""

from __future__ import annotations

from stimsafe.dose.advice.analysis import limit_checks
from stimsafe.dose.advice.limits import ElectrodeKind, LimitCheck, check_limits
from stimsafe.dose.physics.metrics import dose_metrics
from stimsafe.dose.physics.waveform import Waveform
from stimsafe.dose.report.tables import limit_table
from stimsafe.knowledge.devices import get_device
from stimsafe.knowledge.limits import load_limits, load_ranges


def _by_id(electrode: ElectrodeKind, waveform: Waveform, area_m2: float) -> dict[str, LimitCheck]:
    checks = check_limits(dose_metrics(waveform, area_m2), load_limits(), electrode)
    return {c.limit.id: c for c in checks}


def test_shannon_and_dbs_density_are_not_applied_to_a_skin_contact() -> None:
    # 400 µA × 1.25 ms = 0.5 µC per phase (inside Shannon's 0.05-5 µC), through 1 mm²: 50 µC/cm² is above 30,
    # but on a skin contact neither criterion applies.
    w = Waveform(shape="biphasic", amplitude_a=4e-4, phase_width_s=1.25e-3, frequency_hz=10)
    checks = _by_id("surface", w, 1e-6)
    for lid in ("shannon-k", "charge-density-30"):
        c = checks[lid]
        assert c.verdict == "not applicable"
        assert "implanted" in (c.not_applicable or "") and "surface contact" in (c.not_applicable or "")


def test_shannon_applies_inside_its_domain_and_then_is_a_criterion() -> None:
    w = Waveform(shape="biphasic", amplitude_a=4e-4, phase_width_s=1.25e-3, frequency_hz=10)  # Q = 0.5 µC
    # through 0.001 cm²: D = 500 µC/cm², k = log10(0.5 × 500) = 2.4 > 1.85 (by hand)
    c = _by_id("implanted", w, 1e-7)["shannon-k"]
    assert c.not_applicable is None and c.verdict == "ABOVE CRITERION"


def test_shannon_outside_the_studied_charge_says_why() -> None:
    # Worst case of an unknown-width device: 400 µA × 1 s (0.5 Hz square wave) = 400 µC, far above 5 µC.
    w = Waveform(shape="biphasic", amplitude_a=4e-4, phase_width_s=1.0, frequency_hz=0.5)
    c = _by_id("implanted", w, 1e-4)["shannon-k"]
    assert c.verdict == "not applicable" and "400 µC" in (c.not_applicable or "")


def test_iec_density_is_labelled_an_advisory_and_fda_note_names_the_guidance() -> None:
    dev = get_device("nuface-trinity")
    dev = dev.model_copy(update={"electrodes": dev.electrodes.model_copy(update={"contact_area_m2": 1e-6})})
    checks, _ = limit_checks(dev, load_limits(), load_ranges())
    by = {c.limit.id: c for c in checks}
    # 400 µA through 1 mm² = 40 mA/cm² peak; the r.m.s. of a square wave is the peak: 40 > 2 mA/cm² advisory.
    assert by["iec-rms-current-density"].verdict == "ABOVE ADVISORY"
    assert "powered-muscle-stimulator" in (by["fda-power-density"].limit.note or "")
    status = {str(row[0]): str(row[3]) for row in limit_table(checks, None).rows}
    assert status["Shannon tissue-damage criterion k"].startswith("not applicable (derived from")
    assert "EXCEEDS" not in " ".join(status.values())


def test_area_note_never_sizes_a_skin_contact_by_an_implant_criterion() -> None:
    # Trinity: contact area not found. The IEC advisory is sized by hand: 400 µA r.m.s. / 2 mA/cm² = 0.2 cm²; the
    # DBS 30 µC/cm² and Shannon k were derived for implanted electrodes, so they get "not applicable (why)".
    _, note = limit_checks(get_device("nuface-trinity"), load_limits(), load_ranges())
    assert note is not None

    def after(title: str) -> str:
        return note.split(title + ": ", 1)[1]

    assert after("IEC 60601-2-10 current-density advisory").startswith("≥ 0.2 cm²")
    for title in ("Charge density per phase (30 µC/cm², DBS practice)", "Shannon tissue-damage criterion k"):
        assert after(title).startswith("not applicable (derived from") and "implanted" in after(title)
