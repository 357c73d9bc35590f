"""Data squashing (DuMouchel & Pregibon 2001) as openEBGM's ``squashData`` describes it.

For one observed count N = ``count``, the points are sorted by E; the ``keep_pts`` points with the largest E (the most
variable) are kept as they are, and the rest are cut, in order, into consecutive bins of ``bin_size`` points (the
last bin takes the remainder). Each bin becomes one superpoint (N, mean E, weight = number of points it holds).
Points of other counts pass through unchanged, so squashing can be applied count after count.

References
----------
DuMouchel W, Pregibon D (2001). Empirical Bayes screening for multi-item associations. Proc KDD '01, 67-76.
doi:10.1145/502512.502526
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from stimsafe.errors import InputError

FloatArray = npt.NDArray[np.float64]


def squash(
    n: npt.ArrayLike,
    e: npt.ArrayLike,
    weights: npt.ArrayLike | None = None,
    *,
    count: int = 1,
    bin_size: int = 50,
    keep_pts: int = 100,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Squash the points with N = ``count``; return (N, E, weight) sorted by N, shape ``(m,)`` each.

    Examples
    --------
    >>> n, e, w = squash([1, 1, 1, 1, 1, 2], [0.1, 0.3, 0.2, 0.4, 0.9, 1.0], count=1, bin_size=2, keep_pts=1)
    >>> n.tolist(), e.round(2).tolist(), w.tolist()
    ([1.0, 1.0, 1.0, 2.0], [0.15, 0.35, 0.9, 1.0], [2.0, 2.0, 1.0, 1.0])
    """
    n_ = np.asarray(n, dtype=np.float64)
    e_ = np.asarray(e, dtype=np.float64)
    w_ = np.ones_like(n_) if weights is None else np.asarray(weights, dtype=np.float64)
    if bin_size < 2:
        raise InputError(
            "A squashing bin must hold at least 2 points.", field="bin_size", value=bin_size, hint="Use 2 or more."
        )
    if keep_pts < 0:
        raise InputError("keep_pts cannot be negative.", field="keep_pts", value=keep_pts, hint="Use 0 or more.")
    target = n_ == count
    if np.any(w_[target] != 1):
        raise InputError(
            f"Points with N = {count} were squashed already.",
            field="count",
            value=count,
            hint="Squash each count once.",
        )
    order = np.argsort(e_[target], kind="stable")
    e_sorted = e_[target][order]
    n_squash = e_sorted.size - keep_pts
    if n_squash < bin_size:
        return n_, e_, w_
    bins = np.arange(n_squash) // bin_size
    sums = np.bincount(bins, weights=e_sorted[:n_squash])
    sizes = np.bincount(bins).astype(np.float64)
    new_e = np.concatenate([sums / sizes, e_sorted[n_squash:]])
    new_w = np.concatenate([sizes, np.ones(keep_pts)])
    out_n = np.concatenate([n_[~target], np.full(new_e.size, float(count))])
    out_e = np.concatenate([e_[~target], new_e])
    out_w = np.concatenate([w_[~target], new_w])
    by_n = np.argsort(out_n, kind="stable")
    return out_n[by_n], out_e[by_n], out_w[by_n]


#: openEBGM ``autoSquash`` defaults (vignette "Data squashing"): counts 1-4 are squashed, keeping the 100 / 75 / 50 /
#: 25 largest E of each unsquashed; the number of super points grows with the number of points: none up to 500,
#: then 50, 75, 150, 500, 750, 1000, 2000, 5000 beyond the cut-offs 500, 1e3, 1e4, 1e5, 5e5, 1e6, 5e6.
AUTO_KEEP: tuple[int, ...] = (100, 75, 50, 25)
AUTO_CUT_OFFS: tuple[int, ...] = (500, 1_000, 10_000, 100_000, 500_000, 1_000_000, 5_000_000)
AUTO_SUPER_POINTS: tuple[int, ...] = (50, 75, 150, 500, 750, 1_000, 2_000, 5_000)


def auto_squash(n: npt.ArrayLike, e: npt.ArrayLike) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Squash the points of each count in turn (openEBGM ``autoSquash`` for N = 1-4, the same rule above); return
    (N, E, weight).

    >>> n, e, w = auto_squash([1] * 3000 + [5], [0.001 * i for i in range(3000)] + [2.0])
    >>> len(n), float(w.sum())
    (176, 3001.0)
    """
    out_n = np.asarray(n, dtype=np.float64)
    out_e = np.asarray(e, dtype=np.float64)
    out_w = np.ones_like(out_n)
    counts = np.unique(out_n)
    for count in counts[counts >= 1]:
        # openEBGM squashes counts 1-4; larger counts are squashed the same way (keeping 25) when they too number
        # more than 500 points, so a table of a million cells is fitted in seconds
        keep_pts = AUTO_KEEP[int(count) - 1] if count <= len(AUTO_KEEP) else AUTO_KEEP[-1]
        points = int(np.count_nonzero(out_n == count))
        if points <= AUTO_CUT_OFFS[0]:
            continue
        super_points = AUTO_SUPER_POINTS[sum(points > c for c in AUTO_CUT_OFFS) - 1]
        bin_size = max(2, -(-(points - keep_pts) // super_points))
        out_n, out_e, out_w = squash(out_n, out_e, out_w, count=int(count), bin_size=bin_size, keep_pts=keep_pts)
    return out_n, out_e, out_w
