"""What the reviewer sees: highlights by type and status, argument underlines, the outline, tooltips, the
inspector's fields and place resolution, the status bar."""
from __future__ import annotations

import hashlib
from types import SimpleNamespace

import pytest
from PySide6.QtGui import QColor, QTextCharFormat

from annotator.domain import EVENT_TYPES, DocumentIn, Event
from annotator.gui import colors
from annotator.gui.lookups import MATCH_ROLE, NAME_ROLE
from annotator.gui.report_view import describe
from annotator.store import Store

pytestmark = pytest.mark.gui


def selections_by_range(view):
    out = {}
    for sel in view.extraSelections():
        out.setdefault((sel.cursor.selectionStart(), sel.cursor.selectionEnd()), []).append(QTextCharFormat(sel.format))
    return out


def test_highlights_follow_type_and_status(synthetic_db, make_window):
    window = make_window(synthetic_db)
    view = window.view
    assert view.toPlainText() == window.store.document_text(window.document_id)
    events = [it for it in window.session.items if it.kind == "event"]
    window.runner.run("accept", lambda: window.session.accept(events[0].key))
    window.runner.run("reject", lambda: window.session.reject(events[1].key, "duplicate"))
    events = [it for it in window.session.items if it.kind == "event"]
    formats = selections_by_range(view)
    fill = {}
    for it in events[:3]:
        fmt = formats[(it.start, it.end)][0]
        fill[it.status] = fmt
        colour = fmt.background().color()
        assert colour.rgb() == colors.type_colour(it.obj.type).rgb(), "the fill is the type's colour"
    assert fill["accepted"].background().color().alpha() > fill["pending"].background().color().alpha()
    assert fill["rejected"].fontStrikeOut() and not fill["pending"].fontStrikeOut()
    # argument spans are underlined inside their (not rejected) event
    arg = events[0].obj.arguments[0]
    assert any(f.fontUnderline() for f in formats[(arg.start, arg.end)])
    assert (events[1].obj.arguments[0].start, events[1].obj.arguments[0].end) not in formats
    # stated totals have their own colour
    fact = next(it for it in window.session.items if it.kind == "fact")
    assert formats[(fact.start, fact.end)][0].background().color().rgb() == QColor(colors.FACT_COLOUR).rgb()
    # the type is in words in the tooltip and the inspector, not only a colour
    assert describe(events[0]).startswith(EVENT_TYPES[events[0].obj.type][4])
    window.select(events[2].key)
    assert window.inspector.event_form.type.currentData() == events[2].obj.type
    assert EVENT_TYPES[events[2].obj.type][4] in window.inspector.title.text()
    assert view.span_rects(events[2].start, events[2].end), "the selected event is outlined where it is shown"
    cursor = view.textCursor()
    assert view.cursorRect(cursor).intersects(view.viewport().rect()), "the selected event is scrolled into view"
    assert "This report: 2 of" in window.status.progress_label.text() and "Reviewer: tester" in window.status.reviewer_label.text()


def test_offsets_survive_characters_outside_the_bmp(tmp_path, make_window):
    text = "Intro 😀😀 line.\nOn May 3 🚚 a convoy of 12 trucks entered via Semalka.\n"
    start = text.index("a convoy")
    end = text.index("Semalka") + len("Semalka")
    db = tmp_path / "astral.db"
    with Store(db) as store:
        store.add_document(DocumentIn(text, "Emoji report", "e.txt", "txt", "e"),
                           hashlib.sha256(text.encode()).hexdigest(), reviewer="t",
                           extraction=SimpleNamespace(events=[Event("convoy", start, end, text[start:end])], facts=[]))
    window = make_window(db)
    sel = window.view.extraSelections()[0]
    assert sel.cursor.selectedText() == text[start:end]
    window.view.select_range(start, end)
    assert window.view.selection_span() == (start, end)


def test_markdown_is_shown_as_text_with_its_offsets_kept(tmp_path, make_window):
    text = "## Convoys\n\n- **May 3:** A convoy of 12 trucks entered via __Semalka__.\n"
    start, end = text.index("A convoy"), text.index("Semalka") + len("Semalka__.")
    db = tmp_path / "md.db"
    with Store(db) as store:
        store.add_document(DocumentIn(text, "Markdown report", "m.md", "md", "m"),
                           hashlib.sha256(text.encode()).hexdigest(), reviewer="t",
                           extraction=SimpleNamespace(events=[Event("convoy", start, end, text[start:end])], facts=[]))
    window = make_window(db)
    assert window.view.toPlainText() == text  # the stored text, character for character
    formats = selections_by_range(window.view)
    bold = text.index("- **")
    dim = formats[(bold, bold + 4)][-1].foreground().color()
    normal = window.view.palette().color(window.view.foregroundRole())
    assert dim.alpha() < 128 <= normal.alpha(), "markup is dimmed (drawn translucent)"
    assert formats[(0, 2)][-1].foreground().color().alpha() < 255, "heading hashes too"
    inside = text.index("__Semalka")  # markup inside a candidate: dimmed over the highlight, drawn after it
    order = [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in window.view.extraSelections()]
    assert order.index((inside, inside + 2)) > order.index((start, end))
    link = window.view.palette().color(window.view.palette().ColorRole.Link).rgb()
    assert any(f.foreground().color().rgb() == link for f in formats[(3, len("## Convoys"))]), "headings stand out"
    assert (start, end) in formats, "the candidate is highlighted at its stored offsets"


