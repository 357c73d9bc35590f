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
