"""The list of reports: title, period and event counts, with full-text search and a status filter."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, QRunnable, Qt, QThreadPool, QTimer, Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget,
)

from ..store import Store, StoredDocument

COLUMNS = ("Report", "Period", "Pending", "Accepted", "Rejected")
HEADERS = ("Report", "Period", "Pend.", "Acc.", "Rej.")  # short: the title column gets the room
LATER_MS = 1000  # changes made elsewhere: one list query a second at most, however many reports arrive
PAGE = 500  # rows per fetch: the list reads one page at a time as it scrolls (issue 13: 100,000 reports)
FILTERS = (("All reports", "all"), ("With pending candidates", "pending"), ("Fully reviewed", "done"),
           ("With accepted events", "accepted"), ("With rejected events", "rejected"))


def compact_period(start: str | None, end: str | None) -> str:
    """2024-03-23 – 04-22: the end's year is left out when the period is shorter than a year (monthly reports;
    the tooltip gives both dates in full)."""
    if not start:
        return ""
    if not end:
        return start
    if end[:4] == start[:4] or (int(end[:4]) == int(start[:4]) + 1 and end[5:] < start[5:]):
        return f"{start} – {end[5:]}"
    return f"{start} – {end}"


Pager = Callable[[int], list[StoredDocument]]  # offset -> the next page of the list's query


class DocumentModel(QAbstractTableModel):
    """The report list, loaded lazily: the first page, then more through Qt's canFetchMore/fetchMore as the view
    scrolls (or as select/neighbour reach past what is loaded), each page a windowed query (LIMIT/OFFSET)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.docs: list[StoredDocument] = []
        self._row_of: dict[int, int] = {}
        self._maybe_more = False  # the last page read was full: the query may have more rows
        self._more: Pager | None = None

    def set_documents(self, docs: list[StoredDocument], maybe_more: bool = False, more: Pager | None = None) -> None:
        self.beginResetModel()
        self.docs = docs
        self._row_of = {d.id: i for i, d in enumerate(docs)}
        self._maybe_more = maybe_more
        self._more = more
        self.endResetModel()

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and self._more is not None and self._maybe_more

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:
        if not self.canFetchMore(parent):
            return
        read = self._more(len(self.docs))
        self._maybe_more = len(read) >= PAGE
        page = [d for d in read if d.id not in self._row_of]
        if not page:  # the end of the list (or the database changed under it: the next refresh re-reads it)
            self._maybe_more = False
            return
        first = len(self.docs)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self.docs.extend(page)
        for i, d in enumerate(page, first):
            self._row_of[d.id] = i
        self.endInsertRows()

    def fetch_until(self, document_id: int) -> int:
        """Load pages until the report's row is loaded; -1 when the list does not hold it."""
        while document_id not in self._row_of and self.canFetchMore():
            self.fetchMore()
        return self.row_of(document_id)

    def row_of(self, document_id: int) -> int:
        return self._row_of.get(document_id, -1)

    def set_counts(self, document_id: int, counts: dict[str, int]) -> None:
        """Update one row from counts the window already knows, without asking the database."""
        row = self.row_of(document_id)
        if row < 0 or self.docs[row].counts == counts:
            return
        self.docs[row].counts = dict(counts)
        self.dataChanged.emit(self.index(row, 2), self.index(row, 4))

    def totals(self) -> dict[str, int]:
        out = {"pending": 0, "accepted": 0, "rejected": 0}
        for d in self.docs:
            for k in out:
                out[k] += d.counts.get(k, 0)
        return out

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.docs)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS[section] + (" events" if section >= 2 else "")
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        d = self.docs[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return d.title
            if col == 1:
                return compact_period(d.period_start, d.period_end) or (d.published or "")
            return d.counts.get(COLUMNS[col].lower(), 0)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{d.title}\n{d.source}\n{d.words} words · period {d.period or 'unknown'}"
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return d.id
        return None


class _QuerySignals(QObject):
    done = Signal(int, object, object, bool)  # generation, first page, every report's counts summed, maybe more


class _ListQuery(QRunnable):
    """The list query on a reader thread with its own connection.

    While a worker imports, a query of many rows on the GUI thread would hand the GIL to the worker at every
    row SQLite steps through, and wait for it back each time: a 1,000-row refresh then took 0.5-1 s (measured).
    """

    def __init__(self, path: Path, generation: int, search: str | None, status: str | None):
        super().__init__()
        self.path, self.generation, self.search, self.status = path, generation, search, status
        self.signals = _QuerySignals()

    def run(self) -> None:
        try:
            with Store(self.path) as store:
                docs, maybe_more, totals = _first_page(store, self.search, self.status)
        except Exception:  # the next refresh will try again; the list keeps what it shows
            return
        self.signals.done.emit(self.generation, docs, totals, maybe_more)


def _first_page(store: Store, search: str | None, status: str | None):
    """The list's first page, whether there may be more (a full page: the list is not counted, as counting a word
    in 97,500 of 100,000 reports cost 3-6 ms, growing with the matches, for a size nothing shows), and every
    report's counts summed (the status bar's totals): summed in SQL, as a dict of every report's counts cost 80 ms
    of Python at 100,000 reports on every refresh."""
    docs = store.documents(search=search, status=status, limit=PAGE)
    return docs, len(docs) == PAGE, store.count_totals()


class DocumentList(QWidget):
    document_activated = Signal(int)  # the current row changed to this document
    refreshed = Signal(object)  # {"pending", "accepted", "rejected"} summed over every report, after any refresh

    def __init__(self, store: Store | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("documentList")
        self.store = store
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search reports (/ or Ctrl+Shift+F)")
        self.search.setClearButtonEnabled(True)
        self.filter = QComboBox(self)
        for text, value in FILTERS:
            self.filter.addItem(text, value)
        self.model = DocumentModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed widths: sizing columns to their contents reads every row again on each refresh.
        metrics = self.table.fontMetrics()
        header.resizeSection(1, metrics.horizontalAdvance("2024-03-23 – 04-22") + 16)
        for c in range(2, len(COLUMNS)):
            header.resizeSection(c, metrics.horizontalAdvance("0000") + 12)
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.filter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        # Typing is debounced so that each keystroke does not run a full-text query.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self._quiet = False
        self._generation = 0
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._queries: set[_QuerySignals] = set()
        self.session = None  # set by the window
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(LATER_MS)
        self._later.timeout.connect(self.refresh_in_background)

    def on_changes(self, changes, _initiator=None) -> None:
        """Change bus: the open report's counts from the session at once; other reports re-read in the
        background (debounced: an import commits a report at a time)."""
        if changes.everything:
            self.refresh()
            return
        s = self.session
        others = set(changes.documents) - ({s.document_id} if s is not None else set())
        if s is not None and s.document_id in changes.documents:
            self.model.set_counts(s.document_id, s.counts())
        if changes.document_list or others:
            if not self._later.isActive():
                self._later.start()

    def set_store(self, store: Store | None) -> None:
        self.store = store
        self.refresh()

    def refresh(self) -> None:
        """Query again now, keeping the current report selected when it is still listed."""
        self._generation += 1
        search, status = self.search.text() or None, self.filter.currentData()
        docs, maybe_more, totals = _first_page(self.store, search, status) if self.store else ([], False, {})
        self._show(docs, maybe_more, search, status)
        self.refreshed.emit(totals)

    def refresh_in_background(self) -> None:
        """Query on a reader thread and show the result when it arrives (used while workers write)."""
        if self.store is None:
            return
        self._generation += 1
        query = _ListQuery(self.store.path, self._generation, self.search.text() or None,
                           self.filter.currentData())
        query.signals.done.connect(self._arrived)
        self._queries.add(query.signals)
        query.signals.done.connect(lambda *_a, s=query.signals: self._queries.discard(s))
        self._pool.start(query)

    def _arrived(self, generation: int, docs: list[StoredDocument], totals: dict[str, int],
                 maybe_more: bool) -> None:
        if generation != self._generation or self.store is None:
            return  # a newer refresh was asked for meanwhile
        self._show(docs, maybe_more, self.search.text() or None, self.filter.currentData())
        self.refreshed.emit(totals)

    def wait(self, msecs: int = 10000) -> bool:
        self._later.stop()
        return self._pool.waitForDone(msecs)

    def _pager(self, search: str | None, status: str | None) -> Pager:
        def more(offset: int) -> list[StoredDocument]:
            if self.store is None:
                return []
            return self.store.documents(search=search, status=status, limit=PAGE, offset=offset)
        return more

    def _show(self, docs: list[StoredDocument], maybe_more: bool = False, search: str | None = None,
              status: str | None = None) -> None:
        current = self.current_id()
        self._quiet = True
        try:
            self.model.set_documents(docs, maybe_more, self._pager(search, status))
            if current is not None:
                self.select(current, emit=False)
        finally:
            self._quiet = False

    def current_id(self) -> int | None:
        idx = self.table.currentIndex()
        return self.model.docs[idx.row()].id if idx.isValid() and idx.row() < len(self.model.docs) else None

    def select(self, document_id: int, *, emit: bool = True) -> bool:
        row = self.model.row_of(document_id)
        if row < 0 and self.model.canFetchMore() and self._listed(document_id):
            row = self.model.fetch_until(document_id)
        if row < 0:
            return False
        quiet, self._quiet = self._quiet, self._quiet or not emit
        try:
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.scrollTo(self.model.index(row, 0))
        finally:
            self._quiet = quiet
        return True

    def neighbour(self, document_id: int | None, step: int) -> int | None:
        docs = self.model.docs
        if not docs:
            return None
        row = self.model.row_of(document_id) if document_id is not None else -1
        if row < 0:
            return docs[0].id
        row += step
        if row >= len(docs) and self.model.canFetchMore():
            self.model.fetchMore()
        return docs[row].id if 0 <= row < len(docs) else None

    def _listed(self, document_id: int) -> bool:
        """Whether the list's query holds the report (one indexed query), before paging through it."""
        if self.store is None:
            return False
        return bool(self.store.documents(ids=[document_id], search=self.search.text() or None,
                                         status=self.filter.currentData()))

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._quiet and current.isValid():
            self.document_activated.emit(self.model.docs[current.row()].id)
