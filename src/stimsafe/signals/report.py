"""The signal report: per device group × harm, a, E, PRR [CI], ROR [CI], IC025, EB05, EBGM, flags, counts by year,
case narratives and an honest reading; figures (forest plot, counts by year) via matplotlib's Agg backend.

:func:`analyse` reads counts from a store connection (through :mod:`stimsafe.signals.counting`) and scores them
(:mod:`stimsafe.signals.stats`); :func:`build_report` turns the result into a :class:`~stimsafe.report.model.Report`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from stimsafe.domain.source import Source
from stimsafe.report.model import Finding, Report, Section, Table
from stimsafe.signals.background import background_warnings
from stimsafe.signals.chance_report import coincidence_reading, coincidence_sources
from stimsafe.signals.counting import Comparator, PairTable, count_store, counts_by_year, top_narratives
from stimsafe.signals.demo import DEMO_SOURCE
from stimsafe.signals.stats.fit import FitResult, fit_prior
from stimsafe.signals.stats.flags import CRITERIA
from stimsafe.signals.stats.frequentist import undefined_reason
from stimsafe.signals.stats.score import CellScores, score_cells
from stimsafe.signals.stats.squash import auto_squash

SOURCES: tuple[Source, ...] = (
    Source(
        id="openebgm",
        title="Canida T, Ihrie J. openEBGM (R Journal 2017;9(2):499-519)",
        url="https://doi.org/10.32614/RJ-2017-063",
    ),
    Source(
        id="evans-criteria",
        title="Evans criteria (PRR >= 2, chi2 >= 4, N >= 3) as used by FAERS tools",
        url="https://github.com/mirune0014/faers-mini-signal",
    ),
    Source(
        id="umc-ic",
        title="UMC shrinkage IC and IC025 (vigicaen ic_tail)",
        url="https://rdrr.io/cran/vigicaen/src/R/ic_tail.R",
    ),
    Source(
        id="mdr-data",
        title="FDA MDR data files (MAUDE): reports are submitted, not verified",
        url="https://www.fda.gov/medical-devices/medical-device-reporting-mdr-how-report-medical-device-problems/mdr-data-files",
    ),
    Source(
        id="bells-incidence",
        title="NICE CKS Bell's palsy (revised Feb 2023), as read out in a primary-care podcast",
        url="https://podcast.app/primary-care-guidelines-p6075955",
        note="secondary source for the 20-30 per 100,000 a year incidence",
    ),
)

HONEST_READING = (
    "A reporting signal says that a harm is reported more often with this device group than with the comparator. "
    "It is not proof that the device causes the harm, and no signal is not proof of safety.",
    "Reporting to MAUDE is voluntary for users, mandatory but uneven for manufacturers, unverified, and biased by "
    "publicity, litigation and awareness; duplicates occur and the number of devices in use is unknown, so no rate "
    "can be computed from these counts.",
    "Bell's palsy occurs without any device in about 20-30 people per 100,000 a year, so some reports of facial "
    "palsy after device use are expected by coincidence alone.",
)

SYNTHETIC_NOTICE = (
    "SYNTHETIC DATA: every report, count and narrative here is invented, with signals planted on purpose to show "
    "the method. No conclusion about any real device, product code or harm may be drawn from it."
)
_TITLE = "Adverse-event reporting signals"


@dataclass(frozen=True)
class SignalAnalysis:
    """Counts, scores, the MGPS fit and the per-cell extras of one analysis."""

    table: PairTable
    scores: CellScores
    fit: FitResult
    groups: dict[str, tuple[str, ...]]
    by_year: dict[tuple[str, str], list[tuple[int | None, int, int]]]
    narratives: dict[tuple[str, str], list[tuple[int, str]]]
    dataset: str
    synthetic: bool = False


def analyse(
    con: Any,
    groups: Mapping[str, Sequence[str]],
    *,
    comparator: Comparator | None = None,
    strata: Sequence[str] = (),
    harms: Sequence[str] | None = None,
    dataset: str = "signals store",
    narratives: int = 3,
    counter: Callable[..., PairTable] | None = None,
    synthetic: bool | None = None,
) -> SignalAnalysis:
    """Count, fit the MGPS prior on every product code × harm cell of the comparator, and score the groups.

    ``counter(groups, comparator=, strata=, harms=)`` replaces the DuckDB counting on ``con`` (e.g. the Spark
    engine, :func:`stimsafe.signals.spark.engine.engine_counter`); ``con`` still serves counts by year and narratives.
    Every requested group is crossed with every harm (``harms``, by default every harm of ``harms.yaml``), a = 0
    included.
    ``synthetic`` marks invented data (the report then says SYNTHETIC everywhere); ``None`` detects the demo store
    (:func:`is_synthetic`).
    """
    comparator = comparator or Comparator("all reports in the store")
    if harms is None:  # every defined harm, so a harm no group reported still shows as a = 0
        from stimsafe.signals.harms import load_harms

        harms = [h.id for h in load_harms().harms]
    count = counter or (lambda g, **kw: count_store(con, g, **kw))
    table = count(groups, comparator=comparator, strata=strata, harms=harms)
    every = count(None, comparator=comparator, strata=strata)
    keep = every.n >= 1
    fit = fit_every(every.n[keep], every.expected[keep])
    scores = _score(table, fit)
    frozen = {k: tuple(v) for k, v in groups.items()}
    by_year = {(g, h): counts_by_year(con, frozen[g], h) for g, h in zip(table.var1, table.var2, strict=True)}
    texts = {(g, h): top_narratives(con, frozen[g], h, narratives) for g, h in zip(table.var1, table.var2, strict=True)}
    flag = is_synthetic(con) if synthetic is None else synthetic
    return SignalAnalysis(table, scores, fit, frozen, by_year, texts, dataset, flag)


#: Above this many cells the prior is fitted on squashed points (openEBGM autoSquash), as openEBGM advises for
#: large tables: the fit then takes a fraction of a second instead of growing with the number of cells.
SQUASH_ABOVE_CELLS = 5_000
#: Below this many (N, E) points a failed prior fit is explained as too few cells to identify the prior.
FEW_POINTS = 500


def fit_every(n: Any, e: Any) -> FitResult:
    """The MGPS prior fit on every cell, squashed above :data:`SQUASH_ABOVE_CELLS` cells."""
    if len(n) > SQUASH_ABOVE_CELLS:
        return fit_prior(*auto_squash(n, e), n_star=1)
    return fit_prior(n, e, n_star=1)


def _score(table: PairTable, fit: FitResult) -> CellScores:
    """Score every cell; where E = 0 (a group without reports, or a harm without cases, in the comparator) the
    data say nothing about the cell, so EBGM, EB05 and EB95 are undefined (NaN) rather than the prior's own values."""
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = score_cells(*table.cells(), table.expected, theta=fit.theta if fit else None)
    empty = table.expected <= 0
    if not empty.any():
        return scores
    return replace(
        scores,
        ebgm=np.where(empty, np.nan, scores.ebgm),
        eb05=np.where(empty, np.nan, scores.eb05),
        eb95=np.where(empty, np.nan, scores.eb95),
    )