def test_place_typed_in_the_inspector_resolves_through_the_gazetteer(synthetic_db, make_window):
    window = make_window(synthetic_db)
    key = window.current_key
    window.review.place_entered(key, "Deir Ezzor")
    ev = window.store.event(key[1])
    assert ev.location == "Deir Ezzor"
    assert ev.location_name and ev.admin1 and ev.lat is not None
    assert "Deir" in window.inspector.event_form.place_info.text()
    model = window.inspector.event_form.place.completer().model()
    shown = [model.index(r, 0).data() for r in range(model.rowCount())]
    matched = [model.index(r, 0).data(MATCH_ROLE) for r in range(model.rowCount())]
    assert len(shown) > 20 and len(set(shown)) == len(shown), "one row per place"
    assert any("Al-Walid" in m and "Waleed" in m for m in matched), "aliases match, folded into their place"
    window.review.place_entered(key, "Nowhere-in-particular")
    assert window.store.event(key[1]).location_precision == "unresolved"
    # An unresolved village with coordinates typed after it joins this database's gazetteer and resolves.
    window.review.place_entered(key, "Tell Sabiyah (35.1234, 40.5678)")
    ev = window.store.event(key[1])
    assert (ev.location_name, ev.lat, ev.lon, ev.location_precision) == ("Tell Sabiyah", 35.1234, 40.5678, "village")
    other = window.session.next_key(key)
    window.review.place_entered(other, "tell sabiyah")
    assert window.store.event(other[1]).lat == 35.1234
    actors = window.inspector.event_form.actors.completer()
    rows = [actors.model().index(r, 0).data(NAME_ROLE) for r in range(actors.model().rowCount())]
    assert "International Coalition" in rows and len(rows) == len(set(rows))
    # Typing an alias after a comma completes that name only and inserts the canonical one.
    field = window.inspector.event_form.actors
    field.setText("SDF, coalition hel")
    assert actors.splitPath(field.text()) == ["coalition hel"]
    row = next(r for r in range(actors.model().rowCount())
               if actors.model().index(r, 0).data(NAME_ROLE) == "International Coalition")
    assert "Coalition helicopters" in actors.model().index(row, 0).data(MATCH_ROLE)
    assert actors.pathFromIndex(actors.model().index(row, 0)) == "SDF, International Coalition"


def test_summary_tab_links_back_to_the_sentence(synthetic_db, make_window):
    window = make_window(synthetic_db)
    if not hasattr(window.summary, "open_location"):
        pytest.skip("the summary view is not part of this build")
    other = window.documents.model.docs[-1].id
    with Store(synthetic_db) as store:
        target = store.events(other)[3]
    window.navigation.show_summary_tab()
    assert window.tabs.currentWidget() is window.summary
    window.summary.open_location.emit(other, target.start, target.end)
    assert window.tabs.currentIndex() == 0
    assert window.document_id == other and window.current_key == ("event", target.id)


def test_editing_a_count_in_the_inspector_moves_its_underlined_span(tmp_path, make_window, qtbot):
    from annotator.domain import Argument, Count

    text = "On August 24 a convoy of 20 trucks entered via Semalka, and 22 trucks left the next day.\n"
    at, day = text.index("20 trucks"), text.index("August 24")
    ev = Event("convoy", 0, len(text) - 1, text[:-1], date="2022-08-24", counts={"trucks": Count(20)},
               arguments=[Argument("date", day, day + 9, "August 24", "2022-08-24"),
                          Argument("trucks", at, at + 9, "20 trucks", "20")])
    db = tmp_path / "count.db"
    with Store(db) as store:
        store.add_document(DocumentIn(text, "Count report", "c.txt", "txt", "c"),
                           hashlib.sha256(text.encode()).hexdigest(), reviewer="t",
                           extraction=SimpleNamespace(events=[ev], facts=[]))
    window = make_window(db)
    spin = window.inspector.event_form.counts["trucks"].spin
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "22")
    qtbot.keyClick(spin, "\r")
    moved = text.index("22 trucks")
    formats = selections_by_range(window.view)
    assert any(f.fontUnderline() for f in formats.get((moved, moved + 9), [])), "the underline follows the value"
    assert (at, at + 9) not in formats
    with Store(db) as store:
        arg = next(a for a in store.events()[0].arguments if a.role == "trucks")
    assert (arg.start, arg.value) == (moved, "22")
