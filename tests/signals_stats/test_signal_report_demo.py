"""The demo dataset: a planted signal is flagged, a null cell is not (seeded); the report and CLI render it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stimsafe import api
from stimsafe.cli.main import app
from stimsafe.signals.counting import Comparator
from stimsafe.signals.demo import DEMO_LABEL, NULL_CELL, PLANTED, build_demo_store
from stimsafe.signals.report import analyse, build_report, to_csv


@pytest.fixture(scope="module")
def analysis():  # type: ignore[no-untyped-def]
    with build_demo_store() as store:
        return analyse(store.connection, {"ZZ1": ("ZZ1",), "ZZ3": ("ZZ3",)}, strata=("year",), dataset=DEMO_LABEL)


def test_planted_signals_flagged_null_cell_not(analysis) -> None:  # type: ignore[no-untyped-def]
    t, s = analysis.table, analysis.scores
    assert analysis.fit, analysis.fit.reason
    for group, harm in PLANTED:
        i = t.index(group, harm)
        assert i is not None
        assert s.flags.evans[i] and s.flags.ic025[i] and s.flags.eb05[i], (group, harm)
    j = t.index(*NULL_CELL)
    assert j is not None
    assert not (s.flags.evans[j] or s.flags.ic025[j] or s.flags.eb05[j])


def test_report_states_conventions_and_honest_reading(analysis, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = build_report(analysis, plot_dir=tmp_path)
    text = json.dumps(report.model_dump())
    assert "unique reports" in text and "No continuity correction" in text
    assert "not proof" in text and "20-30 people per 100,000" in text
    assert "SYNTHETIC" in text
    assert {Path(p).name for s in report.sections for p in s.figures} >= {
        "forest.png",
        "forest.svg",
        "counts_by_year.svg",
    }
    assert all(f.source_ids for f in report.findings())
    rows = to_csv(report).splitlines()
    assert rows[0].startswith("dataset,group,harm,a,b,c,d,E,prr") and len(rows) == 1 + len(analysis.table.n)


def test_demo_is_labelled_synthetic_where_it_matters(analysis) -> None:  # type: ignore[no-untyped-def]
    """Review finding 7: title, every finding, the disclaimers and every CSV row say SYNTHETIC; the demo source is
    cited instead of FDA MAUDE; the demo's harm ids are the real case definitions."""
    from stimsafe.signals.demo import DEMO_SOURCE, HARM_BACKGROUND
    from stimsafe.signals.harms import load_harms

    assert analysis.synthetic  # detected from the demo store's meta label
    report = build_report(analysis)
    assert "SYNTHETIC" in report.title
    assert report.findings() and all("SYNTHETIC" in f.reason and "SYNTHETIC" in f.title for f in report.findings())
    assert all("stimsafe-demo" in f.source_ids and "mdr-data" not in f.source_ids for f in report.findings())
    assert report.source(DEMO_SOURCE.id) == DEMO_SOURCE
    assert "SYNTHETIC" in report.disclaimers[0] and "No conclusion" in report.disclaimers[0]
    assert report.data["synthetic"] is True
    header, *rows = to_csv(report).splitlines()
    assert header.startswith("dataset,") and rows and all(r.startswith(DEMO_LABEL + ",") for r in rows)
    known = {h.id for h in load_harms().harms}
    assert set(HARM_BACKGROUND) <= known and {h for _, h in PLANTED} <= known and NULL_CELL[1] in known


def test_real_data_is_not_labelled_synthetic(analysis) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    report = build_report(replace(analysis, synthetic=False, dataset="signals store x.duckdb"))
    assert "SYNTHETIC" not in report.title and "SYNTHETIC" not in " ".join(report.disclaimers)
    assert all("mdr-data" in f.source_ids for f in report.findings())
    assert to_csv(report).splitlines()[1].startswith("signals store x.duckdb,")


def test_comparator_changes_the_universe() -> None:
    with build_demo_store(n_reports=3000) as store:
        everyone = analyse(store.connection, {"ZZ1": ("ZZ1",)}, dataset="demo")
        family = analyse(
            store.connection, {"ZZ1": ("ZZ1",)}, comparator=Comparator.parse("ZZ1,ZZ2,ZZ3,ZZ4,ZZ5"), dataset="d"
        )
    assert family.table.n_total < everyone.table.n_total
    assert "ZZ5" in family.table.comparator


def test_demo_uses_no_real_product_code_and_its_family_is_labelled_synthetic() -> None:
    from stimsafe import api
    from stimsafe.signals.counting import STIMULATOR_FAMILY

    with build_demo_store(n_reports=2000) as store:
        codes = {c for (c,) in store.connection.execute("SELECT DISTINCT product_code FROM devices").fetchall()}
    assert not codes & set(STIMULATOR_FAMILY)
    assert all(c.startswith(("ZZ", "S")) for c in codes)
    out = api.signals_run(demo=True, comparator="stimulators")
    assert out["comparator"].startswith("SYNTHETIC")


def test_cli_report_demo_formats(tmp_path: Path) -> None:
    runner = CliRunner()
    from stimsafe.cli.main import _register

    _register()
    md = runner.invoke(app, ["signals", "report", "--demo", "--plot", str(tmp_path)])
    assert md.exit_code == 0, md.output
    assert "Conventions" in md.output and "REPORTING SIGNAL" in md.output
    assert (tmp_path / "forest.png").stat().st_size > 0
    csv_out = runner.invoke(app, ["signals", "report", "--demo", "--format", "csv"])
    assert csv_out.exit_code == 0 and csv_out.output.startswith("dataset,group,harm")
    assert "SYNTHETIC" in md.output.splitlines()[0]
    data = api.signals_run(demo=True)
    assert data["mgps_fit"]["ok"] and any(c["flags"] for c in data["cells"])
