"""The spaCy export's train/dev split gives dev every label of train where the data allows (issue 11's config fix;
the export module belongs to annotator/export, the fix is a small edit there)."""
from types import SimpleNamespace

from annotator.export.spacy_docbin import spancat_config, split_documents


def _doc(key, *types):
    return SimpleNamespace(document=SimpleNamespace(key=key), events=[SimpleNamespace(type=t) for t in types])


def _labels(docs):
    return {ev.type for d in docs for ev in d.events}


def test_dev_gets_the_labels_of_train_while_staying_smaller():
    docs = [_doc(f"report-{i}", "convoy", *(["airstrike"] if i % 2 else ["patrol"])) for i in range(10)]
    parts = split_documents(docs)
    assert _labels(parts["dev"]) == _labels(parts["train"]) == {"convoy", "airstrike", "patrol"}
    assert len(parts["dev"]) < len(parts["train"]) and len(parts["dev"]) + len(parts["train"]) == 10
    assert split_documents(list(reversed(docs)))["dev"] and \
        {d.document.key for d in split_documents(list(reversed(docs)))["dev"]} == {d.document.key for d in parts["dev"]}


def test_a_label_only_one_report_has_is_not_moved_out_of_train():
    from annotator.export.spacy_docbin import split_of

    for n in range(12):  # several keys, so that the hash puts the rare report in train at least once
        rare = _doc(f"rare-{n}", "convoy", "protest")
        parts = split_documents([_doc(f"r{i}", "convoy") for i in range(6)] + [rare])
        if split_of(rare) == "train":
            assert rare in parts["train"]


def test_config_scores_the_events_spans_key():
    weights = spancat_config(4)["training"]["score_weights"]
    assert weights["spans_events_f"] == 1.0 and not any(k.startswith("spans_sc") for k in weights)
