"""Paragraphs, bullets and headings: the layout the event rules lean on.

Reports put one paragraph or one bullet item on a line. This component records those blocks
(doc._.blocks) and starts a sentence at each, before the sentencizer fills in the rest, so that a bullet
such as "August 24: ..." never runs into the line above it.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from . import extensions  # noqa: F401  (registers doc._.blocks)
from .config import load_json
from .docutil import BatchedComponent, doc_text, forget_table, token_start_list
from .unwrap import unwrap

_LINE = re.compile(r"[^\n]+")
_NUMBERED = re.compile(r"^\(?\d{1,2}[.)]\s")
_TERMINAL = tuple('.!?:;"”’)\'')
_INNER_STOP = re.compile(r"[.!?]\s+[A-Z]")  # a sentence ends inside the line
# An emoji between two words of a line ("... several houses were damaged 😢 the council calls ..."): in a post it ends
# the sentence before it, as a full stop would. The pattern opens with the emoji blocks, so that the scan is C's;
# matching any punctuation and testing its category cost 1.3 ms of the five corpus reports' 48 ms.
_EMOJI = "\u203c\u2049\u2190-\u21ff\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff"
_EMOJI_STOP = re.compile(r"[%s][\ufe0f\u200d%s]*\s+(?=\w)" % (_EMOJI, _EMOJI))
# An item marker inside a line: "(2) " after a colon or a semicolon ("Key: (1) 31 Aug, Arima: ...; (2) 1 Sep, ...").
_INLINE_ITEM = re.compile(r"(?<=[:;])\s+\((\d{1,2})\)\s")


@dataclass(slots=True)
class Block:
    index: int
    kind: str  # "paragraph", "bullet" or "heading"
    start_char: int
    end_char: int
    start: int  # first token
    end: int  # one past the last token

    @property
    def is_bullet(self) -> bool:
        return self.kind == "bullet"


class BlockSegmenter(BatchedComponent):
    def __init__(self, nlp: Language, name: str, config_path: str = ""):
        cfg = load_json(config_path, "events.json")
        self.config_path = config_path
        self.bullet_chars = set(cfg["bullet_chars"])
        self.heading_max_words = int(cfg["heading_max_words"])

    def unwrap(self, text: str) -> str:
        """The text as the pipeline should read it: a wrapped text's paragraphs on one line each (unwrap.py), the
        same length; the extraction service calls it before tokenising."""
        return unwrap(text, self.config_path)

    @staticmethod
    def _emoji_stops(text: str, start: int, end: int) -> list[int]:
        """Where a sentence starts after an emoji between words in text[start:end] (their offsets): the emoji
        follows a word and a space (or ". ", ", ", "! ")."""
        out = []
        for m in _EMOJI_STOP.finditer(text, start, end):
            at = m.start()
            if at - 2 >= start and text[at - 1] == " " and (text[at - 2].isalnum() or (
                    text[at - 2] in ".!," and at - 3 >= start and text[at - 3].isalnum())):
                out.append(m.end())
        return out

    def _parts(self, line: str, at: int, s_char: int, e_char: int) -> list[tuple[int, int, str]]:
        """The line's blocks: the line, or, when items numbered 1, 2, ... run on in it after a colon or a semicolon
        ("Key: (1) 31 Aug, Arima: ...; (2) 1 Sep, ..."), the words before the first and each item as a bullet,
        as if each stood on its own line."""
        marks = [m for m in _INLINE_ITEM.finditer(line)] if "(" in line else []
        if len(marks) < 2 or [int(m.group(1)) for m in marks] != list(range(int(marks[0].group(1)),
                                                                             int(marks[0].group(1)) + len(marks))):
            return [(s_char, e_char, self._kind(line))]
        parts = []
        first = at + marks[0].start()
        lead = line[:marks[0].start()]
        if lead.strip():
            parts.append((s_char, first, self._kind(lead)))
        bounds = [at + m.end(0) - len(m.group(0).lstrip()) for m in marks] + [e_char]
        for item_start, item_end in zip(bounds, bounds[1:]):
            text = line[item_start - at:item_end - at].rstrip()
            parts.append((item_start, item_start + len(text), "bullet"))
        return parts

    def _kind(self, line: str) -> str:
        stripped = line.strip()
        if (stripped[0] in self.bullet_chars or unicodedata.category(stripped[0]) == "So") \
                and len(stripped) > 1 and not stripped[1].isalnum():
            return "bullet"  # "• ...", or a post's emoji marker ("⚡️ #Raqqa | ...", "🔴 ...")
        if _NUMBERED.match(stripped) or stripped.count("|") >= 2 or stripped.count("\t") >= 2:
            return "bullet"  # a numbered item, or a row of a table ("8 Apr | Al-Jurdi | gunmen attack ... | 1 killed",
            # or its cells in tab-separated columns as a spreadsheet pastes them)
        if stripped.endswith(_TERMINAL) or stripped[0].islower():
            return "paragraph"  # a title opens with a capital or a number; a post in lower case is prose
        if len(stripped.split()) <= self.heading_max_words or not _INNER_STOP.search(stripped):
            return "heading"  # a title or a headline (a long one too, when it holds one sentence)
        return "paragraph"  # a line of several sentences is prose whatever it ends with

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        blocks: list[Block] = []
        if len(doc):
            idx = token_start_list(doc)
            starts = np.zeros((len(doc), 1), dtype=np.uint64)
            for m in _LINE.finditer(text):
                line = m.group()
                lead = len(line) - len(line.lstrip())
                if lead == len(line):
                    continue  # blank or non-breaking spaces only
                s_char = m.start() + lead
                e_char = m.start() + len(line.rstrip())
                for s_char, e_char, kind in self._parts(line, m.start(), s_char, e_char):
                    s_tok = bisect.bisect_left(idx, s_char)
                    e_tok = bisect.bisect_left(idx, e_char)
                    if s_tok >= len(doc) or e_tok <= s_tok:
                        continue
                    blocks.append(Block(len(blocks), kind, s_char, e_char, s_tok, e_tok))
                    starts[s_tok, 0] = 1
                    if kind == "paragraph":
                        for stop in self._emoji_stops(text, s_char, e_char):
                            k = bisect.bisect_left(idx, stop)
                            if s_tok < k < e_tok:
                                starts[k, 0] = 1
            starts[0, 0] = 1
            if len(blocks) == 1 and blocks[0].kind == "heading":
                blocks[0].kind = "paragraph"  # a text of one line is its own body, not a title over nothing
            # 1 = starts a sentence, 0 = left to the sentencizer
            doc.from_array([SENT_START], starts)
            forget_table(doc)
        doc._.blocks = blocks
        return doc


@Language.factory("annotator_blocks", default_config={"config_path": ""})
def make_blocks(nlp: Language, name: str, config_path: str) -> BlockSegmenter:
    return BlockSegmenter(nlp, name, config_path)
