"""Agreement coefficients on accept/reject labels.

Cohen's kappa is the textbook formula over a 2x2 table (five lines; scikit-learn's cohen_kappa_score gives the
same numbers but would add a ~40 MB dependency for one function). Krippendorff's alpha comes from the
`krippendorff` package (numpy only), which handles missing labels and any number of reviewers.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

LABELS = {"accepted": 1.0, "rejected": 0.0}


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    """Kappa of two label sequences of equal length; None when undefined (no items, or chance agreement is 1:
    both reviewers used one and the same label throughout)."""
    n = len(a)
    if n == 0 or n != len(b):
        return None
    observed = sum(x == y for x, y in zip(a, b)) / n
    labels = set(a) | set(b)
    expected = sum((list(a).count(k) / n) * (list(b).count(k) / n) for k in labels)
    if math.isclose(expected, 1.0):
        return None
    return (observed - expected) / (1 - expected)


def krippendorff_alpha(table: list[list[str | None]]) -> float | None:
    """Nominal alpha of a reviewers x units table of "accepted"/"rejected"/None; None when undefined (fewer than
    two labels in units decided by two or more, or a single label used throughout)."""
    import krippendorff
    import numpy as np

    if not table or not table[0]:
        return None
    data = np.array([[LABELS.get(v or "", np.nan) for v in row] for row in table], dtype=float)
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    values = data[:, pairable]
    if not pairable.any() or len(set(values[~np.isnan(values)].tolist())) < 2:
        return None
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
