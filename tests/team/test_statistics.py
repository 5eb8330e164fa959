"""The agreement coefficients against values worked out by hand on a tiny case."""
from __future__ import annotations

import pytest

from annotator.team.statistics import cohen_kappa, krippendorff_alpha

A = ["accepted", "accepted", "rejected", "rejected"]
B = ["accepted", "rejected", "rejected", "rejected"]


def test_cohen_kappa_by_hand():
    # observed 3/4; chance: A accepts 1/2, B 1/4 -> 1/2*1/4 + 1/2*3/4 = 1/2; kappa = (3/4 - 1/2) / (1 - 1/2)
    assert cohen_kappa(A, B) == pytest.approx(0.5)
    assert cohen_kappa(A, A) == pytest.approx(1.0)
    # systematic opposite: observed 0, chance 1/2 -> -1
    assert cohen_kappa(["accepted", "rejected"], ["rejected", "accepted"]) == pytest.approx(-1.0)


def test_cohen_kappa_undefined():
    assert cohen_kappa([], []) is None
    assert cohen_kappa(["accepted"] * 3, ["accepted"] * 3) is None  # chance agreement is 1


def test_krippendorff_alpha_by_hand():
    # Coincidences: o(acc,acc)=2, o(acc,rej)=o(rej,acc)=1, o(rej,rej)=4; n=8, n_acc=3, n_rej=5.
    # D_o = 2/8; D_e = 2*3*5/(8*7) = 30/56; alpha = 1 - (1/4)/(30/56) = 8/15.
    assert krippendorff_alpha([A, B]) == pytest.approx(8 / 15)


def test_krippendorff_alpha_missing_labels_and_three_reviewers():
    # Unit 4 has one label only: not pairable, dropped. Units 1-3 with three reviewers:
    # u1 acc,acc,acc: 6 acc-acc pairs /2 = o_aa 3; u2 acc,rej,rej: o_ar=o_ra=2/2=1, o_rr=2/2=1; u3 rej,rej,rej: o_rr 3
    # n=9, n_acc=4, n_rej=5; D_o = 2/9; D_e = 2*4*5/(9*8) = 40/72; alpha = 1 - (2/9)/(40/72) = 1 - 16/40 = 0.6
    table = [["accepted", "accepted", "rejected", "accepted"],
             ["accepted", "rejected", "rejected", None],
             ["accepted", "rejected", "rejected", None]]
    assert krippendorff_alpha(table) == pytest.approx(0.6)
    assert krippendorff_alpha([["accepted", None], [None, "rejected"]]) is None