def _undefined(analysis: SignalAnalysis, i: int) -> dict[str, str]:
    """Why measures of cell ``i`` are undefined: the 2×2 reasons, and E = 0 for the Bayesian measures."""
    a, b, c, d = (int(x[i]) for x in analysis.table.cells())
    reasons = undefined_reason(a, b, c, d)
    if a + c == 0:  # 0/0, not infinity: nobody in the comparator reported this harm
        reasons = {"harm": "PRR, ROR and chi2 are undefined: no report of this harm in the comparator (a + c = 0)"}
    elif a + b == 0:
        reasons = {"group": "PRR, ROR and chi2 are undefined: no report of this group in the comparator (a + b = 0)"}
    if analysis.table.expected[i] <= 0:
        reasons["ebgm"] = (
            "EBGM, EB05 and EB95 are undefined: E = 0 (the group or the harm has no report in the comparator)"
        )
    return reasons


def is_synthetic(con: Any) -> bool:
    """Whether the store holds the built-in synthetic demo data (its ``meta`` dataset label says SYNTHETIC)."""
    import duckdb

    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'dataset'").fetchone()
    except duckdb.Error:  # a connection without a meta table (Parquet views) is not the demo store
        return False
    return bool(row) and "SYNTHETIC" in str(row[0]).upper()


def _fmt(x: float, digits: int = 3) -> str:
    if np.isnan(x):
        return "undefined"
    if np.isinf(x):
        return "inf"
    return f"{x:.{digits}g}"


def _ci(est: float, lo: float, hi: float) -> str:
    if np.isnan(lo):
        return f"{_fmt(est)} [CI undefined]"
    return f"{_fmt(est)} [{_fmt(lo)}, {_fmt(hi)}]"


