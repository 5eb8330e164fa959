"""bench.measure: the figures the benchmark command prints."""
from annotator.nlp.bench import measure


def test_measure_reports_speed_and_ratio(extractor):
    texts = ["On March 4, a convoy of 35 trucks entered via Semalka crossing. " * 20] * 3
    m = measure(texts, repeats=1, extractor=extractor)
    assert m["words"] == sum(len(t.split()) for t in texts)
    assert m["tokenise_seconds"] > 0 and m["extract_seconds"] > 0
    assert m["words_per_s"] == m["words"] / m["extract_seconds"]
    assert 0 < m["ratio"] < 5
