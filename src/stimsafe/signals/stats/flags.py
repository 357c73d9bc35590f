"""The documented signal criteria, applied to arrays of statistics of shape ``(k,)``.

- Evans: PRR ≥ 2, χ² (Yates) ≥ 4 and a ≥ 3 (Evans et al. 2001, doi:10.1002/pds.677; as quoted by FAERS tools,
  facts/surveillance.md §4.1).
- IC: IC025 > 0 (UMC shrinkage IC; Norén et al. 2013, doi:10.1177/0962280211403604).
- MGPS: EB05 ≥ 2 (DuMouchel 1999; openEBGM vignette "Empirical Bayes Metrics").

A flag is a screening statement about reporting, never evidence that a device causes a harm. Undefined statistics
(``nan``) never raise a flag.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

BoolArray = npt.NDArray[np.bool_]

EVANS_PRR_MIN = 2.0
EVANS_CHI2_MIN = 4.0
EVANS_A_MIN = 3
EB05_MIN = 2.0
IC025_ABOVE = 0.0

CRITERIA: dict[str, str] = {
    "evans": "Evans: PRR >= 2 and Yates chi-squared >= 4 and a >= 3",
    "ic025": "IC025 > 0 (UMC shrinkage information component, lower 95% bound)",
    "eb05": "EB05 >= 2 (MGPS empirical Bayes lower 5% bound)",
}


@dataclass(frozen=True)
class Flags:
    """One boolean array per criterion, shape ``(k,)``."""

    evans: BoolArray
    ic025: BoolArray
    eb05: BoolArray

    def any(self) -> BoolArray:
        """Cells flagged by at least one criterion."""
        return np.asarray(self.evans | self.ic025 | self.eb05)


def flag(a: npt.ArrayLike, prr: npt.ArrayLike, chi2: npt.ArrayLike, ic025: npt.ArrayLike, eb05: npt.ArrayLike) -> Flags:
    """Apply the three documented criteria.

    Examples
    --------
    >>> f = flag([5, 2], [111.0, 3.0], [396.6, 9.0], [1.79, 0.1], [20.0, float("nan")])
    >>> f.evans.tolist(), f.ic025.tolist(), f.eb05.tolist()
    ([True, False], [True, True], [True, False])
    """
    with np.errstate(invalid="ignore"):
        a_ = np.asarray(a, dtype=np.float64)
        evans = (np.asarray(prr, dtype=np.float64) >= EVANS_PRR_MIN) & (
            np.asarray(chi2, dtype=np.float64) >= EVANS_CHI2_MIN
        )
        evans &= a_ >= EVANS_A_MIN
        ic = np.asarray(ic025, dtype=np.float64) > IC025_ABOVE
        eb = np.asarray(eb05, dtype=np.float64) >= EB05_MIN
    return Flags(np.asarray(evans), np.asarray(ic), np.asarray(eb))
