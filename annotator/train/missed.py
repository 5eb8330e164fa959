"""The "possibly missed" queue: sentences where the active model sees an event but no accepted or pending
candidate stands, ranked by the model's uncertainty (probability nearest 0.5 first, as ner.teach asks the
questions it learns most from). Without a model, the rules' trigger vocabulary signals instead: a sentence with a
trigger that no standing candidate covers (the assembler dropped it, or a reviewer rejected what it made).
Each entry carries the suggested type, so the window's N key can add the event from the sentence with the
model's fields (Proposer._event builds them)."""
from __future__ import annotations

from typing import Any

FLOOR = 0.2  # below this the model does not signal an event at all
MIN_WORDS = 3  # list numbers ("2."), headings of a word ("Notes"): the model is unsure of them, and nothing happens


def _trigger_labels(nlp, doc, scored_bounds) -> list[dict[str, float]]:
    """Per sentence, the trigger labels the rules' vocabulary matches in it (value 1.0)."""
    import bisect

    triggers = nlp.get_pipe("events")._triggers(doc)  # the assembler's own trigger matching
    starts = [b[0] for b in scored_bounds]
    out: list[dict[str, float]] = [{} for _ in scored_bounds]
    for t in triggers:
        i = bisect.bisect_right(starts, t.start) - 1
        if i >= 0:
            out[i][t.label] = 1.0
    return out


def _sentences(doc):
    from ..nlp.docutil import doc_text, sentence_starts, token_start_list

    text, starts, n = doc_text(doc), token_start_list(doc), len(doc)
    bounds = list(sentence_starts(doc)) + [n]
    return [(a, b, starts[a], starts[b] if b < n else len(text)) for a, b in zip(bounds, bounds[1:]) if a < b]


def possibly_missed(store, proposer, document_ids: list[int] | None = None, *, floor: float = FLOOR,
                    limit: int | None = None) -> list[dict[str, Any]]:
    """proposer: a propose.Proposer, or None for the rules' trigger vocabulary."""
    from ..domain import Period
    from ..nlp.service import get_extractor

    extractor = get_extractor()
    docs = store.documents(ids=document_ids) if document_ids is not None else store.documents()
    out = []
    for d in docs:
        text = store.document_text(d.id)
        period = Period(d.period_start, d.period_end) if d.period_start and d.period_end else None
        doc = extractor.nlp(extractor._doc(text, d.published, period))
        standing = [e for e in store.events(d.id) if e.status != "rejected"]
        if proposer is not None:
            scored = proposer.sentence_scores(doc)
        else:
            bounds = _sentences(doc)
            scored = [b + (p,) for b, p in zip(bounds, _trigger_labels(extractor.nlp, doc, bounds))]
        for t0, t1, c0, c1, probs in scored:
            if not probs:
                continue
            label, p = max(probs.items(), key=lambda kv: kv[1])
            if sum(any(ch.isalpha() for ch in w) for w in text[c0:c1].split()) < MIN_WORDS:
                continue
            if p < floor or any(e.start < c1 and c0 < e.end for e in standing):
                continue
            out.append({"document_id": d.id, "key": d.key, "start": c0, "end": c1,
                        "sentence": " ".join(text[c0:c1].split()), "type": label,
                        "signal": "model" if proposer is not None else "trigger",
                        "probability": round(p, 3) if proposer is not None else None,
                        "uncertainty": round(1 - abs(p - 0.5) * 2, 3) if proposer is not None else None})
    out.sort(key=lambda r: (-(r["uncertainty"] or 0.0), r["key"], r["start"]))
    return out[:limit] if limit else out
