"""The reviewed corpus exported in every span format and read back by its consumer's rules: brat's checks
pass with one trigger per event, CoNLL names every event it cannot hold, and the Prodigy tasks are well formed."""
import json

import pytest

from annotator.export import run_export
from export.brat_rules import check_folder
from export.test_prodigy import check_prodigy_task
from helpers.gold_review import review_corpus

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def reviewed(corpus_dir, tmp_path_factory):
    from annotator.store import Store

    store = Store(tmp_path_factory.mktemp("corpus") / "c.db")
    review_corpus(store, corpus_dir)
    yield store
    store.close()


def test_brat_follows_brats_rules_on_the_corpus(reviewed, tmp_path):
    result = run_export(reviewed, "brat", tmp_path / "brat", status="all")
    assert result.events >= 50
    assert check_folder(tmp_path / "brat") == []
    n_lines = [line for ann in (tmp_path / "brat").glob("*.ann")
               for line in ann.read_text(encoding="utf-8").splitlines() if line.startswith("N")]
    assert len(n_lines) >= 40  # resolved places are normalised to the gazetteer


def test_conll_names_each_event_it_leaves_out(reviewed, tmp_path):
    from spacy.training.converters import conll_ner_to_docs

    result = run_export(reviewed, "conll", tmp_path / "c.conll", status="accepted")
    docs = list(conll_ner_to_docs((tmp_path / "c.conll").read_text(encoding="utf-8"), n_sents=100000,
                                  no_print=True))
    written = sum(len(d.ents) for d in docs)
    left_out = [line for line in result.skipped if "left out of the IOB" in line]
    assert written + len(left_out) == result.events == 50
    assert written >= 48  # events sharing a sentence are carried by their own dates


def test_prodigy_tasks_of_the_corpus(reviewed, tmp_path):
    run_export(reviewed, "jsonl", tmp_path / "c.jsonl", status="all")
    tasks = [json.loads(x) for x in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(tasks) == 5
    for task in tasks:
        check_prodigy_task(task)
        # Every accepted event has its own span; rejected ones have none.
        assert len(task["spans"]) == sum(1 for e in task["events"] if e["status"] == "accepted")
        assert len({(s["start"], s["end"]) for s in task["spans"]}) == len(task["spans"])
