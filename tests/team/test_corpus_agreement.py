"""Done when: reviewers' databases built from the development corpus (alice reviews as the gold says; bob and
carol as the gold with known disagreements), merged, and every agreement figure checked against values worked
out here from the reviewers' own files, independently of the team code.

Both files are built by the same pipeline on the same reports, so an event has the same id in every file: the
hand computation joins on it, while the merge matches by content hash and span.
"""
from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pytest

from annotator.store import Store
from annotator.team import counted_decisions, merge_databases
from annotator.team.agreement import agreement
from tests.helpers.gold_review import review_corpus

pytestmark = pytest.mark.corpus


def _unique_accepted(store: Store) -> list:
    """Accepted events alone of their (report, type, date): editing one cannot change which ones match."""
    acc = store.events(status="accepted")
    n = Counter((e.document_id, e.type, e.date) for e in acc)
    return [e for e in acc if n[(e.document_id, e.type, e.date)] == 1 and e.origin != "reviewer"]


@pytest.fixture(scope="module")
def team(tmp_path_factory, corpus_dir: Path):
    d = tmp_path_factory.mktemp("team")
    made = {}
    for name in ("alice", "bob", "carol"):
        with Store(d / f"{name}.db") as s:
            review_corpus(s, corpus_dir, reviewer=name)
            made[name] = {"flipped": [], "edited": []}
            unique = _unique_accepted(s)
            if name == "bob":  # rejects three events alice accepted, reads two counts differently
                for e in unique[:3]:
                    s.reject_event(e.id, reviewer=name)
                    made[name]["flipped"].append(e.id)
                for e in unique[3:5]:
                    field = "killed" if e.type != "convoy" else "trucks"
                    s.update_event(e.id, {field: (e.count(field) or 0) + 7}, reviewer=name)
                    made[name]["edited"].append(e.id)
            if name == "carol":  # rejects two others and one of bob's
                for e in [unique[0], *unique[-2:]]:
                    s.reject_event(e.id, reviewer=name)
                    made[name]["flipped"].append(e.id)
    return d, made


def _statuses(path: Path) -> dict[int, tuple[str, str, int]]:
    with Store(path) as s:
        return {e.id: (e.status, e.type, e.document_id) for e in s.events() if e.origin != "reviewer"}


def _kappa(a: list[str], b: list[str]) -> float:
    n = len(a)
    po = sum(x == y for x, y in zip(a, b)) / n
    pa, pb = a.count("accepted") / n, b.count("accepted") / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return (po - pe) / (1 - pe)


def _alpha(columns: list[list[str]]) -> float:
    """Nominal alpha from the coincidence matrix (Krippendorff 2011, section C)."""
    o = Counter()
    for values in columns:
        m = len(values)
        if m < 2:
            continue
        for i, x in enumerate(values):
            for j, y in enumerate(values):
                if i != j:
                    o[(x, y)] += 1 / (m - 1)
    n = sum(o.values())
    n_c = Counter()
    for (x, _), v in o.items():
        n_c[x] += v
    d_o = sum(v for (x, y), v in o.items() if x != y) / n
    d_e = sum(n_c[x] * n_c[y] for x in n_c for y in n_c if x != y) / (n * (n - 1))
    return 1 - d_o / d_e


