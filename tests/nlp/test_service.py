"""The Qt-free service: Extraction objects, streaming in order, cancelling, several processes."""
import re

from annotator.domain import FACT_KINDS, Event, Fact, Period
from annotator.nlp.service import PIPELINE_VERSION, Extraction, Extractor, get_extractor

TEXT = ("In the past month, 90 trucks entered Syria from the Kurdistan Region of Iraq in two batches on the "
        "5th and 19th of March.\n\n"
        "On March 8, SDF and Coalition forces raided a house in Al-Busayrah, arresting three suspects.")
PERIOD = Period("2024-03-01", "2024-03-31")


def test_extract_gives_domain_objects(extractor):
    ex = extractor.extract(TEXT, period=PERIOD)
    assert isinstance(ex, Extraction)
    assert all(isinstance(e, Event) for e in ex.events) and all(isinstance(f, Fact) for f in ex.facts)
    assert {f.kind for f in ex.facts} <= set(FACT_KINDS)
    raid = next(e for e in ex.events if e.type == "security_operation")
    assert raid.counts["arrested"].value == 3 and raid.origin == "rules" and raid.rule
    assert 0 < raid.confidence < 1 and raid.in_period is True
    batch = next(f for f in ex.facts if f.kind == "batch_dates")
    assert batch.value == ["2024-03-05", "2024-03-19"] and TEXT[batch.start:batch.end] == batch.evidence


def test_extract_many_keeps_order_and_metadata(extractor):
    items = [(TEXT, {"period": PERIOD}), ("Nothing happened.", {}), (TEXT, {"published": "2024-04-01"})]
    results = list(extractor.extract_many(items, batch_size=2))
    assert len(results) == 3
    assert results[1].events == [] and results[1].facts == []
    assert [e.date for e in results[0].events] == [e.date for e in results[2].events]
    assert results[0].events[0].in_period is True and results[2].events[0].in_period is None


def test_extract_many_stops_when_cancelled(extractor):
    seen = []

    def items():
        for i in range(50):
            seen.append(i)
            yield TEXT, {"period": PERIOD}

    done = []
    out = []
    for ex in extractor.extract_many(items(), batch_size=4, cancel=lambda: len(done) >= 3):
        out.append(ex)
        done.append(1)
    assert len(out) == 3 and len(seen) < 50


def test_several_processes_give_the_same_results(extractor):
    items = [(TEXT, {"period": PERIOD})] * 6
    one = [[(e.type, e.date, e.start) for e in ex.events] for ex in extractor.extract_many(items)]
    two = [[(e.type, e.date, e.start) for e in ex.events] for ex in extractor.extract_many(items, n_process=2)]
    assert one == two


def test_the_shared_extractor_is_one_instance():
    assert get_extractor() is get_extractor()


def test_pipeline_version_names_the_rules_and_their_hash():
    assert re.fullmatch(r"rules-[0-9a-f]{12}", PIPELINE_VERSION)


def test_an_extractor_can_take_a_prebuilt_pipeline(nlp):
    ex = Extractor(nlp)
    assert ex.nlp is nlp
    assert ex.extract("").events == []
