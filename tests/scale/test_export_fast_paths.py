"""The exports' fast paths write what the plain paths would: the direct GeoJSON encoder gives json.dumps's bytes,
rows read without arguments differ only in the arguments, and ACLED rows as lists match event_row's dicts."""
import json
import math

import pytest

from annotator.export.acled_csv import COLUMNS, event_row, event_values, neutralise
from annotator.export.geojson import _json
from annotator.export.selection import load_documents
from annotator.store import Store

from .conftest import build

ODD_VALUES = [
    {"a": 1, "b": None, "c": True, "d": False, "e": -0.0, "f": 1e300, "g": "Tall \"Abyad\"\n\u00e9", "h": []},
    {"list": [1.5, [], {}, [["x"]], {"k": {"m": [None]}}], 3: "int key", True: "bool key", 2.5: "float key"},
    [float("nan"), math.inf, -math.inf], [], {}, "", 0, -7,
]


@pytest.mark.parametrize("value", ODD_VALUES)
def test_geojson_encoder_writes_json_dumps_bytes(value):
    assert _json(value, "\n") == json.dumps(value, ensure_ascii=False, indent=1)
    assert _json(value, "\n  ") == json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n  ")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("fast") / "fast.db", 12)


def test_events_without_arguments_differ_only_in_arguments(db):
    with Store(db) as store:
        full = store.events()
        bare = store.events(arguments=False)
    assert any(e.arguments for e in full)
    assert [e.arguments for e in bare] == [[] for _ in bare]
    for a, b in zip(full, bare, strict=True):
        a.arguments = []
        assert a == b


@pytest.mark.parametrize("status", ["all", "accepted", "pending", "rejected"])
def test_loading_without_facts_keeps_the_same_reports(db, status):
    with Store(db) as store:
        ids = [d.id for d in store.documents()]
        # one report with an accepted total but no accepted event: it must stay in an accepted export
        fact = store.facts(ids[0])[0]
        store.db.execute("UPDATE facts SET status = 'accepted' WHERE id = ?", [fact.id])
        full = [ed.document.id for ed in load_documents(store, ids, status)]
        bare = list(load_documents(store, ids, status, arguments=False, facts=False))
    assert [ed.document.id for ed in bare] == full
    assert all(ed.facts == [] for ed in bare)


def test_acled_values_are_event_row_in_column_order(db):
    with Store(db) as store:
        ids = [d.id for d in store.documents()]
        for ed in load_documents(store, ids, "all"):
            for ev in ed.events:
                row = event_row(ev, ed)
                assert list(row) == list(COLUMNS)
                assert event_values(ev, ed) == list(row.values())
                assert all(neutralise(v) == v for v in row.values())
