"""The spaCy export's config scores the spans key it writes (issue 11's config fix; the export module belongs to
annotator/export, the fix is a small edit there)."""
from annotator.export.spacy_docbin import spancat_config


def test_config_scores_the_events_spans_key():
    weights = spancat_config(4)["training"]["score_weights"]
    # the template's spans_sc_* names are switched off (None), so only the events key chooses model-best
    assert weights["spans_events_f"] == 1.0
    assert all(weights[k] is None for k in weights if k.startswith("spans_sc"))
