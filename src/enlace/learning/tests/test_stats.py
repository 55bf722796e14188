"""The knowledge-gain statistics against values computed by hand on small fixed data, and their
properties with hypothesis. Every expected number below is written out, with its working."""

from __future__ import annotations

import math
import random
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from enlace.learning import stats
from enlace.learning.stats import Pair

# t(0.975, n-1) from a table of Student's t distribution.
T_975 = {3: 3.182446305284263, 5: 2.5705818366147395}


def _pairs(*scores: tuple[float, float]) -> list[Pair]:
    return [Pair(key=f"p{i}", pre=pre, post=post) for i, (pre, post) in enumerate(scores, 1)]


# Six matched participants: two tied gains of 20, a zero difference, a perfect pre-test that
# fell, |-10| tied with +10.
#   participant  pre  post  gain  normalised gain
#   p1            40    60    20  20/60 = 1/3
#   p2            50    70    20  20/50 = 2/5
#   p3            60    60     0  0/40  = 0
#   p4           100    90   -10  undefined (pre is 100)
#   p5            30    80    50  50/70 = 5/7
#   p6            70    80    10  10/30 = 1/3
SIX = _pairs((40, 60), (50, 70), (60, 60), (100, 90), (30, 80), (70, 80))


def test_hand_computed_figures_with_ties_zero_and_a_perfect_pre_test():
    figures = stats.summarize(SIX, unmatched_pre=1, unmatched_post=2)

    assert figures["matched_pairs"] == 6
    # Unmatched participants are counted, not dropped.
    assert figures["unmatched_pre"] == 1
    assert figures["unmatched_post"] == 2
    assert figures["mean_pre"] == pytest.approx(350 / 6)  # 40+50+60+100+30+70 = 350
    assert figures["mean_post"] == pytest.approx(440 / 6)  # 60+70+60+90+80+80 = 440
    assert figures["mean_gain"] == pytest.approx(15.0)  # 20+20+0-10+50+10 = 90; 90/6
    # Deviations from 15: 5, 5, -15, -25, 35, -5; squares 25+25+225+625+1225+25 = 2150;
    # sample variance 2150/5 = 430; standard error sqrt(430/6) = 8.4656167;
    # half-width t(0.975, 5) * 8.4656167 = 2.5705818 * 8.4656167 = 21.7615606.
    half = T_975[5] * math.sqrt(430 / 6)
    assert half == pytest.approx(21.7615606, abs=1e-6)
    assert figures["gain_ci95"] == pytest.approx([15 - half, 15 + half])
    # Over the five defined normalised gains (p4 is left out):
    # (1/3 + 2/5 + 0 + 5/7 + 1/3) / 5 = (187/105) / 5 = 187/525.
    assert figures["mean_normalized_gain"] == pytest.approx(187 / 525)
    # Gains of at least 20: p1, p2, p5.
    assert figures["share_gain_at_least_20"] == pytest.approx(3 / 6)
    # Wilcoxon, zero difference (p3) dropped: differences 20, 20, -10, 50, 10.
    # |d| ranked: 10, 10 -> 1.5 each; 20, 20 -> 3.5 each; 50 -> 5.
    # W+ = 3.5 + 3.5 + 5 + 1.5 = 13.5, W- = 1.5 (p4); SciPy's statistic min(W+, W-) = 1.5.
    # With ties and a zero SciPy enumerates the 2^5 sign assignments of the ranks
    # {1.5, 1.5, 3.5, 3.5, 5} (sum 15): W+ >= 13.5 when W- <= 1.5, i.e. W- in {0, 1.5a, 1.5b}:
    # 3 of 32. Two-sided p = 2 * 3/32 = 0.1875.
    assert figures["wilcoxon_p"] == pytest.approx(0.1875)


def test_exact_wilcoxon_without_ties_or_zeros():
    # Differences 5, 10, 15, 20, -25 -> ranks 1..5, W- = 5, W+ = 10. Of the 32 subsets of
    # {1, 2, 3, 4, 5}, 10 have a sum of at least 10 (sums 10: 3, 11: 2, 12: 2, 13, 14, 15: 1
    # each), so p = 2 * 10/32 = 0.625.
    pairs = _pairs((10, 15), (20, 30), (30, 45), (40, 60), (50, 25))
    assert stats.wilcoxon_p(pairs) == pytest.approx(0.625)
    # Every participant gained: W- = 0, one subset of 32 as extreme each way, p = 2/32.
    gained = _pairs((10, 20), (20, 40), (30, 60), (40, 80), (50, 100))
    assert stats.wilcoxon_p(gained) == pytest.approx(0.0625)


