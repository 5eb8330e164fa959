"""Does a decoding read as prose? The check that lets the decoder prefer cp1252 or cp1256 without guessing.

Any byte string decodes as cp1256 (and nearly any as cp1252), so a clean decode proves nothing; a wrong
single-byte decoding shows itself in the characters it produces instead:
- Latin prose has few non-ASCII letters (under 30% of its letters even in French or Czech); a text in another
  script read as cp1252 is almost all accented capitals and symbols ("ÏÎáÊ ÞÇÝáÉ").
- Mac-roman, cp1250 or cp850 bytes read as cp1252 put capitals and symbols inside lowercase words:
  "cafŽ" (é), "SOHRÕs" (’), "Wroc³aw" (ł), "reinforcementsÉ" (…). Such a character is "misplaced"; real
  cp1252 text has next to none, so more than MAX_MISPLACED_SHARE of its non-ASCII characters (and at least
  one) means the decoding is wrong.
- A word mixing letters of orthographies that never meet ("Pøíbram": Czech cp1250 read as cp1252) counts
  as misplaced too.
- Arabic read as cp1256 is mostly Arabic letters; Latin bytes read as cp1256 are a mix of Arabic and Latin
  letters inside the same words.
"""
from __future__ import annotations

import re
import unicodedata

MAX_NON_ASCII_LETTERS = 0.30
MAX_MISPLACED_SHARE = 0.05
MIN_ARABIC_LETTERS = 0.60
_INSIDE_WORD_OK = "’'‘“”«»-‐‑–—·…"  # apostrophes, quotes, dashes ("Damascus–Homs"), "more…still"


# Letters of orthographies that never meet inside one word: Nordic/Italian "ø ì ù ò" beside the Czech/Slovak
# acutes "í ý ú" is how Czech cp1250 reads as cp1252 ("Pøíbram" for Příbram, "Èeský" for Český).
_MIXED_WORD = re.compile(r"\w*[øìùòÈØÌÙÒ]\w*[íýúÍÝÚ]\w*|\w*[íýúÍÝÚ]\w*[øìùòÈØÌÙÒ]\w*")


def reads_as(text: str, encoding: str) -> bool:
    """True when `text`, decoded from bytes as `encoding`, reads as prose in that encoding's script."""
    if any("\x80" <= c <= "\x9f" for c in text):  # C1 controls: never in text, always a wrong code page
        return False
    if encoding == "cp1256":
        return _reads_as_arabic(text)
    return _reads_as_latin(text)


def _reads_as_latin(text: str) -> bool:
    letters = non_ascii_letters = 0
    non_ascii = wrong = 0
    n = len(text)
    for i, c in enumerate(text):
        if c.isalpha():
            letters += 1
        if c < "\x80":
            continue
        non_ascii += 1
        if c.isalpha():
            non_ascii_letters += 1
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < n else " "
        if misplaced(c, before, after):
            wrong += 1
    if letters and non_ascii_letters > MAX_NON_ASCII_LETTERS * letters:
        return False
    wrong += len(_MIXED_WORD.findall(text)) if non_ascii else 0
    return wrong == 0 or wrong <= MAX_MISPLACED_SHARE * non_ascii


def misplaced(c: str, before: str, after: str) -> bool:
    if c.isupper():
        # "cafŽ": a capital right after a lowercase letter; "SOHRÕs": a capital inside a word before lowercase
        return before.islower() or (before.isalpha() and after.islower())
    if c.isalpha() or c.isspace():
        return False
    if c not in _INSIDE_WORD_OK and before.isalpha() and after.isalpha():
        return True  # "Wroc³aw" (ł), "Zo¿" (ż)
    # a symbol opening a word: "£ódŸ" (Łódź); "25°C" is the one common exception
    return unicodedata.category(c)[0] == "S" and after.isalpha() and c != "°"


def _reads_as_arabic(text: str) -> bool:
    letters = arabic = 0
    for c in text:
        if c.isalpha():
            letters += 1
            if "\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff":
                arabic += 1
    return letters > 0 and arabic >= MIN_ARABIC_LETTERS * letters
