"""The hot queries use an index where one applies: checked with EXPLAIN QUERY PLAN on the SQL the store really
runs (captured with sqlite3's trace callback), so a change that makes one scan the events table fails here."""
import re

import pytest

from annotator.store import Store


@pytest.fixture
def traced(scale_db):
    store = Store(scale_db)
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    yield store, statements
    store.db.conn.set_trace_callback(None)
    store.close()


def _plans(store, statements):
    plans = {}
    for sql in statements:
        if sql.lstrip().upper().startswith("SELECT"):
            rows = store.db.conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
            plans[sql] = [r[3] for r in rows]
    assert plans, "no SELECT was traced"
    return plans


def _full_scans(plans, table):
    # "SCAN events" is a full table scan; "SCAN e USING COVERING INDEX" would still read every row.
    pattern = re.compile(rf"^SCAN ({table}|e)\b")
    return {sql: steps for sql, steps in plans.items() if any(pattern.match(s) for s in steps)}


def _busy_month(store):
    """A month some report's events fall in, so that the period queries have rows to find."""
    day = store.db.execute("SELECT date FROM events WHERE date IS NOT NULL ORDER BY id LIMIT 1").fetchone()[0]
    return day[:8] + "01", day[:8] + "28"


def _middle(store):
    ids = [r[0] for r in store.db.execute("SELECT id FROM documents ORDER BY id")]
    return ids[len(ids) // 2]


@pytest.mark.parametrize("operation", [
    "open", "list_page", "list_pending", "search", "period", "events_in_period", "accept"])
def test_hot_queries_do_not_scan_events(traced, operation):
    store, statements = traced
    doc_id = _middle(store)
    start, end = _busy_month(store)
    statements.clear()
    if operation == "open":  # what the window reads to show a report
        store.document(doc_id), store.document_text(doc_id), store.events(doc_id), store.facts(doc_id)
    elif operation == "list_page":
        store.documents(limit=20, offset=0), store.count_documents()
    elif operation == "list_pending":
        store.documents(status="pending", limit=20), store.count_documents(status="pending")
    elif operation == "search":
        store.documents(search="convoy", limit=20)
    elif operation == "period":
        assert store.documents_in_period(start, end)
    elif operation == "events_in_period":
        assert store.events_in_period(start, end, statuses=("pending",))
    elif operation == "accept":
        ev = store.events(doc_id, status="pending")[0]
        store.accept_event(ev.id, reviewer="ana", expected_version=ev.version)
    plans = _plans(store, statements)
    assert _full_scans(plans, "events") == {}
    assert _full_scans(plans, "event_arguments") == {}


def test_the_report_list_and_a_period_do_not_scan_documents(traced):
    store, statements = traced
    start, end = _busy_month(store)
    statements.clear()
    store.documents(limit=20, offset=40)
    page = _plans(store, statements)
    # The list's order comes from idx_documents_order, so a page does not sort the whole table first.
    assert not any("TEMP B-TREE FOR ORDER BY" in s for steps in page.values() for s in steps)
    statements.clear()
    assert store.document_ids_in_period(start, end)
    assert _full_scans({**page, **_plans(store, statements)}, "documents") == {}


def test_the_check_itself_sees_a_full_scan(traced):
    """Without an index the helper reports the scan, so the assertions above can fail."""
    store, statements = traced
    statements.clear()
    store.db.execute("SELECT COUNT(*) FROM events WHERE evidence LIKE '%convoy%'").fetchone()
    assert _full_scans(_plans(store, statements), "events")


def test_a_series_month_is_found_through_its_index(traced):
    store, statements = traced
    number = store.db.execute("SELECT month_number FROM documents WHERE month_number IS NOT NULL").fetchone()[0]
    statements.clear()
    ids = store.document_ids_of_month_number(number)
    assert ids and all(store.document(i).month_number == number for i in ids)
    assert _full_scans(_plans(store, statements), "documents") == {}


def test_headings_list_every_report_in_list_order_without_counting(traced):
    store, statements = traced
    statements.clear()
    headings = store.document_headings()
    assert [d.id for d in headings] == [d.id for d in store.documents()]
    assert all(d.counts == {"pending": 0, "accepted": 0, "rejected": 0} for d in headings)
    assert not any("events" in sql for sql in statements[:1])


@pytest.mark.parametrize("period", ["month", "year", "report"])
def test_a_summary_counts_events_from_the_index_without_scanning(traced, period):
    """A summary reads the accepted events whole and counts the rest: every events query ranges over an index,
    and the counting ones never touch the table (covering idx_events_document_status_date, migration 0006)."""
    from annotator.summary import summarise

    store, statements = traced
    start, _ = _busy_month(store)
    query = {"month": start[:7], "year": f"{start[:4]}-01-01..{start[:4]}-12-31",
             "report": str(_middle(store))}[period]
    statements.clear()
    s = summarise(store, query)
    assert s["documents"]
    plans = _plans(store, statements)
    assert _full_scans(plans, "events") == {}
    assert _full_scans(plans, "event_arguments") == {}
    assert _full_scans(plans, "documents") == {}
    counting = {sql: steps for sql, steps in plans.items() if "COUNT(*) FROM events" in sql}
    assert len(counting) >= 2  # the per-report tallies, the undated pending
    for sql, steps in counting.items():
        reads = [s for s in steps if re.match(r"^(SEARCH|SCAN) events\b", s)]
        assert reads and all("COVERING INDEX idx_events_document_status_date" in s for s in reads), (sql, steps)
    # The first pending items: by date through idx_events_date for a period, by report for named reports;
    # either way a range over an index that stops at the LIMIT, never an ordering of every candidate.
    first = {sql: steps for sql, steps in plans.items() if "FROM events" in sql and "LIMIT" in sql}
    assert first
    expected = "idx_events_date (date>? AND date<?)" if period != "report" else "idx_events_document_status_date"
    dated = [steps for sql, steps in first.items() if "date IS NULL" not in sql]
    assert dated and all(any(expected in s for s in steps) for steps in dated), first


def test_the_lists_counts_and_filters_read_one_row_per_report(traced):
    store, statements = traced
    statements.clear()
    store.document_counts(), store.count_totals(), store.count_documents(status="pending")
    store.count_documents(status="done"), store.documents(status="done", limit=20)
    store.count_documents(search="convoy")  # in every report
    plans = _plans(store, statements)
    assert _full_scans(plans, "events") == {}
    assert not any("events" in sql for sql in plans)  # the counts come from document_counts alone
    page = [steps for sql, steps in plans.items() if "LIMIT" in sql]
    assert len(page) == 1 and all("SCAN d USING COVERING INDEX idx_documents_list" in steps for steps in page)
    assert not any("TEMP B-TREE" in s for steps in page for s in steps)
    # A word in few reports: those reports are read by id, not the whole list walked to find them.
    rare = store.document_text(_middle(store)).split("Reference")[-1].strip(" .\n")
    statements.clear()
    assert len(store.documents(search=rare, limit=20)) == 1
    steps = next(st for sql, st in _plans(store, statements).items() if "LIMIT" in sql and "FROM documents d" in sql)
    assert "SEARCH d USING INTEGER PRIMARY KEY (rowid=?)" in steps and not any(s.startswith("SCAN d ") for s in steps)


def test_a_page_of_a_common_word_reads_a_range_of_the_full_text_index(traced):
    """A word in every report: the list's index a chunk at a time, and for each chunk only the matches whose rowids
    lie in its range; never every match (neither listed nor counted)."""
    store, statements = traced
    whole = [d.id for d in store.documents(search="convoy")]
    statements.clear()
    assert [d.id for d in store.documents(search="convoy", limit=5, offset=5)] == whole[5:10]
    plans = _plans(store, statements)
    fts = {sql: steps for sql, steps in plans.items() if "documents_fts MATCH" in sql}
    assert fts
    for sql, steps in fts.items():
        bounded = "rowid BETWEEN" in sql or "LIMIT" in sql  # a range of rowids, or a count that stops early
        assert bounded, (sql, steps)
    ranged = [steps for sql, steps in fts.items() if "rowid BETWEEN" in sql]
    assert ranged and all(any(re.search(r"VIRTUAL TABLE INDEX \d+:M\d*(><|<>)", s) for s in steps)
                          for steps in ranged), ranged  # FTS5 was handed the range, not filtered after
    assert not any("LIST SUBQUERY" in s for steps in plans.values() for s in steps)


@pytest.mark.parametrize("spread", [4, 0])  # 0: every chunk too spread, so the walk against every match
def test_search_pages_join_up_whatever_the_path(scale_db, monkeypatch, spread):
    from annotator.store import store as store_module

    monkeypatch.setattr(store_module, "SPREAD", spread)
    with Store(scale_db) as store:
        for status in (None, "pending", "done"):
            whole = [d.id for d in store.documents(search="convoy", status=status)]
            pages = []
            for offset in range(0, 15, 5):
                pages += [d.id for d in store.documents(search="convoy", status=status, limit=5, offset=offset)]
            assert pages == whole[:15]


def test_the_period_pickers_names_read_the_end_of_the_list_and_seek_each_month(traced):
    store, statements = traced
    every = store.document_headings()
    statements.clear()
    assert [d.id for d in store.document_headings(latest=7)] == [d.id for d in every[-7:]]
    expected = sorted({iso[:7] for d in every for iso in (d.period_start, d.period_end, d.published) if iso})
    assert store.document_months() == expected
    plans = _plans(store, statements)
    assert _full_scans(plans, "documents") == {}
    latest = next(steps for sql, steps in plans.items() if "LIMIT 7" in sql)
    assert latest == ["SCAN d USING COVERING INDEX idx_documents_list"]  # backwards, 7 entries, no sort
    seeks = [steps for sql, steps in plans.items() if "MIN(" in sql]
    assert seeks and all(len(steps) == 1 and steps[0].startswith("SEARCH documents USING COVERING INDEX")
                         for steps in seeks)


def test_an_export_of_everything_orders_reports_from_the_list_index(traced):
    """select_document_ids without a filter: every id in list order from the covering index, never the
    documents' rows (loading them all held 253 MB at 100,000 reports)."""
    from annotator.export.selection import select_document_ids

    store, statements = traced
    statements.clear()
    ids = select_document_ids(store)
    assert ids == [d.id for d in store.documents()]
    plans = _plans(store, statements[:1])
    assert all("COVERING INDEX idx_documents_list" in " ".join(steps) for steps in plans.values()), plans
