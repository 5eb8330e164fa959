"""What a review operation changed, as Anki's OpChanges: every view decides from this record alone whether
and what to redraw, whether the change was made here, by the background worker or by another window."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

Key = tuple[str, int]  # ("event" | "fact", id)


@dataclass(frozen=True)
class OpChanges:
    kind: str = ""  # accept, reject, edit, span, add, delete, accept_all, undo, redo, external, reload
    description: str = ""
    events: frozenset[int] = frozenset()
    facts: frozenset[int] = frozenset()
    documents: frozenset[int] = frozenset()  # reports whose candidates or stated totals changed
    document_list: bool = False  # reports added or removed, or their metadata changed
    everything: bool = False  # unknown extent (a reload, a database switch): views read everything again
    focus: Key | None = None  # what the reviewer should see selected afterwards
    document_id: int | None = None  # the report the operation happened in
    decisions: tuple[int, int] | None = None  # first and last decision-log ids written
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def external(self) -> bool:
        return self.kind == "external"

    def touches(self, document_id: int | None) -> bool:
        return self.everything or (document_id is not None and document_id in self.documents)

    @property
    def empty(self) -> bool:
        return not (self.events or self.facts or self.documents or self.document_list or self.everything)

    def merge(self, other: OpChanges) -> OpChanges:
        return replace(self, events=self.events | other.events, facts=self.facts | other.facts,
                       documents=self.documents | other.documents,
                       document_list=self.document_list or other.document_list,
                       everything=self.everything or other.everything)


def from_decisions(rows: list[dict[str, Any]], **kw: Any) -> OpChanges:
    """The changes a run of decision-log rows describes (see annotator.store.history.touched_since)."""
    events, facts, documents, listed = set(), set(), set(), False
    for r in rows:
        if r["document_id"] is not None:
            documents.add(r["document_id"])
        if r["object_type"] == "event":
            events.add(r["object_id"])
        elif r["object_type"] == "fact":
            facts.add(r["object_id"])
        elif r["object_type"] == "document":
            # Import, deletion and re-extraction change the list's rows; re-extraction replaces candidates too.
            listed = True
    first_last = (rows[0]["id"], rows[-1]["id"]) if rows else None
    return OpChanges(events=frozenset(events), facts=frozenset(facts), documents=frozenset(documents),
                     document_list=listed, decisions=first_last, **kw)