def _flag_names(s: CellScores, i: int) -> list[str]:
    out = []
    if s.flags.evans[i]:
        out.append("Evans")
    if s.flags.ic025[i]:
        out.append("IC025>0")
    if s.flags.eb05[i]:
        out.append("EB05>=2")
    return out


def harm_label(harm_id: str) -> str:
    """A harm id as its case definition's label (``numbness_paresthesia`` -> "Numbness / tingling ..."); ids the
    definitions do not know are shown with spaces.

    >>> harm_label("facial_palsy")
    "Facial palsy / paralysis / Bell's palsy"
    """
    from stimsafe.signals.harms.definitions import load_harms

    labels = {h.id: h.label for h in load_harms().harms}
    return labels.get(harm_id, harm_id.replace("_", " "))


def _rows(analysis: SignalAnalysis) -> list[tuple[str | int | float | None, ...]]:
    t, s = analysis.table, analysis.scores
    rows: list[tuple[str | int | float | None, ...]] = []
    for i, (g, h) in enumerate(zip(t.var1, t.var2, strict=True)):
        rows.append((
            g, harm_label(h), int(t.n[i]), f"{t.expected[i]:.3g}",
            _ci(s.prr[i], s.prr_lower[i], s.prr_upper[i]), _ci(s.ror[i], s.ror_lower[i], s.ror_upper[i]),
            _fmt(s.chi2_yates[i]), _fmt(s.ic025[i]), _fmt(s.eb05[i]), _fmt(s.ebgm[i]),
            ", ".join(_flag_names(s, i)) or "none",
        ))  # fmt: skip
    return rows


def _findings(analysis: SignalAnalysis) -> list[Finding]:
    t, s = analysis.table, analysis.scores
    prefix, data_source = (
        ("SYNTHETIC demo data, invented reports: ", "stimsafe-demo") if analysis.synthetic else ("", "mdr-data")
    )
    out = []
    for i, (g, h) in enumerate(zip(t.var1, t.var2, strict=True)):
        names = _flag_names(s, i)
        if not names:
            continue
        out.append(
            Finding(
                id=f"signal-{g}-{h}",
                tier="REPORTING SIGNAL",
                rank=1,
                title=("[SYNTHETIC] " if analysis.synthetic else "")
                + f"{harm_label(h)} is reported disproportionately often with {g}",
                reason=(
                    prefix
                    + f"a = {int(t.n[i])} reports against E = {t.expected[i]:.3g} expected; flagged by "
                    + ", ".join(names)
                    + ". This is a statistical association in voluntary reports, not proof of cause."
                ),
                action="Review the case narratives and the reporting context before drawing any conclusion.",
                source_ids=("openebgm", "evans-criteria", "umc-ic", data_source),
            )
        )
    return out


def _conventions(analysis: SignalAnalysis) -> tuple[str, ...]:
    t, fit = analysis.table, analysis.fit
    strata = ", ".join(t.strata) if t.strata else "none (unstratified)"
    if fit and fit.theta is not None:
        th = fit.theta
        mgps = (
            f"MGPS prior fitted on {fit.n_points} distinct (N, E) points of every product code x harm cell (squashed "
            f"as openEBGM autoSquash when there are more than {SQUASH_ABOVE_CELLS:,} cells), truncated "
            f"at N* = {fit.n_star} per component (openEBGM): alpha1={th.alpha1:.4g}, beta1={th.beta1:.4g}, "
            f"alpha2={th.alpha2:.4g}, beta2={th.beta2:.4g}, P={th.p:.4g}, -logL={fit.nll:.3f} ({fit.reason})."
        )
    else:
        mgps = f"MGPS not available: the prior fit failed ({fit.reason}). EBGM and EB05 are shown as undefined."
        if 0 < fit.n_points < FEW_POINTS:
            mgps += (
                f" Why: the prior's 5 parameters are estimated across every product code x harm cell of the "
                f"comparator, and this store gives only {fit.n_points} distinct (N, E) points (a store of a few "
                "product codes); a two-gamma prior is not identifiable from so few (openEBGM fits thousands). Load "
                "more devices' reports (signals download) for EBGM/EB05; PRR, ROR, chi2 and IC do not need the prior."
            )
    return (
        *((SYNTHETIC_NOTICE,) if analysis.synthetic else ()),
        f"Dataset: {analysis.dataset}.",
        t.convention,
        f"Comparator: {t.comparator}; N = {t.n_total} reports. Strata for E: {strata}.",
        "PRR and ROR with 95% Wald intervals on the log scale; chi-squared with Yates' correction; "
        "IC = log2((a+0.5)/(E+0.5)) with the gamma-posterior IC025.",
        mgps,
        "Flags: " + "; ".join(CRITERIA.values()) + ".",
        *t.notes,
    )


