"""What the active model adds to extraction time: rules alone against rules + model on the same texts.

Both are timed in alternation, best of `repeats` after a warm-up, as annotator/nlp/bench.py does, so a busy
spell on the shared machine falls on both."""
from __future__ import annotations

import time
from pathlib import Path


def quick_model(db_path: Path, *, reports: int = 40, reviewer: str = "benchmark"):
    """Accept every candidate of the first `reports` reports of a benchmark database and train a model on them:
    a model of the size a team has after a month of review (the time a model adds hardly depends on its data)."""
    from ..store import Store
    from .model import Settings
    from .propose import Proposer, load_cached
    from .registry import train_and_register

    with Store(db_path) as store:
        for d in store.documents()[:reports]:
            store.accept_all_pending(d.id, reviewer=reviewer)
        entry = train_and_register(store, reviewer=reviewer, settings=Settings(epochs=4))
    return Proposer(load_cached(entry["path"]), model_id=entry["id"])


def model_overhead(texts: list[str], metas: list[dict], proposer, *, repeats: int = 5) -> dict:
    from ..nlp.service import Extractor, get_extractor

    rules = get_extractor()
    both = Extractor(rules.nlp)
    both.proposer = proposer

    def run(extractor) -> float:
        t0 = time.perf_counter()
        for _ in extractor.extract_many(zip(texts, metas)):
            pass
        return time.perf_counter() - t0

    run(rules), run(both)
    a = b = float("inf")
    for _ in range(repeats):
        a, b = min(a, run(rules)), min(b, run(both))
    return {"rules_seconds": a, "rules_and_model_seconds": b, "model_added_ratio": b / a - 1.0}