def test_wilcoxon_is_undefined_without_pairs_or_without_any_difference():
    assert stats.wilcoxon_p([]) is None
    # SciPy returns p = 1.0 with a division warning here (and raises for one pair): None.
    assert stats.wilcoxon_p(_pairs((50, 50), (70, 70), (100, 100))) is None
    assert stats.wilcoxon_p(_pairs((50, 50))) is None
    # One non-zero difference is a test, if a weak one: 2 sign assignments, p = 1.
    assert stats.wilcoxon_p(_pairs((50, 60))) == pytest.approx(1.0)
    # A non-zero difference and a zero one: the zero is dropped, same answer.
    assert stats.wilcoxon_p(_pairs((50, 60), (40, 40))) == pytest.approx(1.0)


def test_tied_gains_tie_even_when_the_scores_are_not_exact_in_binary():
    # On paper each of these gains is 1/6 of the test; in floating point 100/6 - 0,
    # 50 - 100/3 and 50 - 200/3 come out as 16.666666666666668, 16.666666666666664 and
    # -16.66666666666667.
    pairs = [
        Pair("a", pre=0.0, post=100 * 1 / 6),
        Pair("b", pre=100 * 1 / 3, post=100 * 3 / 6),
        Pair("c", pre=100 * 2 / 3, post=100 * 3 / 6),
        Pair("d", pre=0.0, post=50.0),
    ]
    assert len({abs(p.gain) for p in pairs[:3]}) == 3  # the noise is real
    # As ties: ranks 2, 2, 2 and 4; W- = 2 (c). W+ >= 8 when W- <= 2: the empty set or one of
    # the three 2s, 4 of 16; p = 2 * 4/16 = 0.5. (Ranked 1, 2, 3 as distinct numbers it would
    # be W- = 3 and p = 0.625.)
    assert stats.wilcoxon_p(pairs) == pytest.approx(0.5)


def test_a_gain_of_twenty_on_paper_counts_as_twenty():
    # 7/15 - 4/15 of the points is 20 points; in floating point 19.999999999999996.
    pair = Pair("a", pre=100 * 4 / 15, post=100 * 7 / 15)
    assert pair.gain < 20
    assert stats.share_gain_at_least([pair]) == 1.0
    assert stats.share_gain_at_least([Pair("b", pre=50, post=69.9)]) == 0.0


def test_normalized_gain():
    assert stats.normalized_gain(40, 70) == pytest.approx(0.5)  # 30 / 60
    assert stats.normalized_gain(0, 100) == 1.0
    assert stats.normalized_gain(80, 60) == pytest.approx(-1.0)  # -20 / 20
    assert stats.normalized_gain(100, 100) is None
    assert stats.normalized_gain(100, 40) is None


def test_interval_needs_two_pairs_and_collapses_without_spread():
    assert stats.mean_ci95([]) is None
    assert stats.mean_ci95([12.5]) is None
    assert stats.mean_ci95([20, 20, 20]) == [20.0, 20.0]
    # Gains 10, 20, 30, 40: mean 25, sample sd sqrt(500/3) = 12.9099445, se = 6.4549722,
    # t(0.975, 3) = 3.1824463: half-width 3.1824463 * 6.4549722 = 20.542603.
    low, high = stats.mean_ci95([10, 20, 30, 40])  # type: ignore[misc]
    assert low == pytest.approx(25 - 20.542603, abs=1e-6)
    assert high == pytest.approx(25 + 20.542603, abs=1e-6)


def test_no_pairs_gives_counts_and_no_figures():
    figures = stats.summarize([], unmatched_pre=3, unmatched_post=0)
    assert figures == {
        "matched_pairs": 0,
        "unmatched_pre": 3,
        "unmatched_post": 0,
        "mean_pre": None,
        "mean_post": None,
        "mean_gain": None,
        "gain_ci95": None,
        "mean_normalized_gain": None,
        "wilcoxon_p": None,
        "share_gain_at_least_20": None,
    }


def test_only_perfect_pre_tests_leave_the_normalized_mean_undefined():
    figures = stats.summarize(_pairs((100, 100), (100, 80)))
    assert figures["mean_normalized_gain"] is None
    assert figures["mean_gain"] == pytest.approx(-10.0)


def test_a_participant_appears_in_one_pair_only():
    with pytest.raises(ValueError, match="more than one pair"):
        stats.summarize([Pair("same", 10, 20), Pair("same", 30, 40)])


def test_figures_are_plain_floats():
    figures = stats.summarize(SIX)
    for name in ("mean_pre", "mean_post", "mean_gain", "mean_normalized_gain", "wilcoxon_p"):
        assert type(figures[name]) is float
    assert all(type(v) is float for v in figures["gain_ci95"] or [])


