"""config.cfg of the spaCy export as spacy_docbin.spancat_config writes it, kept as text for the versions it was made
with, so that an export need not run spaCy's init_config: 0.2-0.3 s of a one-month export's 0.7-0.9 s of CPU in a
fresh process (it builds a whole pipeline, tokenizer included, to fill in the defaults). With other versions of
spaCy, thinc or confection installed, spacy_docbin computes it as before. tests/export/test_spancat_template.py
checks that it is what spaCy writes; after an upgrade, make it again with
    python -m annotator.export.spancat_template > annotator/export/spancat_template_text.py
"""
from __future__ import annotations

from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

PACKAGES = ("spacy", "thinc", "confection")
PLACEHOLDER = 987654321  # the suggester's max_size in TEXT, replaced by the export's


def installed() -> tuple[str, ...] | None:
    try:
        return tuple(version(p) for p in PACKAGES)
    except PackageNotFoundError:
        return None


@lru_cache(maxsize=1)
def usable() -> bool:
    from .spancat_template_text import VERSIONS

    return VERSIONS == installed()


def config_text(max_span_tokens: int) -> str | None:
    """spacy_docbin.spancat_config(max_span_tokens).to_str(), or None when made with other versions than these."""
    from .spancat_template_text import TEXT

    if not usable():
        return None
    return TEXT.replace(f"max_size = {PLACEHOLDER}\n", f"max_size = {max(3, max_span_tokens)}\n", 1)


def _module_text() -> str:
    from .spacy_docbin import spancat_config

    text = spancat_config(PLACEHOLDER).to_str()
    lines = "".join(f"    {line!r}\n" for line in text.splitlines(keepends=True))
    return ('"""Made by `python -m annotator.export.spancat_template` (see there); do not edit."""\n'
            f"VERSIONS = {installed()!r}\nTEXT = (\n{lines})\n")

if __name__ == "__main__":
    print(_module_text(), end="")
