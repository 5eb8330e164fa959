"""`annotator gui` and `annotator demo`: options, the demo database they build, the window they open."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from annotator.commands import gui_commands
from annotator.store import Store

pytestmark = pytest.mark.gui


@pytest.fixture
def opened(monkeypatch):
    calls = []
    monkeypatch.setattr(gui_commands, "open_window", lambda path=None: calls.append(path) or 0)
    return calls


def test_gui_opens_the_given_database(tmp_path, opened):
    db = tmp_path / "x.db"
    result = CliRunner().invoke(gui_commands.gui, ["--db", str(db)])
    assert result.exit_code == 0, result.output
    assert opened == [db]
    assert "--db" in CliRunner().invoke(gui_commands.gui, ["--help"]).output


def test_demo_builds_a_fresh_database_then_opens_it(tmp_path, opened):
    pytest.importorskip("annotator.nlp.service")
    db = tmp_path / "demo.db"
    db.write_bytes(b"")  # a previous demo file is replaced, not appended to
    result = CliRunner().invoke(gui_commands.demo, ["--db", str(db)])
    assert result.exit_code == 0, result.output
    assert opened == [db]
    with Store(db) as store:
        docs = store.documents()
        assert len(docs) == 6
        assert all(d.extracted_at for d in docs)
        assert sum(d.counts["pending"] for d in docs) > 20
    again = CliRunner().invoke(gui_commands.demo, ["--db", str(db)])
    assert again.exit_code == 0
    with Store(db) as store:
        assert len(store.documents()) == 6, "a fresh database each time"


def test_the_window_opens_and_closes_on_an_empty_database(tmp_path, make_window):
    window = make_window(tmp_path / "empty.db")
    assert window.documents.model.docs == [] and window.session.document is None
    assert window.view.toPlainText() == ""
    window.review.accept_current()  # nothing selected: a hint, no error
    assert "Select a candidate" in window.statusBar().currentMessage()


def test_a_missing_window_system_library_is_named_with_the_packages_to_install(monkeypatch, capsys):
    from annotator import app

    monkeypatch.setattr(app.sys, "platform", "linux")
    absent = {"xcb-cursor"}
    find = lambda name: None if name in absent else f"lib{name}.so"  # noqa: E731
    assert app.missing_platform_libraries({"DISPLAY": ":0"}, find) == ["xcb-cursor"]
    assert app.missing_platform_libraries({"QT_QPA_PLATFORM": "offscreen"}, find) == []
    assert app.missing_platform_libraries({"WAYLAND_DISPLAY": "wayland-0"}, find) == []
    assert app.missing_platform_libraries({"DISPLAY": ":0"}, lambda name: None) == [], "no look-up: let Qt try"
    monkeypatch.setattr(app, "missing_platform_libraries", lambda: ["xcb-cursor"])
    assert app.run("unused.db") == 2
    err = capsys.readouterr().err
    assert "libxcb-cursor0" in err and "Fedora" in err and "xcb-cursor" in err
