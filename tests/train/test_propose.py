"""Where the rules' and the model's candidates meet: merged confidences, model-only candidates with the rules'
date, place and actors, and a saved model that proposes the same in a fresh process."""
import json
import subprocess
import sys
from pathlib import Path

from annotator.domain import Period
from annotator.nlp.service import Extractor, get_extractor
from annotator.store import Store
from annotator.train.model import LoadedModel, Settings
from annotator.train.propose import Proposer, active_proposer, extractor_for

TEXT = ("On March 8, SDF and Coalition forces raided a house in Al-Busayrah, arresting three suspects.\n\n"
        "On March 12, gunmen on a motorbike fired at a checkpoint in Hajin.")
PERIOD = Period("2024-03-01", "2024-03-31")


class _Fixed(LoadedModel):
    """A model whose probabilities are given per sentence, to test the merging alone."""

    def __init__(self, per_sentence):
        super().__init__(nlp=None, path=Path("."), labels=[], settings=Settings(threshold=0.5))
        self.per_sentence = per_sentence

    def predict_sentences(self, doc, bounds):
        return [dict(self.per_sentence[i]) if i < len(self.per_sentence) else {} for i in range(len(bounds))]


def _doc(text=TEXT):
    ex = get_extractor()
    return ex.nlp(ex._doc(text, None, PERIOD))


def test_rule_candidate_gets_the_mean_confidence_and_a_model_only_candidate_joins():
    doc = _doc()
    from annotator.nlp.service import to_extraction

    rules = to_extraction(doc)
    raid = next(e for e in rules.events if e.type == "security_operation")
    assert not any(e.start >= TEXT.index("On March 12") for e in rules.events if e.type == "armed_clash")
    proposer = Proposer(_Fixed([{"security_operation": 0.9}, {"armed_clash": 0.8, "protest": 0.1}]), model_id=7)
    merged = proposer(doc, rules)
    raid2 = next(e for e in merged.events if e.type == "security_operation")
    assert raid2.origin == "rules" and raid2.confidence == round((raid.confidence + 0.9) / 2, 2)
    new = [e for e in merged.events if e.origin == "model"]
    assert [e.type for e in new] == ["armed_clash"]
    clash = new[0]
    assert clash.rule == "model:7" and clash.confidence == 0.8
    assert clash.evidence == TEXT[clash.start:clash.end] and clash.start == TEXT.index("On March 12")
    assert clash.date == "2024-03-12" and clash.location and "Hajin" in clash.location
    assert {a.role for a in clash.arguments} >= {"date", "location"}
    assert not any(e.type == "protest" for e in merged.events)


def test_a_model_finding_what_the_rules_found_adds_no_duplicate():
    doc = _doc()
    from annotator.nlp.service import to_extraction

    rules = to_extraction(doc)
    merged = Proposer(_Fixed([{"security_operation": 0.95}, {}]))(doc, rules)
    assert [e.type for e in merged.events] == [e.type for e in rules.events]


def test_model_alone_proposes_every_sentence_over_the_threshold():
    doc = _doc()
    events = Proposer(_Fixed([{"security_operation": 0.6, "arrest": 0.55}, {"armed_clash": 0.4}])).model_events(doc)
    assert sorted(e.type for e in events) == ["arrest", "security_operation"]
    assert all(e.date == "2024-03-08" for e in events)


def test_extractor_for_uses_the_active_model_and_falls_back_when_its_folder_is_gone(trained_db, caplog):
    with Store(trained_db) as store:
        ex = extractor_for(store)
        assert isinstance(ex, Extractor) and ex.proposer is not None
        path = Path(store.active_model()["path"])
        for f in sorted(path.rglob("*"), reverse=True):
            f.unlink() if f.is_file() else f.rmdir()
        path.rmdir()
        with caplog.at_level("WARNING", logger="annotator.train"):
            assert extractor_for(store) is get_extractor()
        assert "rules alone" in caplog.text and "missing" in caplog.text


def _candidates(store):
    return sorted((e.document_id, e.type, e.start, e.end, e.origin, e.rule, e.confidence, e.date)
                  for e in store.events(status="pending"))


def test_saved_model_gives_the_same_candidates_in_a_fresh_process(trained_db, tmp_path):
    from annotator.importing import reextract

    from annotator.importing import ImportReport, import_paths
    from annotator.ingest.generate import generate_reports

    # new pending candidates to compare: reports nobody reviewed, imported with the model active (reports a
    # reviewer decided keep their candidates on re-extraction, so they would show nothing)
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    for name, text in generate_reports(3, seed=97):
        (fresh / name).write_text(text, encoding="utf-8")
    with Store(trained_db) as store:
        report = [r for r in import_paths(store, [fresh], reviewer="tester") if isinstance(r, ImportReport)][0]
        assert report.ok and len(report.imported) == 3, report.errors
        list(reextract(store, reviewer="tester"))
        here = _candidates(store)
        assert here, "the re-extraction should have left pending candidates"
        rules_only = {(c[0], c[1], c[2], c[3]): c[6] for c in here if c[4] == "rules"}
    # same database, a new interpreter: loads the model from disk and re-extracts
    done = subprocess.run([sys.executable, "-m", "annotator.cli", "reextract", "--db", str(trained_db),
                           "--reviewer", "tester"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with Store(trained_db) as store:
        there = _candidates(store)
    assert there == here
    # and the model did take part: without it the rules' confidences differ
    with Store(trained_db) as store:
        plain = get_extractor()
        differs = []
        for doc_id in report.imported:
            d = store.document(doc_id)
            ex = plain.extract(store.document_text(d.id), published=d.published,
                               period=Period(d.period_start, d.period_end))
            differs += [rules_only.get((d.id, e.type, e.start, e.end)) not in (None, e.confidence) for e in ex.events]
    assert any(differs)
