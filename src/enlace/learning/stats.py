"""Knowledge-gain statistics on plain numbers (scores in percent), so that the pages, the API and
the tests compute the same figures. No Django here; definitions in docs/learning-statistics.md.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TypedDict

import numpy as np
from scipy import stats as scipy_stats  # type: ignore[import-untyped]

PERFECT = 100.0
GAIN_THRESHOLD = 20.0
CONFIDENCE = 0.95
# Scores are ratios (points earned / points possible * 100), so two gains that are equal on paper
# can differ in the last bits (46.67 - 26.67 = 19.999999999999996). Comparisons (a gain of at
# least 20, a zero difference, two tied differences) allow for that much noise; nothing that is
# reported is rounded.
NOISE_DECIMALS = 9
NOISE = 10.0**-NOISE_DECIMALS


@dataclass(frozen=True)
class Pair:
    """One participant's matched pre- and post-test scores (percent); `key` identifies the
    participant (the enrolment id), so that two participants' scores are never combined."""

    key: Hashable
    pre: float
    post: float

    @property
    def gain(self) -> float:
        return gain(self.pre, self.post)

    @property
    def normalized_gain(self) -> float | None:
        return normalized_gain(self.pre, self.post)


class Figures(TypedDict):
    matched_pairs: int
    unmatched_pre: int
    unmatched_post: int
    mean_pre: float | None
    mean_post: float | None
    mean_gain: float | None
    gain_ci95: list[float] | None
    mean_normalized_gain: float | None
    wilcoxon_p: float | None
    share_gain_at_least_20: float | None


def gain(pre: float, post: float) -> float:
    """Raw gain in percentage points."""
    return float(post) - float(pre)


def normalized_gain(pre: float, post: float) -> float | None:
    """(post - pre) / (100 - pre): the share of what there was left to learn that was learnt.
    Undefined (None) when the pre-test was perfect."""
    if pre >= PERFECT:
        return None
    return (float(post) - float(pre)) / (PERFECT - float(pre))


def mean(values: Sequence[float]) -> float | None:
    if not values:
        return None
    return float(np.mean(np.asarray(values, dtype=float)))


def mean_ci95(values: Sequence[float]) -> list[float] | None:
    """The t interval of the mean: mean ± t(0.975, n-1) · sd / √n, sd the sample standard
    deviation (n-1). None below two values; [mean, mean] when every value is the same."""
    n = len(values)
    if n < 2:  # a sample standard deviation needs two values
        return None
    data = np.asarray(values, dtype=float)
    centre = float(np.mean(data))
    sd = float(np.std(data, ddof=1))
    if sd == 0.0:
        return [centre, centre]
    half = float(scipy_stats.t.ppf((1 + CONFIDENCE) / 2, n - 1)) * sd / math.sqrt(n)
    return [centre - half, centre + half]


def wilcoxon_p(pairs: Sequence[Pair]) -> float | None:
    """Two-sided p of the Wilcoxon signed-rank test on the matched pairs: the p of
    scipy.stats.wilcoxon(post, pre) with its defaults (zero_method "wilcox": zero differences are
    dropped; method "auto"). None without pairs or when every difference is zero, where SciPy has
    nothing to rank (it returns p = 1.0 with a warning, or raises for a single pair). Where SciPy
    would run its slow permutation test, the same p is counted here instead."""
    differences = np.round(
        np.asarray([p.post for p in pairs], dtype=float)
        - np.asarray([p.pre for p in pairs], dtype=float),
        NOISE_DECIMALS,
    )
    nonzero = differences[differences != 0]
    if nonzero.size == 0:
        return None
    tied = np.unique(np.abs(nonzero)).size < nonzero.size
    if differences.size <= SCIPY_PERMUTATION_MAX and (tied or nonzero.size < differences.size):
        return _signed_rank_permutation_p(nonzero)
    with warnings.catch_warnings():
        # SciPy warns when it switches to its normal approximation; the method it uses is
        # documented, and a warning is not a figure.
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", UserWarning)
        result = scipy_stats.wilcoxon(differences)
    p = float(result.pvalue)
    return None if math.isnan(p) else p


# With ties or zeros among at most this many differences, SciPy's "auto" method runs an exact
# permutation test over every assignment of signs (scipy.stats.permutation_test), which takes
# seconds from about 12 differences; _signed_rank_permutation_p gives the same p in microseconds.
SCIPY_PERMUTATION_MAX = 13


def _signed_rank_permutation_p(nonzero: np.ndarray) -> float:
    """The two-sided p of SciPy's exact sign-flip permutation test of the signed-rank statistic
    (the sum of the ranks of the positive differences, ties given their mean rank): the share of
    the 2^n sign assignments at least as extreme, each way, doubled and capped at 1. Zero
    differences are dropped (each doubles both counts alike). Counted by dynamic programming
    over the sums of doubled ranks, which are whole numbers."""
    doubled = np.rint(2 * scipy_stats.rankdata(np.abs(nonzero))).astype(np.int64)
    observed = int(doubled[nonzero > 0].sum())
    ways = np.zeros(int(doubled.sum()) + 1, dtype=np.int64)
    ways[0] = 1  # ways[s]: how many sign assignments give a doubled statistic of s
    for rank in doubled:
        shifted = np.zeros_like(ways)
        shifted[rank:] = ways[: ways.size - rank]
        ways = ways + shifted
    total = float(2**nonzero.size)
    less = float(ways[: observed + 1].sum()) / total
    greater = float(ways[observed:].sum()) / total
    return min(1.0, 2 * min(less, greater))


def share_gain_at_least(pairs: Sequence[Pair], points: float = GAIN_THRESHOLD) -> float | None:
    """The share (0 to 1) of matched participants whose gain is at least `points`."""
    if not pairs:
        return None
    hits = sum(1 for p in pairs if p.gain >= points - NOISE)
    return hits / len(pairs)


def summarize(pairs: Sequence[Pair], unmatched_pre: int = 0, unmatched_post: int = 0) -> Figures:
    """Every aggregate figure of a set of matched pairs. The order of `pairs` does not matter;
    one participant may appear only once."""
    keys = {p.key for p in pairs}
    if len(keys) != len(pairs):
        raise ValueError("A participant appears in more than one pair.")
    # A fixed order, so that floating-point sums do not depend on the order of the rows.
    ordered = sorted(pairs, key=lambda p: (p.pre, p.post))
    gains = [p.gain for p in ordered]
    normalized = [g for g in (p.normalized_gain for p in ordered) if g is not None]
    return {
        "matched_pairs": len(ordered),
        "unmatched_pre": unmatched_pre,
        "unmatched_post": unmatched_post,
        "mean_pre": mean([p.pre for p in ordered]),
        "mean_post": mean([p.post for p in ordered]),
        "mean_gain": mean(gains),
        "gain_ci95": mean_ci95(gains),
        "mean_normalized_gain": mean(normalized),
        "wilcoxon_p": wilcoxon_p(ordered),
        "share_gain_at_least_20": share_gain_at_least(ordered),
    }
