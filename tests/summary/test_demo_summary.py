"""Done-when of issue 5: the demo database's summaries render in all four formats, before and after review."""
import json

import pytest

from annotator.summary import FORMATS, render, summarise


def _pipeline_available() -> bool:
    try:
        import annotator.ingest  # noqa: F401
        import annotator.nlp.service  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    if not _pipeline_available():
        pytest.skip("the extraction pipeline (annotator.nlp.service) is not available, so there is no demo database")
    from annotator.commands.gui_commands import build_demo_database
    from annotator.store import Store

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo_database(path, reviewer="importer")
    store = Store(path)
    yield store
    store.close()


def _check_formats(summary):
    out = {fmt: render(summary, fmt) for fmt in FORMATS}
    assert json.loads(out["json"]) == summary
    assert out["md"].decode("utf-8").startswith("# ")
    assert b"<table>" in out["html"] and b"data:image/png;base64," in out["html"] or not summary["timeline"]
    assert out["pdf"].startswith(b"%PDF-") and len(out["pdf"]) > 5000
    return out


def test_every_demo_report_summarises_in_every_format_and_lists_its_pending_work(demo_store):
    docs = demo_store.documents()
    assert len(docs) >= 3
    for doc in docs:
        summary = summarise(demo_store, doc.key)
        _check_formats(summary)
        pending = [e for e in demo_store.events(doc.id, status="pending")
                   if not e.date or summary["period"]["start"] <= e.date <= summary["period"]["end"]]
        assert summary["pending"]["events"] == len(pending)
        assert summary["verified"] is (not pending and not demo_store.facts(doc.id, status="pending"))


def test_a_reviewed_demo_report_is_verified_and_its_checks_flag_the_missing_trucks(demo_store):
    doc = demo_store.find_document("demo-coalition-109")
    demo_store.accept_all_pending(doc.id, reviewer="demo")
    for fact in demo_store.facts(doc.id, status="pending"):
        demo_store.accept_fact(fact.id, reviewer="demo")
    summary = summarise(demo_store, "109th month")
    _check_formats(summary)
    assert summary["verified"] is True
    trucks = next((c for c in summary["checks"] if c["kind"] == "trucks"), None)
    assert trucks is not None and trucks["flagged"], summary["checks"]
    assert trucks["itemised"] < trucks["stated"]
