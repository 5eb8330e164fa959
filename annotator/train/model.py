"""The trained model: a sentence-level event-type classifier (spaCy textcat_multilabel on blank English, CPU),
trained from reviewed sentences, saved with nlp.to_disk beside a small JSON card, loaded with checks.

Why a sentence classifier and not spancat over triggers: see README "Training a model" (measured there). In
short, on the reviewed development reports spancat learned nothing in 400 steps from its ~50 trigger spans,
while a bag-of-words sentence classifier learns the type vocabulary from a few reports, trains in seconds and
adds little to extraction time; the rules already find dates, places, actors and counts, which the model
borrows for the events it proposes.
"""
from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .data import ReviewedReport, TrainingError

CARD = "annotator-model.json"
COMPONENT = "event_types"
KIND = "textcat_multilabel"


@dataclass
class Settings:
    architecture: str = "bow"  # bow | ensemble (spaCy's textcat architectures)
    ngram_size: int = 2
    epochs: int = 12
    dropout: float = 0.2
    batch_size: int = 32
    threshold: float = 0.5  # a type is proposed where its probability reaches this
    hard_negative_copies: int = 2  # sentences holding a rejected candidate count this many times
    seed: int = 0


class ModelError(Exception):
    """A saved model cannot be used; the message is one line and names the folder."""


@dataclass
class LoadedModel:
    nlp: Any
    path: Path
    labels: list[str]
    settings: Settings
    card: dict[str, Any] = field(default_factory=dict)

    def predict(self, texts_or_docs: list) -> list[dict[str, float]]:
        """Type probabilities per sentence (strings, or Docs from any spaCy pipeline: no tokenising again)."""
        import spacy.tokens

        docs = [t if isinstance(t, spacy.tokens.Doc) else self.nlp.make_doc(t) for t in texts_or_docs]
        if not docs:
            return []
        pipe = self.nlp.get_pipe(COMPONENT)
        scores = pipe.predict(docs)
        scores = scores.get() if hasattr(scores, "get") else scores  # cupy -> numpy when on GPU (never here)
        return [{label: float(row[i]) for i, label in enumerate(pipe.labels)} for row in scores]

    def predict_sentences(self, doc, bounds: list[tuple[int, int]]) -> list[dict[str, float]]:
        """Type probabilities for the token ranges of one Doc (a report made by the rules pipeline)."""
        if not bounds:
            return []
        pipe = self.nlp.get_pipe(COMPONENT)
        attr = _ngram_attr(pipe)
        if attr is None:
            return self.predict([doc[a:b].as_doc() for a, b in bounds])
        rows = doc.to_array([attr])
        scores = pipe.model.predict([_Slice(rows[a:b]) for a, b in bounds])
        return [{label: float(row[i]) for i, label in enumerate(pipe.labels)} for row in scores]


class _Slice:
    """Tokens t0..t1 of a Doc as far as the bag-of-words model reads them (len and to_array of its one attribute).

    Span.as_doc() copies every attribute and vector of the sentence and cost twice the whole rules pipeline
    (measured on the corpus reports); the bag of words only reads the lower-case ids, taken once per report."""
    __slots__ = ("rows",)

    def __init__(self, rows):
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def to_array(self, attrs):
        return self.rows


def _ngram_attr(pipe) -> int | None:
    """The attribute the bag-of-words features read; None when the model has other inputs (tok2vec)."""
    layers = {layer.name: layer for layer in pipe.model.walk()}
    if "extract_ngrams" not in layers or any("tok2vec" in n or "embed" in n for n in layers):
        return None
    return layers["extract_ngrams"].attrs["attr"]


