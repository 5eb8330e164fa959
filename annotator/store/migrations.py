"""Numbered, append-only schema migrations (sqlite-utils' Migrations).

Never edit a migration that has shipped: add the next number. docs/schema.md describes the tables.
"""
from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "annotator"
migrations = Migrations(MIGRATION_SET)

_REVIEW_COLUMNS = """
    origin TEXT NOT NULL DEFAULT 'rules',      -- rules | model | reviewer | import
    rule TEXT,                                 -- the rule or model that proposed it
    confidence REAL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    reject_reason TEXT,
    reviewer TEXT,
    reviewed_at TEXT,
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1          -- bumped on every change; edits name the version they saw
"""


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,                 -- file stem or JSONL meta.id
            title TEXT NOT NULL,
            text TEXT NOT NULL,                -- NFC, LF: every offset points into this
            source TEXT NOT NULL,
            source_kind TEXT NOT NULL,
            content_hash TEXT NOT NULL UNIQUE,
            published TEXT,
            published_source TEXT,
            series TEXT,
            month_number INTEGER,
            period_start TEXT,
            period_end TEXT,
            words INTEGER NOT NULL,
            meta TEXT NOT NULL DEFAULT '{}',
            imported_at TEXT NOT NULL,
            extracted_at TEXT,
            pipeline_version TEXT
        )"""
    )
    db.execute("CREATE INDEX idx_documents_key ON documents(key)")
    db.execute("CREATE INDEX idx_documents_period ON documents(period_start, period_end)")
    db["documents"].enable_fts(["title", "text"], fts_version="FTS5", create_triggers=True)
    db.execute(
        f"""
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            type TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            evidence TEXT NOT NULL,
            date TEXT,
            date_precision TEXT,
            end_date TEXT,
            in_period INTEGER,
            location TEXT,
            location_name TEXT,
            admin1 TEXT,
            lat REAL,
            lon REAL,
            location_precision TEXT,
            actors TEXT NOT NULL DEFAULT '[]',
            actors_canonical TEXT NOT NULL DEFAULT '[]',
            targets TEXT NOT NULL DEFAULT '[]',
            killed INTEGER, killed_q TEXT,
            injured INTEGER, injured_q TEXT,
            arrested INTEGER, arrested_q TEXT,
            trucks INTEGER, trucks_q TEXT,
            direction TEXT,
            note TEXT,
            {_REVIEW_COLUMNS},
            CHECK (start >= 0 AND "end" >= start)
        )"""
    )
    db.execute("CREATE INDEX idx_events_document ON events(document_id, start)")
    db.execute("CREATE INDEX idx_events_status ON events(status)")
    db.execute("CREATE INDEX idx_events_date ON events(date)")
    db.execute(
        """
        CREATE TABLE event_arguments (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            role TEXT NOT NULL,                -- actor, target, location, date, killed, injured, arrested, trucks, trigger
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            value TEXT,                        -- canonical name, ISO date or number
            qualifier TEXT
        )"""
    )
    db.execute("CREATE INDEX idx_arguments_event ON event_arguments(event_id)")
    db.execute(
        f"""
        CREATE TABLE facts (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,                -- trucks, batches, batch_dates, joint_operations, arrested, killed
            value TEXT NOT NULL,               -- JSON: an integer, or a list of ISO dates
            qualifier TEXT,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            evidence TEXT NOT NULL,
            {_REVIEW_COLUMNS}
        )"""
    )
    db.execute("CREATE INDEX idx_facts_document ON facts(document_id)")
    # Append-only: the triggers refuse updates and deletes, so the log is a faithful history.
    db.execute(
        """
        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            object_type TEXT NOT NULL,         -- document, event, fact, model
            object_id INTEGER,
            document_id INTEGER,
            action TEXT NOT NULL,              -- import, extract, reextract, accept, reject, edit, add, delete, undo, redo, ...
            before TEXT,                       -- JSON snapshot before the change (NULL for creations)
            after TEXT                         -- JSON snapshot after the change (NULL for deletions)
        )"""
    )
    db.execute("CREATE INDEX idx_decisions_object ON decisions(object_type, object_id)")
    db.execute("CREATE INDEX idx_decisions_document ON decisions(document_id)")
    db.execute(
        "CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions "
        "BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions "
        "BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END"
    )
    db.execute(
        """
        CREATE TABLE models (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,                -- e.g. spancat
            path TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT,
            pipeline_version TEXT,
            trained_on TEXT NOT NULL DEFAULT '[]',   -- JSON list of document ids
            metrics TEXT NOT NULL DEFAULT '{}',
            active INTEGER NOT NULL DEFAULT 0
        )"""
    )


@migrations(name="0002_document_status_index")
def m0002_document_status_index(db: Database) -> None:
    # The document list counts pending/accepted/rejected per report on every refresh.
    db.execute("CREATE INDEX idx_events_document_status ON events(document_id, status)")


_IN_PERIOD = """(SELECT CASE WHEN NEW.date IS NULL OR d.period_start IS NULL
                             OR COALESCE(NEW.date_precision, 'day') <> 'day' THEN NULL
                        ELSE substr(NEW.date, 1, 10) BETWEEN d.period_start AND d.period_end END
                 FROM documents d WHERE d.id = NEW.document_id)"""


@migrations(name="0003_gui_review_history")
def m0003_gui_review_history(db: Database) -> None:
    # One row per review keystroke (a "step"): the decision-log rows it wrote, so undo and redo are rebuilt from
    # the database after a restart. kind: do | undo | redo | drop (a step that can no longer be undone).
    db.execute(
        """
        CREATE TABLE review_steps (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('do', 'undo', 'redo', 'drop')),
            target INTEGER REFERENCES review_steps(id),
            description TEXT NOT NULL,
            document_id INTEGER,
            focus_kind TEXT,
            focus_id INTEGER,
            first_decision INTEGER NOT NULL,
            last_decision INTEGER NOT NULL
        )"""
    )
    db.execute("CREATE INDEX idx_review_steps_reviewer ON review_steps(reviewer, id)")
    # The reviewers' own gazetteer for this database: villages the bundled one lacks, with typed coordinates.
    db.execute(
        """
        CREATE TABLE user_places (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL DEFAULT 'village',
            admin1 TEXT,
            lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
            lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
            added_by TEXT NOT NULL,
            added_at TEXT NOT NULL
        )"""
    )
    # Whether an event lies inside its report's period is derived from its date and the period: the triggers
    # recompute it whenever either is written, so a date moved in or out of the window never keeps a stale flag.
    # Day-precision dates only, as the extraction does (a month or week date is neither in nor out).
    for name, when in (("events_in_period_insert", "AFTER INSERT ON events"),
                       ("events_in_period_update", "AFTER UPDATE OF date, date_precision, document_id ON events")):
        db.execute(f"CREATE TRIGGER {name} {when} BEGIN "
                   f"UPDATE events SET in_period = {_IN_PERIOD} WHERE id = NEW.id; END")
    db.execute(
        "CREATE TRIGGER documents_period_update AFTER UPDATE OF period_start, period_end ON documents BEGIN "
        "UPDATE events SET in_period = (CASE WHEN date IS NULL OR NEW.period_start IS NULL "
        "OR COALESCE(date_precision, 'day') <> 'day' THEN NULL "
        "ELSE substr(date, 1, 10) BETWEEN NEW.period_start AND NEW.period_end END) "
        "WHERE document_id = NEW.id; END")
    db.execute(
        "UPDATE events SET in_period = (SELECT CASE WHEN events.date IS NULL OR d.period_start IS NULL "
        "OR COALESCE(events.date_precision, 'day') <> 'day' THEN NULL "
        "ELSE substr(events.date, 1, 10) BETWEEN d.period_start AND d.period_end END "
        "FROM documents d WHERE d.id = events.document_id)")


@migrations(name="0004_team_review")
def m0004_team_review(db: Database) -> None:
    # Several reviewers' work on the same reports, merged from their own files (annotator.team.merge). A
    # single-reviewer database leaves these tables empty and behaves as before: `events` stays the one truth.
    # In a merged database `events` holds what counts (the curated, else the agreed, else the pending candidate);
    # each reviewer's own version of a candidate is a row here.
    db.execute(
        """
        CREATE TABLE team_sources (
            id INTEGER PRIMARY KEY,
            reviewer TEXT NOT NULL UNIQUE,
            fingerprint TEXT NOT NULL,         -- the source file's first decision: tells a second file of one reviewer
            path TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'database',   -- database | jsonl
            last_decision INTEGER NOT NULL DEFAULT 0,  -- source decision-log rows up to this one are merged
            merged_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE team_candidates (
            event_id INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
            key TEXT NOT NULL UNIQUE,          -- content hash, candidate or added, type, original span
            original TEXT NOT NULL             -- JSON snapshot of the candidate as extracted (or as first added)
        )"""
    )
    db.execute(
        """
        CREATE TABLE reviewer_decisions (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            reviewer TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
            snapshot TEXT NOT NULL,            -- JSON: the reviewer's version of the event (edits included)
            decided_at TEXT,
            source_event_id INTEGER,
            UNIQUE (event_id, reviewer)
        )"""
    )
    db.execute("CREATE INDEX idx_reviewer_decisions_document ON reviewer_decisions(document_id, reviewer)")
    # Each reviewer's decision-log rows, ids mapped into this database where the object is known. Kept apart from
    # `decisions` so undo, redo and the change watcher only ever see what was done in this file.
    db.execute(
        """
        CREATE TABLE reviewer_log (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES team_sources(id),
            source_decision INTEGER NOT NULL,
            at TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            object_type TEXT NOT NULL,
            object_id INTEGER,
            document_id INTEGER,
            action TEXT NOT NULL,
            before TEXT,
            after TEXT,
            UNIQUE (source_id, source_decision)
        )"""
    )
    db.execute("CREATE INDEX idx_reviewer_log_reviewer ON reviewer_log(reviewer, document_id)")


@migrations(name="0005_scale_indexes")
def m0005_scale_indexes(db: Database) -> None:
    # Found with EXPLAIN QUERY PLAN on a 10,000-report database (annotator benchmark --scale): the report list's
    # order and a period's reports without a period (by publication date) scanned the whole documents table.
    db.execute("CREATE INDEX IF NOT EXISTS idx_documents_order ON documents(COALESCE(period_start, published, ''), id)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_documents_published ON documents(published)")
    # A period's reports by their period's end too: "start <= period end AND end >= period start" then ranges on
    # either column, whichever SQLite finds narrower.
    db.execute("CREATE INDEX IF NOT EXISTS idx_documents_period_end ON documents(period_end, period_start)")
    # "96th month" finds its reports by series month number.
    db.execute("CREATE INDEX IF NOT EXISTS idx_documents_month_number ON documents(month_number)")
    # Facts by report and status (exports filter both), as events already have.
    db.execute("CREATE INDEX IF NOT EXISTS idx_facts_document_status ON facts(document_id, status)")


_STATUS_DELTA = ("pending = pending {op} ({row}.status = 'pending'), "
                 "accepted = accepted {op} ({row}.status = 'accepted'), "
                 "rejected = rejected {op} ({row}.status = 'rejected')")


# count_totals' columns and what one document_counts row adds to each
_TOTALS_TERMS = (("pending", "{r}.pending"), ("accepted", "{r}.accepted"), ("rejected", "{r}.rejected"),
                 ("reports", "1"), ("with_pending", "{r}.pending > 0"), ("with_accepted", "{r}.accepted > 0"),
                 ("with_rejected", "{r}.rejected > 0"))


def _totals_delta(op: str, row: str, minus: str | None = None) -> str:
    """SET clause: add (or subtract) a row's terms; with `minus`, add the new row's and subtract the old's."""
    parts = []
    for column, term in _TOTALS_TERMS:
        change = f"{op} ({term.format(r=row)})"
        if minus:
            change += f" - ({term.format(r=minus)})"
        parts.append(f"{column} = {column} {change}")
    return ", ".join(parts)


_LIST_COLUMNS = ("key, title, source, source_kind, content_hash, published, published_source, series, month_number, "
                 "period_start, period_end, words, meta, imported_at, extracted_at, pipeline_version")


@migrations(name="0006_document_counts")
def m0006_document_counts(db: Database) -> None:
    # Written to run again harmlessly (IF NOT EXISTS, OR REPLACE): a copy whose record of it was lost is healed.
    # Each report's pending/accepted/rejected counts, kept by triggers: the report list, its status filter and
    # the status bar's totals read one small row per report instead of counting its events (the whole list's
    # counts took 195 ms at 10,000 reports by correlated COUNT(*) per report, issue 13). Triggers, not store
    # code, so that every writer (import, review, merge, the benchmark's fill) keeps them right.
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS document_counts (
            document_id INTEGER PRIMARY KEY,   -- documents.id; removed with it by a trigger
            pending INTEGER NOT NULL DEFAULT 0,
            accepted INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute("CREATE TRIGGER IF NOT EXISTS document_counts_add AFTER INSERT ON documents BEGIN "
               "INSERT OR IGNORE INTO document_counts (document_id) VALUES (NEW.id); END")
    db.execute("CREATE TRIGGER IF NOT EXISTS document_counts_remove AFTER DELETE ON documents BEGIN "
               "DELETE FROM document_counts WHERE document_id = OLD.id; END")
    plus, minus = _STATUS_DELTA.format(op="+", row="NEW"), _STATUS_DELTA.format(op="-", row="OLD")
    db.execute(f"CREATE TRIGGER IF NOT EXISTS document_counts_event_insert AFTER INSERT ON events BEGIN "
               f"UPDATE document_counts SET {plus} WHERE document_id = NEW.document_id; END")
    db.execute(f"CREATE TRIGGER IF NOT EXISTS document_counts_event_delete AFTER DELETE ON events BEGIN "
               f"UPDATE document_counts SET {minus} WHERE document_id = OLD.document_id; END")
    db.execute(f"CREATE TRIGGER IF NOT EXISTS document_counts_event_update "
               f"AFTER UPDATE OF status, document_id ON events "
               f"WHEN OLD.status IS NOT NEW.status OR OLD.document_id IS NOT NEW.document_id BEGIN "
               f"UPDATE document_counts SET {minus} WHERE document_id = OLD.document_id; "
               f"UPDATE document_counts SET {plus} WHERE document_id = NEW.document_id; END")
    db.execute(
        "INSERT OR REPLACE INTO document_counts (document_id, pending, accepted, rejected) "
        "SELECT d.id, COALESCE(SUM(e.status = 'pending'), 0), COALESCE(SUM(e.status = 'accepted'), 0), "
        "COALESCE(SUM(e.status = 'rejected'), 0) FROM documents d LEFT JOIN events e ON e.document_id = d.id "
        "GROUP BY d.id")
    # The same summed over every report, one row, kept by triggers on document_counts: the status bar's totals
    # and the list's size under a status filter without reading a row per report (16 ms at 100,000 reports).
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS count_totals (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            pending INTEGER NOT NULL DEFAULT 0,        -- events, summed over every report
            accepted INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0,
            reports INTEGER NOT NULL DEFAULT 0,        -- reports, and those with such events
            with_pending INTEGER NOT NULL DEFAULT 0,
            with_accepted INTEGER NOT NULL DEFAULT 0,
            with_rejected INTEGER NOT NULL DEFAULT 0
        )"""
    )
    for name, when, change in (("add", "INSERT", _totals_delta("+", "NEW")),
                               ("remove", "DELETE", _totals_delta("-", "OLD")),
                               ("change", "UPDATE", _totals_delta("+", "NEW", minus="OLD"))):
        db.execute(f"CREATE TRIGGER IF NOT EXISTS count_totals_{name} AFTER {when} ON document_counts BEGIN "
                   f"UPDATE count_totals SET {change} WHERE id = 1; END")
    db.execute(
        "INSERT OR REPLACE INTO count_totals (id, pending, accepted, rejected, reports, with_pending, with_accepted, "
        "with_rejected) SELECT 1, COALESCE(SUM(pending), 0), COALESCE(SUM(accepted), 0), COALESCE(SUM(rejected), 0), "
        "COUNT(*), COALESCE(SUM(pending > 0), 0), COALESCE(SUM(accepted > 0), 0), COALESCE(SUM(rejected > 0), 0) "
        "FROM document_counts")
    # A period's events counted by report, status and date (the summary's per-report figures and its pending
    # total), and its first pending ones ordered by date, report and position, from the index alone, without
    # reading each event's row.
    db.execute("CREATE INDEX IF NOT EXISTS idx_events_document_status_date "
               "ON events(document_id, status, date, start)")
    db.execute("DROP INDEX IF EXISTS idx_events_document_status")  # its prefix: the new index serves its queries
    # The report list's page from the index alone, in list order: each report's row holds its text (6.8 kB on
    # average, on overflow pages), and reading 500 such rows to show their titles cost ~50 ms at 10,000 reports.
    # Every column the list shows is here; the text is not.
    db.execute(f"CREATE INDEX IF NOT EXISTS idx_documents_list ON documents("
               f"COALESCE(period_start, published, ''), id, {_LIST_COLUMNS})")
    db.execute("DROP INDEX IF EXISTS idx_documents_order")  # its prefix


@migrations(name="0007_document_tokens")
def m0007_document_tokens(db: Database) -> None:
    # Each report's tokens as the span exports tokenise them (store/doc_tokens.py): tokenising a report again at
    # every export cost ~0.3 ms of the CoNLL and JSONL exports' ~2 ms a report. A cache derived from the text;
    # reports without a row are tokenised at export as before.
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS document_tokens (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            tokenizer TEXT NOT NULL,       -- which tokenizer made it: another one's rows are not used
            chars INTEGER NOT NULL,        -- the length of the text it covers
            data BLOB NOT NULL             -- zlib'd int32 arrays (annotator.export.tokens.encode_tokens)
        )"""
    )


@migrations(name="0008_team_scale")
def m0008_team_scale(db: Database) -> None:
    # Each merged candidate's basis (single, agreed, disagreed, undecided, curated) as the last merge counted it:
    # a merge again recounts only the reports that changed, and the counts per basis over every candidate come
    # from this index instead of voting on all of them (2 million at 100,000 reports). NULL: not yet counted
    # (a file merged before this), which makes the next merge recount everything.
    if "team_candidates" not in db.table_names():
        return
    if "basis" not in db["team_candidates"].columns_dict:
        db.execute("ALTER TABLE team_candidates ADD COLUMN basis TEXT")
    db.execute("CREATE INDEX IF NOT EXISTS idx_team_candidates_basis ON team_candidates(basis)")
    # Agreement reads the versions reviewers decided, not the pending ones (most of a large team file).
    db.execute("CREATE INDEX IF NOT EXISTS idx_reviewer_decisions_decided ON reviewer_decisions(event_id) "
               "WHERE status <> 'pending'")


KNOWN = [m.name for m in migrations._migrations]