def build_report(analysis: SignalAnalysis, *, plot_dir: Path | None = None) -> Report:
    """The signal report; figures are written to ``plot_dir`` (PNG and SVG) when given."""
    columns = (
        "group",
        "harm",
        "a",
        "E",
        "PRR [95% CI]",
        "ROR [95% CI]",
        "chi2 (Yates)",
        "IC025",
        "EB05",
        "EBGM",
        "flags",
    )
    table = Table(title="Disproportionality by device group and harm", columns=columns, rows=tuple(_rows(analysis)))
    undefined = [
        f"{g} × {harm_label(h)}: " + "; ".join(reasons.values())
        for g, h, reasons in (
            (g, h, _undefined(analysis, i))
            for i, (g, h) in enumerate(zip(analysis.table.var1, analysis.table.var2, strict=True))
        )
        if reasons
    ]
    figures = tuple(str(p) for p in write_figures(analysis, plot_dir)) if plot_dir else ()
    sections = [
        Section(title="Conventions", paragraphs=_conventions(analysis)),
        Section(
            title="Signals",
            findings=tuple(_findings(analysis)),
            tables=(table,),
            paragraphs=background_warnings(analysis.table, analysis.groups),
            figures=figures,
        ),
        Section(title="Where a statistic is undefined", paragraphs=tuple(undefined) or ("None: all are defined.",)),
        Section(title="Counts by year", tables=tuple(_year_tables(analysis))),
        Section(title="Case narratives", paragraphs=tuple(_narrative_lines(analysis))),
        Section(title="How to read this", paragraphs=(*HONEST_READING, coincidence_reading())),
    ]  # fmt: skip
    flagged = sum(bool(n) for n in (_flag_names(analysis.scores, i) for i in range(len(analysis.table.n))))
    synthetic = analysis.synthetic
    return Report(
        kind="signals",
        title=f"SYNTHETIC DEMO DATA - {_TITLE} (invented reports)" if synthetic else _TITLE,
        summary=(f"{flagged} of {len(analysis.table.n)} device group x harm cells flagged. {analysis.dataset}.",),
        sections=tuple(sections),
        sources=(*SOURCES, *coincidence_sources(), *((DEMO_SOURCE,) if synthetic else ())),
        disclaimers=(SYNTHETIC_NOTICE, *HONEST_READING[:1]) if synthetic else HONEST_READING[:1],
        data=_payload(analysis),
    )


def _year_tables(analysis: SignalAnalysis) -> list[Table]:
    out = []
    for (g, h), rows in analysis.by_year.items():
        out.append(
            Table(
                title=f"{g} x {h}",
                columns=("year", "reports with harm", "reports of group"),
                rows=tuple(("unknown year" if y is None else y, a, n) for y, a, n in rows),
            )
        )
    return out


def _narrative_lines(analysis: SignalAnalysis) -> list[str]:
    lines = []
    for (g, h), texts in analysis.narratives.items():
        lines += [f"{g} x {h}, report {key}: {text}" for key, text in texts]
    return lines or ["No narratives in the store for these cells."]


def _payload(analysis: SignalAnalysis) -> dict[str, Any]:
    t, s = analysis.table, analysis.scores

    def clean(x: float) -> float | str | None:
        return None if np.isnan(x) else ("inf" if np.isinf(x) else float(x))

    cells = []
    for i, (g, h) in enumerate(zip(t.var1, t.var2, strict=True)):
        a, b, c, d = (int(x[i]) for x in t.cells())
        cell: dict[str, Any] = {"group": g, "harm": h, "a": a, "b": b, "c": c, "d": d, "E": float(t.expected[i])}
        for name in ("prr", "prr_lower", "prr_upper", "ror", "ror_lower", "ror_upper", "chi2_yates", "ic", "ic025",
                     "bcpnn_ic025", "ebgm", "eb05", "eb95"):  # fmt: skip
            cell[name] = clean(float(getattr(s, name)[i]))
        cell["flags"] = _flag_names(s, i)
        cell["undefined"] = _undefined(analysis, i)
        cells.append(cell)
    fit = analysis.fit
    return {
        "dataset": analysis.dataset,
        "synthetic": analysis.synthetic,
        "conventions": list(_conventions(analysis)),
        "comparator": t.comparator,
        "n_total": t.n_total,
        "strata": list(t.strata),
        "mgps_fit": {
            "ok": fit.ok,
            "reason": fit.reason,
            "nll": fit.nll if fit else None,
            "theta": fit.theta.as_array().tolist() if fit.theta else None,
        },
        "cells": cells,
    }


