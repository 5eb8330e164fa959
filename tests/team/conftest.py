"""Small reviewers' databases over a fictional report: four machine candidates, each reviewer deciding them."""
from __future__ import annotations

import hashlib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from annotator.domain import Count, DocumentIn, Event, Period
from annotator.store import Store

TEXT = ("On 3 March, a convoy of 20 trucks entered through the Tal Kharma crossing. "
        "On 5 March, a drone strike hit a car near Ain Sabra, killing two men. "
        "On 9 March, a joint patrol toured the villages east of Qasr Zaid.")
OTHER_TEXT = "On 12 April, a patrol of four vehicles toured the outskirts of Beit Ruman."


def _span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def candidates(text: str = TEXT) -> list[Event]:
    def ev(type_: str, phrase: str, date: str, **kw: Any) -> Event:
        s, e = _span(text, phrase)
        return Event(type=type_, start=s, end=e, evidence=phrase, date=date, date_precision="day", **kw)
    if text == OTHER_TEXT:
        return [ev("patrol", "a patrol of four vehicles", "2025-04-12")]
    return [ev("convoy", "a convoy of 20 trucks", "2025-03-03", counts={"trucks": Count(20)}, location="Tal Kharma"),
            ev("drone_strike", "a drone strike hit a car", "2025-03-05", counts={"killed": Count(2)},
               location="Ain Sabra"),
            ev("airstrike", "killing two men", "2025-03-05"),
            ev("patrol", "a joint patrol toured", "2025-03-09", location="Qasr Zaid")]


def add_report(store: Store, text: str = TEXT, title: str = "Monthly report March", reviewer: str = "x") -> int:
    doc = DocumentIn(text=text, title=title, source=f"{title}.txt", source_kind="txt", key=title.replace(" ", "-"),
                     period=Period("2025-03-01", "2025-04-30"))
    doc_id, _ = store.add_document(doc, hashlib.sha256(text.encode()).hexdigest(), reviewer=reviewer,
                                   extraction=SimpleNamespace(events=candidates(text), facts=[]))
    return doc_id


def review(store: Store, reviewer: str, decisions: dict[str, Any], document_id: int | None = None) -> None:
    """decisions: candidate type -> "accept" | "reject" | dict of field changes (accepted with them)."""
    for ev in store.events(document_id):
        d = decisions.get(ev.type)
        if d == "accept":
            store.accept_event(ev.id, reviewer=reviewer)
        elif d == "reject":
            store.reject_event(ev.id, reviewer=reviewer)
        elif isinstance(d, dict):
            store.update_event(ev.id, d | {"status": "accepted"}, reviewer=reviewer, action="accept")


def reviewer_db(path: Path, reviewer: str, decisions: dict[str, Any], *, extra_report: bool = False,
                added: list[Event] | None = None) -> Path:
    with Store(path) as store:
        doc = add_report(store, reviewer=reviewer)
        review(store, reviewer, decisions, doc)
        for ev in added or []:
            store.add_event(doc, ev, reviewer=reviewer)
        if extra_report:
            other = add_report(store, OTHER_TEXT, "Monthly report April", reviewer=reviewer)
            review(store, reviewer, {"patrol": "accept"}, other)
    return path


ALICE = {"convoy": "accept", "drone_strike": "accept", "airstrike": "reject", "patrol": "accept"}
# Bob: rejects the patrol, and reads the drone strike as killing three.
BOB = {"convoy": "accept", "drone_strike": {"killed": 3}, "airstrike": "reject", "patrol": "reject"}


@pytest.fixture
def two_reviewers(tmp_path: Path) -> tuple[Path, Path]:
    return (reviewer_db(tmp_path / "alice.db", "alice", ALICE),
            reviewer_db(tmp_path / "bob.db", "bob", BOB, extra_report=True))
