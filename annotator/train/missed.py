"""The "possibly missed" queue: sentences where the active model sees an event but no accepted or pending
candidate stands, ranked by the model's uncertainty (probability nearest 0.5 first, as ner.teach asks the
questions it learns most from). Each entry carries the suggested type, so the window's N key can add the event
from the sentence with the model's fields (Proposer._event builds them)."""
from __future__ import annotations

from typing import Any

FLOOR = 0.2  # below this the model does not signal an event at all


def possibly_missed(store, proposer, document_ids: list[int] | None = None, *, floor: float = FLOOR,
                    limit: int | None = None) -> list[dict[str, Any]]:
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
        for t0, t1, c0, c1, probs in proposer.sentence_scores(doc):
            label, p = max(probs.items(), key=lambda kv: kv[1])
            if p < floor or any(e.start < c1 and c0 < e.end for e in standing):
                continue
            out.append({"document_id": d.id, "key": d.key, "start": c0, "end": c1,
                        "sentence": " ".join(text[c0:c1].split()), "type": label, "probability": round(p, 3),
                        "uncertainty": round(1 - abs(p - 0.5) * 2, 3)})
    out.sort(key=lambda r: (-r["uncertainty"], r["key"], r["start"]))
    return out[:limit] if limit else out