def to_csv(report: Report) -> str:
    """The cell table of a signals report as CSV (one row per group x harm, machine-readable numbers).

    The first column, ``dataset``, names the data on every row (``SYNTHETIC ...`` for the demo), so a row copied
    out of the file keeps its label.
    """
    import csv
    import io

    cells = report.data.get("cells", [])
    dataset = str(report.data.get("dataset", ""))
    if report.data.get("synthetic") and "SYNTHETIC" not in dataset.upper():
        dataset = f"SYNTHETIC {dataset}"
    buffer = io.StringIO()
    if cells:
        fields = ["dataset", *(k for k in cells[0] if k not in {"undefined"})]
        writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for cell in cells:
            writer.writerow({"dataset": dataset, **cell, "flags": ";".join(cell["flags"])})
    return buffer.getvalue()


def write_figures(analysis: SignalAnalysis, plot_dir: Path) -> list[Path]:
    """Forest plot of PRR, ROR and EBGM with intervals, and counts by year; PNG and accessible SVG each
    (matplotlib Agg). Legends sit below the plot (never over the data); long titles wrap."""
    import textwrap

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from stimsafe.report.figures import save_figure

    plot_dir.mkdir(parents=True, exist_ok=True)
    t, s = analysis.table, analysis.scores
    labels = [f"{g} × {harm_label(h)}" for g, h in zip(t.var1, t.var2, strict=True)]
    y = np.arange(len(labels))
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(labels) + 2.2))
    for offset, (name, est, lo, hi) in zip((-0.2, 0.0, 0.2), (
        ("PRR", s.prr, s.prr_lower, s.prr_upper), ("ROR", s.ror, s.ror_lower, s.ror_upper),
        ("EBGM [EB05, EB95]", s.ebgm, s.eb05, s.eb95)), strict=True):  # fmt: skip
        ok = np.isfinite(est) & np.isfinite(lo) & np.isfinite(hi) & (est > 0)
        ax.errorbar(est[ok], y[ok] + offset, xerr=[est[ok] - lo[ok], hi[ok] - est[ok]], fmt="o", capsize=3, label=name)
    ax.axvline(1.0, color="grey", lw=1)
    ax.axvline(2.0, color="grey", lw=1, ls="--")
    ax.set_xscale("log")
    ax.set_yticks(y, labels)
    ax.set_xlabel("ratio (log scale); 1 = as often as the comparator")
    title = "Disproportionality measures (" + analysis.dataset[:80] + ")"
    ax.set_title(textwrap.fill(title, 60), fontsize="medium")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3, fontsize="small", frameon=False)
    desc = (
        f"Forest plot: PRR, ROR and EBGM with their intervals for {len(labels)} device group x harm cells, on a log "
        "scale; a solid line at 1 (as often as the comparator) and a dashed line at 2. The numbers are in the table."
    )
    paths = save_figure(fig, plot_dir / "forest", title=title, description=desc, dpi=120, bbox_inches="tight")
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(8, 4.2))
    styles = {g: ("-", "--", ":", "-.")[i % 4] for i, g in enumerate(dict.fromkeys(g for g, _ in analysis.by_year))}
    for (g, h), rows in analysis.by_year.items():
        dated = [r for r in rows if r[0] is not None]
        if dated:  # one line style per device group, so same-coloured harms of two groups stay apart
            ax.plot([int(r[0] or 0) for r in dated], [r[1] for r in dated], marker="o", linestyle=styles[g],
                    label=f"{g} × {harm_label(h)}")  # fmt: skip
    ax.set_xlabel("year received")
    ax.set_ylabel("reports (unique)")
    ax.set_title("Reports of each harm by year", fontsize="medium")
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    n_series = max(1, len(analysis.by_year))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=min(2, n_series), fontsize="small", frameon=False)
    desc = (
        f"Line chart: unique reports of each harm per year received, one line per device group x harm "
        f"({n_series} lines). The numbers are in the counts-by-year tables."
    )
    paths += save_figure(
        fig, plot_dir / "counts_by_year", title="Reports of each harm by year", description=desc, dpi=120,
        bbox_inches="tight",
    )  # fmt: skip
    plt.close(fig)
    return paths
