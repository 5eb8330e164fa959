"""The spaCy export trains out of the box: `spacy train` on the exported folder, with its own config, learns
the event spans of a small, regular set of fictional reports and reports a non-zero score."""
import json
import os
import random
import subprocess
import sys

from annotator.domain import Argument, DocumentIn, Event
from annotator.export import run_export

TEMPLATES = [("convoy", "convoy", "A convoy of {n} trucks entered the area near {p}."),
             ("patrol", "patrolled", "Forces patrolled the outskirts of {p} on foot."),
             ("airstrike", "bombed", "Warplanes bombed a site close to {p} at dawn."),
             ("protest", "protested", "Residents protested in the centre of {p} again.")]
PLACES = ["Hajin", "Tabqa", "Amuda", "Qamishli", "Manbij", "Raqqa", "Busayrah", "Shaddadi"]


def _fill(store, reports=12, sentences=8):
    rng = random.Random(3)
    for d in range(reports):
        parts, events, pos = [], [], 0
        for _ in range(sentences):
            label, trigger, template = rng.choice(TEMPLATES)
            sentence = template.format(n=rng.randint(5, 60), p=rng.choice(PLACES))
            t = pos + sentence.index(trigger)
            events.append((label, pos, pos + len(sentence), t, t + len(trigger)))
            parts.append(sentence)
            pos += len(sentence) + 1
        text = " ".join(parts)
        doc_id, _ = store.add_document(DocumentIn(text=text, title=f"Fictional report {d}", source=f"f{d}.txt",
                                                  source_kind="txt", key=f"fiction-{d}"), f"hash-{d}", reviewer="t")
        for label, a, b, ts, te in events:
            store.add_event(doc_id, Event(type=label, start=a, end=b, evidence=text[a:b], status="accepted",
                                          origin="reviewer", arguments=[Argument("trigger", ts, te, text[ts:te])]),
                            reviewer="t")


def test_spacy_train_learns_from_the_export(store, tmp_path):
    _fill(store)
    out = tmp_path / "spacy"
    run_export(store, "spacy", out, status="accepted")
    proc = subprocess.run(
        ["nice", sys.executable, "-m", "spacy", "train", "config.cfg", "--output", "model",
         "--training.max_steps", "60", "--training.eval_frequency", "30"],
        cwd=out, capture_output=True, text=True, timeout=600, env=dict(os.environ, NO_COLOR="1"))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    meta = json.loads((out / "model" / "model-best" / "meta.json").read_text(encoding="utf-8"))
    assert meta["performance"]["spans_events_f"] > 0