def _blank(settings: Settings, labels: list[str]):
    import spacy

    nlp = spacy.blank("en")
    if settings.architecture == "ensemble":
        model = {"@architectures": "spacy.TextCatEnsemble.v2", "linear_model": {
            "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False, "ngram_size": settings.ngram_size,
            "no_output_layer": False, "length": 262144},
            "tok2vec": {"@architectures": "spacy.Tok2Vec.v2",
                        "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": 64,
                                  "rows": [2000, 2000, 500, 1000, 500],
                                  "attrs": ["NORM", "LOWER", "PREFIX", "SUFFIX", "SHAPE"],
                                  "include_static_vectors": False},
                        "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 64, "window_size": 1,
                                   "maxout_pieces": 3, "depth": 2}}}
    else:
        model = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False,
                 "ngram_size": settings.ngram_size, "no_output_layer": False, "length": 262144}
    pipe = nlp.add_pipe("textcat_multilabel", name=COMPONENT, config={"model": model, "threshold": settings.threshold})
    for label in labels:
        pipe.add_label(label)
    return nlp


def examples(nlp, reports: list[ReviewedReport], labels: list[str], settings: Settings) -> list:
    from spacy.training import Example

    out = []
    for r in reports:
        for s in r.sentences:
            cats = {t: v for t, v in s.cats.items() if t in labels}
            ex = Example.from_dict(nlp.make_doc(s.text), {"cats": cats})
            out += [ex] * (settings.hard_negative_copies if s.hard_negative else 1)
    return out


def train(reports: list[ReviewedReport], labels: list[str], settings: Settings | None = None, *,
          progress: Callable[[int, int, float], None] | None = None,
          cancel: Callable[[], bool] | None = None) -> Any:
    """A trained spaCy Language (blank English + the type classifier). Deterministic for a seed on CPU."""
    from spacy.util import fix_random_seed, minibatch

    settings = settings or Settings()
    fix_random_seed(settings.seed)
    nlp = _blank(settings, labels)
    train_set = examples(nlp, reports, labels, settings)
    if not train_set:
        raise TrainingError("the reviewed reports hold no sentence to learn from")
    optimizer = nlp.initialize(lambda: train_set[:500])
    rng = random.Random(settings.seed)
    for epoch in range(settings.epochs):
        rng.shuffle(train_set)
        losses: dict[str, float] = {}
        for batch in minibatch(train_set, size=settings.batch_size):
            if cancel is not None and cancel():
                raise TrainingError("training cancelled")
            nlp.update(batch, sgd=optimizer, drop=settings.dropout, losses=losses)
        if progress is not None:
            progress(epoch + 1, settings.epochs, losses.get(COMPONENT, 0.0))
    return nlp


def save(nlp, path: Path, card: dict[str, Any]) -> None:
    import spacy

    path.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(path)
    card = dict(card, spacy_version=spacy.__version__, component=COMPONENT, kind=KIND)
    (path / CARD).write_text(json.dumps(card, indent=2, default=str), encoding="utf-8")


def _minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def load(path: str | Path) -> LoadedModel:
    """The saved model, or ModelError: folder missing, card unreadable, another spaCy version, corrupt files."""
    import spacy

    path = Path(path)
    if not path.is_dir():
        raise ModelError(f"model folder {path} is missing")
    try:
        card = json.loads((path / CARD).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"model folder {path}: {CARD} unreadable ({exc.__class__.__name__})") from None
    trained_with = str(card.get("spacy_version", "?"))
    if _minor(trained_with) != _minor(spacy.__version__):
        raise ModelError(f"model {path} was trained with spaCy {trained_with}; this is spaCy {spacy.__version__}: "
                         "train it again")
    try:
        nlp = spacy.load(path)
        pipe = nlp.get_pipe(COMPONENT)
        labels = list(pipe.labels)
    except Exception as exc:  # spaCy raises many kinds for a damaged folder; the message is all the user needs
        first = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else exc.__class__.__name__
        raise ModelError(f"model folder {path} is damaged: {first}") from None
    known = set(Settings.__dataclass_fields__)
    settings = Settings(**{k: v for k, v in (card.get("settings") or {}).items() if k in known})
    return LoadedModel(nlp, path, labels, settings, card)


def settings_dict(settings: Settings) -> dict[str, Any]:
    return asdict(settings)


def timestamp() -> str:
    return time.strftime("%Y%m%d-%H%M%S")
