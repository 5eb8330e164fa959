"""The report list loads a page at a time (Qt's fetchMore over a windowed query), not every report at once."""
import pytest

from annotator.gui import document_list
from annotator.gui.document_list import DocumentList
from annotator.store import Store

from .conftest import build


@pytest.fixture
def listing(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(document_list, "PAGE", 3)
    store = Store(build(tmp_path / "lazy.db", 8))
    widget = DocumentList(store)
    qtbot.addWidget(widget)
    widget.refresh()
    yield store, widget
    store.close()


def test_the_first_page_then_more_as_asked(listing):
    store, widget = listing
    model = widget.model
    assert len(model.docs) == 3 and model.canFetchMore()
    model.fetchMore()
    assert len(model.docs) == 6 and model.canFetchMore()
    model.fetchMore()  # a short page: the end of the list
    assert not model.canFetchMore()
    assert [d.id for d in model.docs] == [d.id for d in store.documents()]  # the pages join up in order, none twice


def test_the_list_is_not_counted(listing, monkeypatch):
    """A full page says there may be more; the list's size is never counted (a count grows with the matches)."""
    store, widget = listing

    def refuse(*_a, **_k):
        raise AssertionError("the list counted its rows")
    monkeypatch.setattr(store, "count_documents", refuse)
    for text in ("convoy", ""):
        widget.search.setText(text)
        widget._debounce.stop()  # refreshed here, not by the typing timer after the test
        widget.refresh()
        while widget.model.canFetchMore():
            widget.model.fetchMore()
    assert len(widget.model.docs) == 8


def test_a_list_of_exactly_whole_pages_ends_after_one_empty_read(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(document_list, "PAGE", 4)
    store = Store(build(tmp_path / "whole.db", 8))
    widget = DocumentList(store)
    qtbot.addWidget(widget)
    widget.refresh()
    widget.model.fetchMore()
    assert len(widget.model.docs) == 8 and widget.model.canFetchMore()
    widget.model.fetchMore()
    assert len(widget.model.docs) == 8 and not widget.model.canFetchMore()
    store.close()


def test_selecting_a_report_not_yet_loaded_loads_up_to_it(listing):
    store, widget = listing
    last = store.documents()[-1].id
    assert widget.model.row_of(last) == -1
    assert widget.select(last, emit=False)
    assert widget.current_id() == last


def test_next_report_past_the_loaded_page(listing):
    store, widget = listing
    ids = [d.id for d in store.documents()]
    assert widget.neighbour(ids[2], +1) == ids[3]


def test_a_filtered_list_pages_its_own_rows(listing):
    store, widget = listing
    doc = store.documents()[-1]
    store.accept_all_pending(doc.id, reviewer="ana")
    widget.filter.setCurrentIndex(widget.filter.findData("done"))
    assert [d.id for d in widget.model.docs] == [doc.id] and not widget.model.canFetchMore()
    widget.filter.setCurrentIndex(widget.filter.findData("pending"))
    assert len(widget.model.docs) == 3 and widget.model.canFetchMore()
    assert not widget.select(doc.id, emit=False)  # not listed: no paging through the whole list to find out
    assert len(widget.model.docs) == 3
