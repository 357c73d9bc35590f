"""The threshold search through its seam: a scripted is_excited stub."""

from __future__ import annotations

from stimsafe.dose.thresholds.search import find_threshold


def test_brackets_upward_and_bisects() -> None:
    calls: list[float] = []

    def stub(a: float) -> bool:
        calls.append(a)
        return a >= 2.5

    t = find_threshold(stub, 0.1, rel_tol=0.001)
    assert t and t.lower is not None and t.upper is not None
    assert t.lower < 2.5 <= t.upper and t.upper / t.lower - 1 <= 0.001
    assert t.evaluations == len(calls)


def test_brackets_downward() -> None:
    t = find_threshold(lambda a: a > 0.01, 5.0, rel_tol=0.01)
    assert t.amplitude is not None and 0.01 < t.amplitude < 0.0102


def test_failure_is_falsy_with_reason() -> None:
    t = find_threshold(lambda a: False, 1.0, max_amplitude=8.0)
    assert not t and "8" in t.reason
