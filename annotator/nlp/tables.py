"""Rows of an incident table whose first line names its columns.

A digest or a log pasted from a spreadsheet puts one incident on a line, its cells separated by tabs or by "|",
under a header line ("Date<TAB>Area<TAB>Location<TAB>Category<TAB>Perpetrator<TAB>Details<TAB>Killed<TAB>Injured").
The header says what each cell is: the count columns give the killed and injured as bare numbers that no role word
next to them states, the location column is more specific than the area beside it, and the perpetrator column names
the actor that the details cell leaves out ("Unknown gunmen<TAB>Gunmen shot at a driver"). Measured on the
registers set's tabbed NGO digest (h/extract6): without the header the row's place was its governorate, its actor
none and its counts none or the "0" of a count cell.
"""
from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc

from .docutil import doc_text, token_start_list

_KEY = "annotator.tables.headers"  # doc.user_data: line start char -> its header's columns (or None)


class TableColumns:
    def __init__(self, cfg: dict):
        self.roles = {role: set(words) for role, words in cfg["columns"].items()}
        self.max_rows = int(cfg.get("max_rows", 40))

    @staticmethod
    def _sep(line: str) -> str | None:
        if line.count("\t") >= 2:
            return "\t"
        if line.count("|") >= 2:
            return "|"
        return None

    def _header(self, cells: list[str]) -> list[str | None] | None:
        """The role of each column when `cells` is a header line (no digit, one known column word at least)."""
        if any(c.isdigit() for cell in cells for c in cell):
            return None
        out = []
        for cell in cells:
            words = set(re.findall(r"[a-z]+", cell.lower()))
            out.append(next((r for r, ws in self.roles.items() if words & ws), None))
        return out if any(out) else None

    def cells(self, doc: Doc, token: int) -> dict[str, tuple[int, int]] | None:
        """The cells of the row that holds `token`, by column role, as token ranges; None outside a headed table."""
        text = doc_text(doc)
        starts = token_start_list(doc)
        char = starts[token] if token < len(starts) else len(text)
        lo = text.rfind("\n", 0, char) + 1
        hi = text.find("\n", char)
        hi = len(text) if hi < 0 else hi
        sep = self._sep(text[lo:hi])
        if sep is None:
            return None
        n = text[lo:hi].strip().count(sep)
        cache = doc.user_data.setdefault(_KEY, {})
        if lo not in cache:
            cache[lo] = self._find_header(text, lo, sep, n)
        roles = cache[lo]
        if roles is None:
            return None
        out: dict[str, tuple[int, int]] = {}
        pos = lo
        for i, cell in enumerate(text[lo:hi].split(sep)):
            c_lo, c_hi = pos, pos + len(cell)
            pos = c_hi + 1
            role = roles[i] if i < len(roles) else None
            if role is None or role in out or not cell.strip():
                continue
            a = bisect.bisect_left(starts, c_lo)
            b = bisect.bisect_left(starts, c_hi)
            if b > a:
                out[role] = (a, b)
        return out

    def _find_header(self, text: str, lo: int, sep: str, n: int) -> list[str | None] | None:
        """The nearest line above that has as many cells and reads as a header, through rows of the same table."""
        end = lo - 1
        for _ in range(self.max_rows):
            if end <= 0:
                return None
            start = text.rfind("\n", 0, end) + 1
            line = text[start:end].strip()
            end = start - 1
            if not line:
                continue
            if line.count(sep) != n:
                return None
            roles = self._header([c.strip() for c in line.split(sep)])
            if roles is not None:
                return roles
        return None

    @staticmethod
    def number(doc: Doc, rng: tuple[int, int]) -> int | None:
        """A count cell's number: the one it opens with ("2", "3 (incl. 1 child)"), else None ("-", "n/a")."""
        words = [t.text for t in doc[rng[0]:rng[1]] if not t.is_space]
        return int(words[0]) if words and words[0].isdigit() else None
