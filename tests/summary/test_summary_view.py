"""The Summary tab (pytest-qt, offscreen): it shows the summary, follows decisions, and opens sources."""
import pytest

pytestmark = pytest.mark.gui


@pytest.fixture
def view(sample, qtbot):
    from annotator.gui.summary_view import SummaryView

    store, ids = sample
    widget = SummaryView(store)
    qtbot.addWidget(widget)
    widget.set_period("fixture-coalition-120")
    widget.show()
    qtbot.waitExposed(widget)
    return widget, store, ids


def test_it_shows_the_summary_of_the_chosen_period(view):
    widget, store, ids = view
    s = widget.summary
    assert s["period"]["label"].startswith("120th month")
    assert widget.timeline.rowCount() == len(s["timeline"]) == 5
    assert widget.checks.rowCount() == len(s["checks"])
    assert widget.pending.rowCount() == 2
    assert "UNVERIFIED" in widget.banner.text()
    assert "150 trucks (100 itemised)" in widget.headline.text()
    assert widget.checks.item(0, 5).text().startswith("stated 150 trucks but 100 itemised")


def test_a_click_on_a_timeline_row_or_a_label_opens_the_sentence(view, qtbot):
    widget, store, ids = view
    row = widget.summary["timeline"][2]
    with qtbot.waitSignal(widget.open_location) as blocker:
        widget.timeline.cellClicked.emit(2, 3)
    assert blocker.args == [row["document_id"], row["start"], row["end"]]
    label = widget.summary["headline"]["sentences"][0]["refs"][0]
    src = widget.summary["sources"][label]
    with qtbot.waitSignal(widget.open_location) as blocker:
        widget.headline.linkActivated.emit(label)
    assert blocker.args == [src["document_id"], src["start"], src["end"]]


def test_a_decision_refreshes_the_view(view, qtbot):
    from annotator.review import OpChanges

    widget, store, ids = view
    rocket = next(e for e in store.events(ids["r120"]) if e.status == "pending" and e.type == "rocket_attack")
    store.accept_event(rocket.id, reviewer="ana")
    # The window's change bus tells every view what changed (annotator/gui/operations.py).
    widget.on_changes(OpChanges(kind="accept", events=frozenset({rocket.id}), documents=frozenset({ids["r120"]})))
    qtbot.waitUntil(lambda: widget.timeline.rowCount() == 6, timeout=3000)
    assert widget.pending.rowCount() == 1


def test_charts_are_drawn_when_their_page_is_shown(view, qtbot):
    widget, store, ids = view
    assert widget.chart_by_type.pixmap().isNull()
    widget.tabs.setCurrentWidget(widget.charts_page)
    assert not widget.chart_by_type.pixmap().isNull() and not widget.chart_timeline.pixmap().isNull()


def test_an_unknown_period_is_explained(view):
    widget, store, ids = view
    widget.set_period("999th month")
    assert widget.summary is None and "999th month" in widget.banner.text()
    assert widget.timeline.rowCount() == 0
