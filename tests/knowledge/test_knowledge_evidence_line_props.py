"""Invariants of the one "Independent evidence" sentence, on random catalogues (Hypothesis, seeded profile)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from stimsafe.domain.evidence import Study, independent_evidence_line

_FUNDED = st.sampled_from(["yes", "no", "unknown"])
_MODALITIES = st.lists(
    st.sampled_from(["microcurrent", "ems", "other", "unknown"]), min_size=1, max_size=3, unique=True
)


@st.composite
def _study(draw: st.DrawFn, i: int) -> Study:
    return Study(
        id=f"s{i}",
        citation="c",
        design="RCT",
        modalities=tuple(draw(_MODALITIES)),
        device_ids=tuple(draw(st.lists(st.sampled_from(["dev", "other-dev"]), max_size=2, unique=True))),
        on_face=draw(st.booleans()),
        intervention="i",
        outcome="o",
        funding="f",
        maker_funded=draw(_FUNDED),
        maker_funded_why="w.",
        industry_funded=draw(_FUNDED),
        certainty="low",
        source_ids=("x",),
    )


_CATALOGUE = st.integers(0, 8).flatmap(lambda n: st.tuples(*(_study(i) for i in range(n))))


@given(_CATALOGUE, st.sampled_from(["microcurrent", "ems", "both", "unknown"]))
def test_counts_match_the_catalogue(studies: tuple[Study, ...], modality: str) -> None:
    line = independent_evidence_line("dev", modality, studies)
    assert line.startswith("Independent evidence: ") and line.endswith(".")
    own_independent = [s for s in studies if "dev" in s.device_ids and s.maker_funded == "no"]
    assert ("no independent study of this device found" in line) == (not own_independent)
    kinds = {"microcurrent": {"microcurrent"}, "ems": {"ems"}, "both": {"microcurrent", "ems"}}.get(modality)
    if kinds is None:
        assert line.endswith("its modality is not known.")
        return
    of_kind = [s for s in studies if kinds & set(s.modalities)]
    tail = line.split("; ", 1)[1]
    found = re.match(r"(\d+) stud(?:y|ies) of .+ \((\d+) on the face\), (\d+) funded by their maker", tail)
    assert found is not None, line
    n, face, paid = (int(g) for g in found.groups())
    assert n == len(of_kind)
    assert face == sum(s.on_face for s in of_kind) <= n
    assert paid == sum(s.maker_funded == "yes" for s in of_kind) <= n
