"""`python -m spacy debug data` accepts the spaCy export of the reviewed corpus with its generated config."""
import os
import subprocess
import sys

import pytest

from annotator.export import run_export
from helpers.gold_review import review_corpus

pytestmark = pytest.mark.corpus


def test_spacy_debug_data_accepts_the_export(corpus_dir, store, tmp_path):
    review_corpus(store, corpus_dir)
    out = tmp_path / "spacy"
    result = run_export(store, "spacy", out, status="accepted")
    assert result.documents == 5 and not result.skipped
    proc = subprocess.run([sys.executable, "-m", "spacy", "debug", "data", "config.cfg"], cwd=out,
                          capture_output=True, text=True, timeout=300, env=dict(os.environ, NO_COLOR="1"))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "spans_key 'events'" in proc.stdout
    assert "✘" not in proc.stdout
