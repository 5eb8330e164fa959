"""Numbers written in digits or words, with a qualifier: doc._.numbers, each span with span._.number.

(Internally the pipeline reads them as plain NumberMention objects via number_mentions(doc): a report
holds dozens of numbers and Span objects with extension values cost more than the rules reading them.)

"six" -> 6 exact, "two hundred and fifty" -> 250, "nearly 185" -> 185 approx, "over 51" -> 51 at_least,
"a dozen" -> 12 approx, "dozens" -> 24 vague, "5-7" / "between 5 and 7" -> 5 at_least with upper 7 (the
lower bound is the count a reviewer can defend, as ACLED codes ranges). Digits of any script count
("١٢" is 12); a footnote mark or superscript after a number ("3²") is not part of it; a number that is not
a whole count ("3.5") or too long to be one is no number here. Reading never raises: a token the rules
cannot read is skipped. Ordinals ("96th", "first") are left to the dates component; read_ordinal() reads
them for whoever needs a value.
Candidate tokens are found with one vectorised pass over the token attributes; only those few are
looked at in Python.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span

from . import extensions  # noqa: F401
from .config import load_json
from .docutil import BatchedComponent, TABLE_ATTRS, LexemeSet, doc_text, token_table

_LIKE_NUM = TABLE_ATTRS.index("LIKE_NUM")
_MAX_DIGITS = 15  # longer digit runs are identifiers, not counts (and int() refuses past 4,300 digits)
_SEPARATORS = {"\u066c": ",", "\u066b": ".", "\u060c": ","}  # Arabic thousands and decimal separators


@dataclass(frozen=True, slots=True)
class NumberValue:
    value: int
    qualifier: str  # exact, approx, at_least, at_most, vague
    upper: int | None = None  # the top of a range ("5-7": value 5, qualifier at_least, upper 7)


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


_DASHED = re.compile(r"(\d[\d,]*)[\u2013\u2014](\d[\d,]*)")  # "1000–5000", which spaCy keeps whole
_PRONOUN_ONE_AFTER = frozenset({"the", "this", "that", "which", "each", "every", "any", "no", "another"})
_ASCII_DIGITS = re.compile(r"[\d,.]+")
_MARKS = "⁰¹²³⁴⁵⁶⁷⁸⁹*†‡"  # footnote marks after a number
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


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
        self.ordinal_words = cfg.get("ordinal_words", {})
        self.range_links = set(cfg.get("range_links", []))
        self.times_before = set(cfg.get("times_before", []))

    def is_ordinal(self, lower: str) -> bool:
        """'96th', 'first', 'twenty-first' (not 'thousand', which ends like one)."""
        if not lower.endswith(("st", "nd", "rd", "th")):
            return False
        if lower[:-2].isalpha() or "-" in lower:
            return lower.rsplit("-", 1)[-1] in self.ordinal_words
        return self.digits(lower[:-2]) is not None

    @staticmethod
    def digits(text: str) -> int | float | None:
        """_digits, remembered per word: the same few words ("two", "2024", "the") come back in every text."""
        value = _DIGITS_SEEN.get(text, _UNSEEN)
        if value is _UNSEEN:
            if len(_DIGITS_SEEN) > 50_000:
                _DIGITS_SEEN.clear()
            value = _DIGITS_SEEN[text] = _digits(text)
        return value

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
        if not seen:
            return None
        value = total + current
        # a count is whole and finite: "1.5 million" is one, "3.5" is not
        if isinstance(value, float):
            # 1.1 * 1e6 is 1100000.0000000002 in binary floating point
            if not math.isfinite(value) or abs(value - round(value)) > 1e-6 * max(1.0, abs(value)):
                return None
            value = int(round(value))
        return value

    def ordinal(self, words: list[str]) -> int | None:
        """The value of an ordinal: "21st", "twenty-first", "one hundred twenty fifth", "two hundredth"."""
        if not words:
            return None
        last = words[-1].lower()
        if len(words) == 1 and self.is_ordinal(last) and last[:1].isdecimal():
            value = self.digits(last[:-2])
            return value if isinstance(value, int) else None
        head = [p for w in words[:-1] for p in w.lower().split("-") if p]
        head = ["one" if w in ("a", "an") else w for w in head]  # "a hundredth"
        if "-" in last and last not in self.ordinal_words:
            parts = last.split("-")
            head, last = head + parts[:-1], parts[-1]
        unit = self.ordinal_words.get(last)
        if unit is None:
            return None
        if not head:
            return unit
        base = self.words_value(head)
        if base is None:
            return None
        if unit in self.scales.values() and unit >= 100:  # "two hundredth"
            return self.words_value(head + [next(k for k, v in self.scales.items() if v == unit)])
        return base + unit

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
        self._dashed = LexemeSet(nlp.vocab, "SHAPE", [f"{'d' * a}{dash}{'d' * b}" for a in range(1, 5)
                                                      for b in range(1, 5) for dash in "\u2013\u2014"])
        self._times = LexemeSet(nlp.vocab, "SHAPE", ["dx", "ddx", "dddx", "dX", "ddX"])  # "1x KIA": one token to spaCy
        # the qualifiers as tuples of lower-case hashes: read straight from the token table
        self._values: dict[tuple[int, str, int | None], NumberValue] = {}
        self._qualifier_ids = {tuple(strings.add(w) for w in k): v for k, v in self.words.qualifiers.items()}

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[_MENTIONS] = self.find(doc)
        return doc

    def find(self, doc: Doc) -> list[NumberMention]:
        if not len(doc):
            return []
        table = token_table(doc)
        arr = table["_array"]
        mask = (arr[:, _LIKE_NUM] == 1) | self._vague.mask(doc) | self._dashed.mask(doc) | self._times.mask(doc)
        text = doc_text(doc)
        if any(sep in text for sep in _SEPARATORS):  # spaCy's like_num misses "١٢٬٥٠٠"
            mask |= np.array([any(sep in t.text for sep in _SEPARATORS) and t.text[:1].isdecimal() for t in doc])
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
            if w.endswith("x") and w[:-1].isdigit():  # "2x WIA": a count in military shorthand
                if i + 1 < n_tokens and low(i + 1) in W.times_before:
                    spans.append(self._span(doc, i, i + 1, int(w[:-1]), "exact"))
                    used = i
                continue
            # the vague words, and "a dozen"
            if w in W.vague or w == "dozen":
                if w == "dozen" and i > 0 and low(i - 1) in ("a", "one"):
                    qual, start = self._qualifier_before(lower_ids, i - 1)  # "more than a dozen"
                    value, qual = 12, qual if qual != "exact" else "approx"
                elif w == "dozen":
                    continue  # "two dozen" is handled with the number before it
                else:
                    value, qual, start = W.vague[w], "vague", i
                end = i + 1
                spans.append(self._span(doc, start, end, value, qual))
                used = end - 1
                continue
            if w == "one" and i > 0 and low(i - 1) in _PRONOUN_ONE_AFTER:
                continue  # "the one you mentioned", "which one": a pronoun
            # a run of number tokens: "two hundred and fifty", "twenty - five", "1,100"
            end, value = self._run(low, i, n_tokens)
            if value is None:
                continue
            # "a thousand": the article is part of the number, and a qualifier may stand before it
            first = i - 1 if i > 0 and w in W.scales and low(i - 1) in ("a", "an") else i
            qual, start = self._qualifier_before(lower_ids, first)
            if any(low(k) == "dozen" for k in range(i, end)):
                qual = qual if qual != "exact" else "approx"
            upper = None
            dashed = _DASHED.fullmatch(w)
            if dashed is not None:
                high = W.digits(dashed[2])
                if isinstance(value, int) and isinstance(high, int) and high > value:
                    upper, qual = high, "at_least"
                else:
                    continue  # "3–2", a score
            elif end + 1 < n_tokens and mask[end + 1] and self._links_range(low, start, end):
                end2, high = self._run(low, end + 1, n_tokens)
                if high is not None and high > value and not W.is_ordinal(low(end + 1)):
                    end, upper, qual = end2, high, "at_least"
                    if start > 0 and low(start - 1) == "between":
                        start -= 1
            spans.append(self._span(doc, start, end, value, qual, upper))
            used = end - 1
        return spans

    def _links_range(self, low, start: int, end: int) -> bool:
        """Whether token `end` joins two numbers into a range: "5-7", "5 to 7", "between 5 and 7".
        "from 5 to 7" is a change ("the toll rose from 5 to 7"), not a range."""
        link = low(end)
        before = low(start - 1) if start > 0 else ""
        if link == "and":
            return before == "between"
        return link in self.words.range_links and not (link == "to" and before == "from")

    def _run(self, low, i: int, n_tokens: int) -> tuple[int, int | None]:
        """(end, value) of the run of number tokens that starts at token i; value None when unreadable.

        "two hundred and fifty", "fifty - two", "3 hundred and 21", "4 thousand 3 hundred", "3 dozens";
        runs of spaces between the words (their own tokens) are passed over."""
        W = self.words
        w = low(i)
        if (span := _DASHED.fullmatch(w)) is not None:  # "1000–5000" is one token: its first number here
            return i + 1, W.digits(span[1])
        end = i + 1
        parts = [w]

        def after(k: int) -> int:  # the next token that is not a run of spaces
            while k < n_tokens and low(k).isspace():
                k += 1
            return k

        def is_num(x: str) -> bool:
            return x in W.words or W.digits(x) is not None

        if w.isalpha() or W.digits(w) is not None:
            while (k := after(end)) < n_tokens:
                nxt = low(k)
                prev = parts[-1]
                scaled = any(p in W.scales for p in parts)
                if nxt == "dozens" and is_num(prev):
                    nxt = "dozen"
                if nxt in W.words and prev in W.words:
                    parts.append(nxt)
                    end = k + 1
                elif nxt in W.scales and prev not in W.words and W.digits(prev) is not None:
                    parts.append(nxt)
                    end = k + 1
                elif prev in W.scales and prev != "dozen" and W.digits(nxt) is not None and "," not in nxt:
                    parts.append(nxt)  # "4 thousand 3 hundred"
                    end = k + 1
                elif nxt in ("and", "-") and (k2 := after(k + 1)) < n_tokens and is_num(low(k2)) \
                        and ((nxt == "and" and scaled) or (nxt == "-" and prev in W.tens and low(k2) in W.units)):
                    parts += [nxt, low(k2)]
                    end = k2 + 1
                else:
                    break
        return end, W.words_value(parts)

    def _qualifier_before(self, lower_ids: list[int], start: int) -> tuple[str, int]:
        """NumberWords.qualifier_before on hashes."""
        for n in range(self.words.max_qualifier_len, 0, -1):
            if start - n < 0:
                continue
            found = self._qualifier_ids.get(tuple(lower_ids[start - n:start]))
            if found is not None:
                return found, start - n
        return "exact", start

    def _span(self, doc: Doc, start: int, end: int, value: int, qualifier: str,
              upper: int | None = None) -> NumberMention:
        key = (int(value), qualifier, upper)
        number = self._values.get(key)
        if number is None:  # NumberValue is immutable: one object per value and qualifier will do
            if len(self._values) > 10_000:
                self._values.clear()
            number = self._values[key] = NumberValue(*key)
        return NumberMention(start, end, number)


@Language.factory("annotator_numbers", assigns=["doc._.numbers"], default_config={"config_path": ""})
def make_numbers(nlp: Language, name: str, config_path: str) -> NumberRecognizer:
    return NumberRecognizer(nlp, name, config_path)


_DEFAULT_WORDS: NumberWords | None = None


def read_ordinal(text: str, config_path: str = "") -> int | None:
    """The value of an ordinal written in digits or words ("21st", "twenty-first", "two hundredth")."""
    global _DEFAULT_WORDS
    words = NumberWords(load_json(config_path, "numbers.json")) if config_path else _DEFAULT_WORDS
    if words is None:
        words = _DEFAULT_WORDS = NumberWords(load_json("", "numbers.json"))
    return words.ordinal(re.findall(r"[^\W_]+(?:-[^\W_]+)*", text.replace(" - ", "-")))


_DIGITS_SEEN: dict = {}
_UNSEEN = object()


def _digits(text: str) -> int | float | None:
    """The value of digits in any script ("1,100", "١٢", "1.5"), None when `text` is not one.

    A superscript or a footnote mark after the number ("3²", "12*", "7†") is left out of it; any
    other character ("1/2", "3½", "100s", "5km") makes the token no number."""
    body = text.rstrip(_MARKS)
    if body.isascii():  # the common case, without a look at each character
        t = body if _ASCII_DIGITS.fullmatch(body) else ""
    else:
        chars = []
        for ch in body:
            ch = _SEPARATORS.get(ch, ch)
            d = None if ch in ",." else unicodedata.decimal(ch, None)
            if ch not in ",." and d is None:
                return None
            chars.append(ch if d is None else str(d))
        t = "".join(chars)
    t = t.rstrip(",.")
    if not t or not t[0].isdigit() or len(t) > _MAX_DIGITS + 6:
        return None
    if "," in t:
        if not _GROUPED.fullmatch(t):  # "1,3" or "22,24" are not one number
            return None
        t = t.replace(",", "")
    if t.count(".") > 1:
        return None
    if "." not in t:
        return int(t) if len(t) <= _MAX_DIGITS else None
    value = float(t)
    return int(value) if value.is_integer() else value
