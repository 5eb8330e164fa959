"""Numbers written in digits or words, with a qualifier: doc._.numbers, each span with span._.number.

(Internally the pipeline reads them as plain NumberMention objects via number_mentions(doc): a report
holds dozens of numbers and Span objects with extension values cost more than the rules reading them.)

"six" -> 6 exact, "two hundred and fifty" -> 250, "nearly 185" -> 185 approx, "over 51" -> 51 at_least,
"a dozen" -> 12 approx, "dozens" -> 24 vague. Ordinals ("96th", "first") are left to the dates component.
Candidate tokens are found with one vectorised pass over the token attributes; only those few are
looked at in Python.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span

from . import extensions  # noqa: F401
from .config import load_json
from .docutil import BatchedComponent, TABLE_ATTRS, LexemeSet, token_table

_LIKE_NUM = TABLE_ATTRS.index("LIKE_NUM")


@dataclass(frozen=True, slots=True)
class NumberValue:
    value: int
    qualifier: str  # exact, approx, at_least, at_most, vague


class NumberMention:
    """A number found in a Doc, kept as plain data; doc._.numbers turns them into Spans when asked."""
    __slots__ = ("start", "end", "number")

    def __init__(self, start: int, end: int, number: NumberValue):
        self.start, self.end, self.number = start, end, number

    def __repr__(self) -> str:
        return f"NumberMention({self.start}, {self.end}, {self.number})"


_MENTIONS = "annotator.numbers"


def number_mentions(doc: Doc) -> list[NumberMention]:
    """The numbers the component found (empty before it has run)."""
    return doc.user_data.get(_MENTIONS, [])


def _numbers_as_spans(doc: Doc) -> list[Span]:
    spans = []
    for m in number_mentions(doc):
        span = doc[m.start:m.end]
        span._.number = m.number
        spans.append(span)
    return spans


if not Doc.has_extension("numbers"):
    Doc.set_extension("numbers", getter=_numbers_as_spans)


class NumberWords:
    """Turns number words and digits into values; shared with the other components."""

    def __init__(self, cfg: dict):
        self.units = cfg["units"]
        self.tens = cfg["tens"]
        self.scales = cfg["scales"]
        self.vague = cfg["vague"]
        self.approx_with_article = set(cfg.get("approx_with_article", []))
        self.qualifiers = {tuple(k.split()): v for k, v in cfg["qualifiers"].items()}
        self.max_qualifier_len = max((len(k) for k in self.qualifiers), default=0)
        self.words = set(self.units) | set(self.tens) | set(self.scales)

    @staticmethod
    def is_ordinal(lower: str) -> bool:
        return lower.endswith(("st", "nd", "rd", "th")) and (lower[:-2].isdigit() or lower[:-2].isalpha())

    def digits(self, text: str) -> int | None:
        t = text.replace(",", "")
        if t.isdigit():
            return int(t)
        try:
            return int(float(t))
        except ValueError:
            return None

    def words_value(self, words: list[str]) -> int | None:
        total = current = 0
        seen = False
        for w in words:
            if w in ("and", "-"):
                continue
            if w in self.units:
                current += self.units[w]
            elif w in self.tens:
                current += self.tens[w]
            elif w in self.scales:
                scale = self.scales[w]
                if scale >= 1000:
                    total += max(current, 1) * scale
                    current = 0
                else:
                    current = max(current, 1) * scale
            else:
                d = self.digits(w)
                if d is None:
                    return None
                current += d
            seen = True
        return total + current if seen else None

    def qualifier_before(self, lower_at, start: int) -> tuple[str, int]:
        """The qualifier written just before token `start` (lower_at(i) gives a token's lower form)."""
        for n in range(self.max_qualifier_len, 0, -1):
            if start - n < 0:
                continue
            key = tuple(lower_at(k) for k in range(start - n, start))
            if key in self.qualifiers:
                return self.qualifiers[key], start - n
        return "exact", start


class NumberRecognizer(BatchedComponent):
    def __init__(self, nlp: Language, name: str, config_path: str = ""):
        self.words = NumberWords(load_json(config_path, "numbers.json"))
        strings = nlp.vocab.strings
        self._vague = LexemeSet(nlp.vocab, "LOWER", [*self.words.vague, "dozen"])
        # the qualifiers as tuples of lower-case hashes: read straight from the token table
        self._values: dict[tuple[int, str], NumberValue] = {}
        self._qualifier_ids = {tuple(strings.add(w) for w in k): v for k, v in self.words.qualifiers.items()}

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[_MENTIONS] = self.find(doc)
        return doc

    def find(self, doc: Doc) -> list[NumberMention]:
        if not len(doc):
            return []
        table = token_table(doc)
        arr = table["_array"]
        mask = (arr[:, _LIKE_NUM] == 1) | self._vague.mask(doc)
        idxs = np.flatnonzero(mask).tolist()
        if not idxs:
            return []
        W = self.words
        lower_ids = table["LOWER"]
        strings = doc.vocab.strings
        n_tokens = len(doc)

        def low(i: int) -> str:
            return strings[lower_ids[i]]

        spans: list[NumberMention] = []
        used = -1
        for i in idxs:
            if i <= used:
                continue
            w = low(i)
            if W.is_ordinal(w) and w not in W.vague:
                continue
            # the vague words, and "a dozen"
            if w in W.vague or w == "dozen":
                if w == "dozen" and i > 0 and low(i - 1) in ("a", "one"):
                    value, qual, start = 12, "approx", i - 1
                elif w == "dozen":
                    continue  # "two dozen" is handled with the number before it
                else:
                    value, qual, start = W.vague[w], "vague", i
                end = i + 1
                spans.append(self._span(doc, start, end, value, qual))
                used = end - 1
                continue
            # a run of number tokens: "two hundred and fifty", "twenty - five", "1,100"
            end = i + 1
            parts = [w]
            if w.isalpha() or w.replace(",", "").isdigit():
                while end < n_tokens:
                    nxt = low(end)
                    if nxt in W.words and (parts[-1] in W.words):
                        parts.append(nxt)
                        end += 1
                    elif nxt in ("and", "-") and end + 1 < n_tokens and low(end + 1) in W.words \
                            and parts[-1] in W.words and (any(p in W.scales for p in parts) or nxt == "-"):
                        parts += [nxt, low(end + 1)]
                        end += 2
                    elif nxt in W.scales and parts[-1].replace(",", "").isdigit():
                        parts.append(nxt)
                        end += 1
                    else:
                        break
            value = W.words_value(parts)
            if value is None:
                continue
            qual, start = self._qualifier_before(lower_ids, i)
            if "dozen" in parts:
                qual = qual if qual != "exact" else "approx"
            spans.append(self._span(doc, start, end, value, qual))
            used = end - 1
        return spans

    def _qualifier_before(self, lower_ids: list[int], start: int) -> tuple[str, int]:
        """NumberWords.qualifier_before on hashes."""
        for n in range(self.words.max_qualifier_len, 0, -1):
            if start - n < 0:
                continue
            found = self._qualifier_ids.get(tuple(lower_ids[start - n:start]))
            if found is not None:
                return found, start - n
        return "exact", start

    def _span(self, doc: Doc, start: int, end: int, value: int, qualifier: str) -> NumberMention:
        key = (int(value), qualifier)
        number = self._values.get(key)
        if number is None:  # NumberValue is immutable: one object per value and qualifier will do
            if len(self._values) > 10_000:
                self._values.clear()
            number = self._values[key] = NumberValue(*key)
        return NumberMention(start, end, number)


@Language.factory("annotator_numbers", assigns=["doc._.numbers"], default_config={"config_path": ""})
def make_numbers(nlp: Language, name: str, config_path: str) -> NumberRecognizer:
    return NumberRecognizer(nlp, name, config_path)
