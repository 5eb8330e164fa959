"""The spaCy export's config.cfg kept as text (export/spancat_template.py) is what spaCy's init_config gives."""
import pytest

from annotator.export import spancat_template
from annotator.export.spacy_docbin import _write_config, spancat_config
from annotator.export.spancat_template_text import VERSIONS


def test_the_kept_text_is_made_with_the_installed_versions():
    assert VERSIONS == spancat_template.installed(), \
        "remake it: python -m annotator.export.spancat_template > annotator/export/spancat_template_text.py"


@pytest.mark.parametrize("longest", [1, 3, 4, 17, 56])
def test_the_kept_text_is_spacys_config(tmp_path, longest):
    assert spancat_template.config_text(longest) == spancat_config(longest).to_str()
    _write_config(tmp_path, longest)
    spancat_config(longest).to_disk(tmp_path / "spacy.cfg")
    assert (tmp_path / "config.cfg").read_bytes() == (tmp_path / "spacy.cfg").read_bytes()


def test_other_versions_compute_it_again(tmp_path, monkeypatch):
    monkeypatch.setattr(spancat_template, "installed", lambda: ("0.0", "0.0", "0.0"))
    spancat_template.usable.cache_clear()
    try:
        assert spancat_template.config_text(5) is None
        _write_config(tmp_path, 5)
        assert (tmp_path / "config.cfg").read_text(encoding="utf8") == spancat_config(5).to_str()
    finally:
        spancat_template.usable.cache_clear()