# Properties

score = st.floats(min_value=0, max_value=100, allow_nan=False)
# Scores as they arise: points earned over points possible.
fraction_score = st.integers(1, 40).flatmap(
    lambda possible: st.integers(0, possible).map(lambda earned: 100.0 * earned / possible)
)
participants = st.lists(st.tuples(fraction_score, fraction_score), max_size=30)


@given(pre=score, post=score)
def test_gain_is_bounded_and_normalized_gain_at_most_one(pre, post):
    assert -100 <= stats.gain(pre, post) <= 100
    normalized = stats.normalized_gain(pre, post)
    assert (normalized is None) == (pre == 100)
    assert normalized is None or normalized <= 1


@given(scores=participants, seed=st.integers())
def test_pairs_are_never_mixed_whatever_the_order(scores, seed):
    pairs = _pairs(*scores)
    shuffled = pairs[:]
    random.Random(seed).shuffle(shuffled)
    assert stats.summarize(shuffled) == stats.summarize(pairs)


@given(scores=participants)
def test_figures_are_consistent(scores):
    figures = stats.summarize(_pairs(*scores))
    n = len(scores)
    assert figures["matched_pairs"] == n
    if n == 0:
        return
    assert figures["mean_gain"] == pytest.approx(
        figures["mean_post"] - figures["mean_pre"], abs=1e-9
    )
    assert -100 <= figures["mean_gain"] <= 100
    assert 0 <= figures["share_gain_at_least_20"] <= 1
    interval = figures["gain_ci95"]
    if n < 2:
        assert interval is None
    else:
        assert interval[0] <= figures["mean_gain"] + 1e-9
        assert interval[1] >= figures["mean_gain"] - 1e-9
    p = figures["wilcoxon_p"]
    assert p is None or 0 < p <= 1
    assert (p is None) == all(abs(post - pre) < stats.NOISE for pre, post in scores)
    mean_normalized = figures["mean_normalized_gain"]
    assert mean_normalized is None or mean_normalized <= 1


@given(scores=participants, split=st.lists(st.booleans(), min_size=30, max_size=30))
def test_groups_partition_the_pairs(scores, split):
    pairs = _pairs(*scores)
    left = [p for p, side in zip(pairs, split, strict=False) if side]
    right = [p for p, side in zip(pairs, split, strict=False) if not side]
    whole = stats.summarize(pairs)
    parts = [stats.summarize(left), stats.summarize(right)]
    assert sum(f["matched_pairs"] for f in parts) == whole["matched_pairs"]
    if whole["matched_pairs"]:
        weighted = sum(f["mean_gain"] * f["matched_pairs"] for f in parts if f["matched_pairs"])
        assert weighted / whole["matched_pairs"] == pytest.approx(whole["mean_gain"], abs=1e-9)


# SciPy itself, as the reference for the fast path (the permutation test SciPy runs with ties or
# zeros among up to 13 differences). Kept small: SciPy needs up to a second per call here.
small_difference = st.sampled_from([-30.0, -20.0, -10.0, 0.0, 0.0, 10.0, 20.0, 30.0, 45.0])


@settings(max_examples=40, deadline=None)
@given(differences=st.lists(small_difference, min_size=1, max_size=9))
def test_wilcoxon_p_is_scipys(differences):
    pairs = [Pair(i, pre=50.0, post=50.0 + d) for i, d in enumerate(differences)]
    if not any(differences):
        assert stats.wilcoxon_p(pairs) is None
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = float(scipy_stats.wilcoxon(differences).pvalue)
    assert stats.wilcoxon_p(pairs) == expected


def test_wilcoxon_p_is_scipys_at_the_permutation_limit_and_beyond():
    # 13 differences with ties and a zero: SciPy's permutation test (about two seconds).
    thirteen = [10.0, 10.0, 20.0, 30.0, 40.0, 40.0, 50.0, -60.0, 70.0, 80.0, 90.0, 0.0, -5.0]
    # 14: SciPy's normal approximation; 8 without ties or zeros: its exact distribution.
    fourteen = [*thirteen, 15.0]
    eight = [1.0, -2.0, 3.0, 4.0, 5.0, 6.0, -7.0, 8.0]
    for differences in (thirteen, fourteen, eight):
        pairs = [Pair(i, pre=50.0, post=50.0 + d) for i, d in enumerate(differences)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = float(scipy_stats.wilcoxon(differences).pvalue)
        assert stats.wilcoxon_p(pairs) == pytest.approx(expected, rel=1e-12)
