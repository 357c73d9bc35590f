"""Long jobs report progress: the dose analysis calls back once per zone margin, zone sweep and validation,
and the CLI draws those steps as a Rich bar on a terminal (standard error), never into piped output."""

from __future__ import annotations

import io

from rich.console import Console

from stimsafe import api
from stimsafe.cli.progress import progress_bar
from stimsafe.dose.pipeline import dose_steps


def test_dose_reports_one_step_per_zone_margin_and_sweep_and_the_validation() -> None:
    seen: list[tuple[str, int]] = []
    api.dose("nuface-trinity", ["forehead", "cheek"], progress=lambda label, total: seen.append((label, total)))
    assert len(seen) == dose_steps(2, sweeps=True, validation=True) == 5
    assert {total for _, total in seen} == {5}
    labels = [label for label, _ in seen]
    assert labels[:2] == ["margin forehead", "margin cheek"] and labels[2:4] == ["sweep forehead", "sweep cheek"]
    assert labels[4] == "model vs human data"


def test_the_bar_draws_on_a_terminal_and_stays_out_of_pipes() -> None:
    terminal = io.StringIO()
    with progress_bar("Dose model", console=Console(file=terminal, force_terminal=True, width=80)) as step:
        step("margin forehead", 2)
        step("margin cheek", 2)
    assert "Dose model" in terminal.getvalue() and "2/2" in terminal.getvalue()
    piped = io.StringIO()
    with progress_bar("Dose model", console=Console(file=piped, force_terminal=False)) as step:
        step("margin forehead", 1)
    assert piped.getvalue() == ""