def test_two_reviewers(team):
    d, made = team
    out = d / "ab.db"
    merge_databases([d / "alice.db", d / "bob.db"], out)
    a, b = _statuses(d / "alice.db"), _statuses(d / "bob.db")
    ids = sorted(a)
    with Store(out) as s:
        result = agreement(s)
        bases = Counter(c.basis for c in counted_decisions(s).values())
    pair = result["pairs"][0]
    assert result["reviewers"] == ["alice", "bob"] and pair["reviewers"] == ["alice", "bob"]
    assert pair["decided_by_both"] == len(ids)
    assert pair["cohen_kappa"] == pytest.approx(_kappa([a[i][0] for i in ids], [b[i][0] for i in ids]))
    n_a = sum(1 for v in a.values() if v[0] == "accepted")
    matched = n_a - 3  # bob's accepted events are alice's minus the three he rejected
    recall = matched / n_a
    assert pair["event_precision"] == pytest.approx(1.0)
    assert pair["event_recall"] == pytest.approx(recall)
    assert pair["event_f1"] == pytest.approx(2 * recall / (1 + recall))
    assert pair["fields_agree"]["counts"] == pytest.approx((matched - 2) / matched)
    assert pair["fields_agree"]["all"] == pytest.approx((matched - 2) / matched)
    assert pair["fields_agree"]["place"] == pair["fields_agree"]["actors"] == 1.0
    # Per type: the flipped events' types lose exactly those decisions.
    flipped_types = Counter(a[i][1] for i in made["bob"]["flipped"])
    for etype, v in pair["per_type"].items():
        in_type = [i for i in ids if a[i][1] == etype]
        assert v["decided_by_both"] == len(in_type)
        assert v["agreed_decisions"] == len(in_type) - flipped_types.get(etype, 0)
    # Per report: a report's kappa from its own candidates.
    for key, rep in result["per_report"].items():
        in_doc = [i for i in ids if a[i][2] == rep["document_id"]]
        la, lb = [a[i][0] for i in in_doc], [b[i][0] for i in in_doc]
        expected = None if len(set(la + lb)) < 2 else _kappa(la, lb)
        got = rep["pairs"][0]["cohen_kappa"]
        assert (got is None and expected is None) or got == pytest.approx(expected), key
    # What counts: disagreements (3 flips, 2 edits) are pending, the rest agreed.
    assert bases == Counter({"agreed": len(ids) - 5, "disagreed": 5})


def test_three_reviewers_krippendorff(team):
    d, made = team
    out = d / "abc.db"
    merge_databases([d / "alice.db", d / "bob.db", d / "carol.db"], out)
    files = [_statuses(d / f"{n}.db") for n in ("alice", "bob", "carol")]
    ids = sorted(files[0])
    with Store(out) as s:
        result = agreement(s)
    assert result["reviewers"] == ["alice", "bob", "carol"]
    assert [p["reviewers"] for p in result["pairs"]] == [["alice", "bob"], ["alice", "carol"], ["bob", "carol"]]
    assert result["krippendorff_alpha"] == pytest.approx(_alpha([[f[i][0] for f in files] for i in ids]))
    ac = result["pairs"][1]
    assert ac["cohen_kappa"] == pytest.approx(_kappa([files[0][i][0] for i in ids], [files[2][i][0] for i in ids]))
    assert not math.isnan(result["krippendorff_alpha"]) and result["krippendorff_alpha"] < 1


def test_a_colleagues_jsonl_export_merges_like_their_database(team):
    from annotator.export.jsonl import write_jsonl
    from annotator.export.selection import load_documents

    d, _ = team
    export = d / "alice.jsonl"
    with Store(d / "alice.db") as s:
        write_jsonl(list(load_documents(s, [doc.id for doc in s.documents()], "all")), export, status_filter="all")
    merge_databases([d / "alice.db", d / "bob.db"], d / "from_db.db")
    report = merge_databases([export, d / "bob.db"], d / "from_jsonl.db")
    assert report.sources[0].reviewer == "alice" and report.sources[0].decisions_changed > 0
    with Store(d / "from_db.db") as s1, Store(d / "from_jsonl.db") as s2:
        a1, a2 = agreement(s1), agreement(s2)
        assert a2["candidates"] == a1["candidates"]
    for k in ("cohen_kappa", "decided_by_both", "event_f1", "fields_agree"):
        assert a2["pairs"][0][k] == a1["pairs"][0][k], k
    again = merge_databases([export, d / "bob.db"], d / "from_jsonl.db")
    assert sum(s.decisions_changed + s.candidates_new for s in again.sources) == 0
