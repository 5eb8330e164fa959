"""Hand-written reports with hand-placed candidates: fast databases for tests that are not about extraction."""
from __future__ import annotations

import hashlib
from pathlib import Path
from types import SimpleNamespace

from annotator.domain import Argument, Count, DocumentIn, Event, Fact, Period
from annotator.store import Store

SENTENCES = [
    ("convoy", "On August {d}, a convoy of {n} trucks carrying military equipment entered Syria via Al-Waleed "
               "crossing and headed to Al-Omar oil field.", "trucks"),
    ("security_operation", "On August {d}, SDF and Coalition forces carried out a joint security operation in "
                           "Al-Busayrah, arresting {n} ISIS members.", "arrested"),
    ("drone_strike", "On August {d}, a Turkish drone struck a car near Qamishli, killing {n} people.", "killed"),
    ("rocket_attack", "On August {d}, rockets targeted the Coalition base at Koniko gas field, injuring {n} "
                      "soldiers.", "injured"),
]


def report_text(index: int, events: int) -> tuple[str, list[Event], list[Fact]]:
    parts = [f"Report number {index}: the month of Coalition operations in Syria\n\n"]
    evs: list[Event] = []
    pos = len(parts[0])
    for i in range(events):
        kind, template, count_field = SENTENCES[i % len(SENTENCES)]
        n = (i % 7) + 2
        day = (i % 8) + 23  # inside the reports' period (August 23 - September 22)
        sentence = template.format(d=day, n=n)
        start = pos
        end = start + len(sentence)
        num_at = start + sentence.index(f" {n} ") + 1
        date_at = start + sentence.index(f"August {day}")
        args = [Argument("date", date_at, date_at + len(f"August {day}"), f"August {day}", f"2022-08-{day:02d}"),
                Argument(count_field, num_at, num_at + len(str(n)), str(n), str(n))]
        evs.append(Event(kind, start, end, sentence, date=f"2022-08-{day:02d}", date_precision="day",
                         counts={count_field: Count(n)}, arguments=args, rule=f"{kind}_rule", confidence=0.8,
                         direction="entering" if kind == "convoy" else None))
        parts.append(sentence + (" " if i % 3 else "\n\n"))
        pos += len(parts[-1])
    total = "In total, 250 trucks entered during the month."
    fact_start = pos
    parts.append(total + "\n")
    facts = [Fact("trucks", 250, fact_start + total.index("250"), fact_start + total.index("250") + 10,
                  "250 trucks", rule="total_trucks")]
    return "".join(parts), evs, facts


def build_synthetic_db(path: Path, *, documents: int = 3, events: int = 8, reviewer: str = "importer") -> list[int]:
    ids = []
    with Store(path) as store:
        for d in range(documents):
            text, evs, facts = report_text(d + 1, events)
            doc = DocumentIn(text=text, title=f"Synthetic report {d + 1}", source=f"synthetic-{d + 1}.txt",
                             source_kind="txt", key=f"synthetic-{d + 1}", published="2022-09-23",
                             period=Period("2022-08-23", "2022-09-22"))
            doc_id, _ = store.add_document(doc, hashlib.sha256(text.encode()).hexdigest(), reviewer=reviewer,
                                           extraction=SimpleNamespace(events=evs, facts=facts),
                                           pipeline_version="synthetic")
            ids.append(doc_id)
    return ids
