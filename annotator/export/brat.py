"""BRAT standoff: for each report a .txt (the text, byte for byte as stored) and an .ann, plus annotation.conf.

.ann lines, tab-separated as BRAT requires:
    T1<TAB>convoy 1058 1453<TAB>text of the span          the event's trigger (spans.py: one per event)
    T2<TAB>Actor 1100 1130<TAB>International Coalition    an argument span, typed by its role (one T per span,
                                                          shared by every event that cites it)
    E1<TAB>convoy:T1 Actor:T2 Location:T3 Actor2:T4        the event: trigger, then arguments by role
    A1<TAB>Status E1 accepted                             review status; Direction for convoys
    N1<TAB>Reference T3 Gazetteer:Al-Omar_oil_field<TAB>Al-Omar oil field   a resolved place, normalised
    #1<TAB>AnnotatorNotes E1<TAB>date=2023-06-23; ...     date, counts, place, reviewer, reason
    T9<TAB>Stated_trucks 684 687<TAB>250                   a stated total (type by kind), with a Fact_status attribute
A span that crosses a line break becomes fragments ("1058 1100;1101 1453") whose texts are joined by a space, so
no T line holds a newline. No two events share a trigger: events that share a trigger span are carried by their
date (spans.py); should two still share one, the second gets its own T line on the same offsets, since BRAT
ties an event to its trigger's id.
`N` lines link each resolved place to our gazetteer (resources/gazetteer.jsonl, by canonical name) and, where
the gazetteer records one, to GeoNames by id; tools.conf declares both normalisation resources.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from ..domain import COUNT_FIELDS, DIRECTIONS, EVENT_TYPES, FACT_KINDS, STATUSES, Event
from .selection import ExportDocument, ExportResult, slug
from .geo import gazetteer
from .spans import event_spans, role_arguments, span_of

ROLES = ("actor", "target", "location", "date") + COUNT_FIELDS


def role_type(role: str) -> str:
    return _ROLE_TYPES.get(role) or role.capitalize()


_ROLE_TYPES = {r: r.capitalize() for r in ROLES}


_BREAK = re.compile("[\n\r\u2028\u2029\x85\x0b\x0c]")


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span cut at line breaks, without empty or blank pieces."""
    if not _BREAK.search(text, start, end):  # most spans: one piece (the walk below costs ~1 us a character)
        return [(start, end)]
    out, piece_start = [], start
    for i in range(start, end + 1):
        if i == end or text[i] in "\n\r\u2028\u2029\x85\x0b\x0c":
            if i > piece_start and text[piece_start:i].strip():
                out.append((piece_start, i))
            piece_start = i + 1
    return out or [(start, end)]


def _clean(value: object) -> str:
    return " ".join(str(value).split())  # no tabs or newlines inside a field


class _Ids:
    def __init__(self) -> None:
        self.n = {"T": 0, "E": 0, "A": 0, "N": 0, "#": 0}

    def __call__(self, kind: str) -> str:
        self.n[kind] += 1
        return f"{kind}{self.n[kind]}"


def _t_line(ids: _Ids, label: str, text: str, start: int, end: int) -> tuple[str, str]:
    tid = ids("T")
    if not _BREAK.search(text, start, end):  # one fragment: the common case, written directly
        return tid, f"{tid}\t{label} {start} {end}\t{text[start:end]}"
    frags = fragments(text, start, end)
    offsets = ";".join(f"{s} {e}" for s, e in frags)
    return tid, f"{tid}\t{label} {offsets}\t{' '.join(text[s:e] for s, e in frags)}"


def _note(ev: Event) -> str:
    parts = [f"date={ev.date}" if ev.date else ""]
    parts += [f"{k}={c.value}{'' if c.qualifier == 'exact' else ' (' + c.qualifier + ')'}"
              for k, c in ev.counts.items()]
    parts += [f"location={ev.location_name or ev.location}" if (ev.location_name or ev.location) else "",
              f"actors={', '.join(ev.actors_canonical or ev.actors)}" if ev.actors else "",
              f"origin={ev.origin}", f"reviewer={ev.reviewer}" if ev.reviewer else "",
              f"reason={ev.reject_reason}" if ev.reject_reason else "", f"note={ev.note}" if ev.note else "",
              f"event_id={ev.id}"]
    return _clean("; ".join(p for p in parts if p))


def gazetteer_id(name: str) -> str:
    """A normalisation id without spaces (BRAT splits the N line on them)."""
    return "_".join(name.split())


def normalisations(ids: "_Ids", tid: str, ev: Event, arg_text: str) -> list[str]:
    entry = gazetteer().get((ev.location_name or "").lower()) if ev.location_name else None
    if entry is None:
        return []
    lines = [f"{ids('N')}\tReference {tid} Gazetteer:{gazetteer_id(entry['name'])}\t{_clean(entry['name'])}"]
    if entry.get("geonames_id"):
        lines.append(f"{ids('N')}\tReference {tid} GeoNames:{entry['geonames_id']}\t{_clean(entry['name'])}")
    return lines


def ann_lines(ed: ExportDocument) -> list[str]:
    text, ids, lines = ed.text, _Ids(), []
    carriers = event_spans(ed.events)
    entities: dict[tuple[str, int, int], str] = {}  # one T per argument span, shared by the events citing it
    for ev in ed.events:
        start, end = span_of(ev, carriers)
        trigger, line = _t_line(ids, ev.type, text, start, end)
        lines.append(line)
        roles, seen = [], {}
        for arg in role_arguments(ev):
            role = arg.role
            if role not in _ROLE_TYPES or arg.end <= arg.start:
                continue
            rtype = _ROLE_TYPES[role]
            key = (rtype, arg.start, arg.end)
            aid = entities.get(key)
            if aid is None:
                aid, line = _t_line(ids, rtype, text, arg.start, arg.end)
                entities[key] = aid
                lines.append(line)
                if role == "location":
                    lines += normalisations(ids, aid, ev, arg.text)
            n = seen[role] = seen.get(role, 0) + 1
            roles.append(f"{rtype}:{aid}" if n == 1 else f"{rtype}{n}:{aid}")  # BRAT numbers repeated roles
        eid = ids("E")
        lines.append(f"{eid}\t{' '.join([f'{ev.type}:{trigger}'] + roles)}")
        lines.append(f"{ids('A')}\tStatus {eid} {ev.status}")
        if ev.type == "convoy" and ev.direction in DIRECTIONS:
            lines.append(f"{ids('A')}\tDirection {eid} {ev.direction}")
        lines.append(f"{ids('#')}\tAnnotatorNotes {eid}\t{_note(ev)}")
    for f in ed.facts:
        # One type per kind: a sentence stating trucks and batches gives two textbounds of different types.
        tid, line = _t_line(ids, fact_type(f.kind), text, f.start, f.end) if f.end > f.start else (None, None)
        if tid is None:
            continue
        lines.append(line)
        lines.append(f"{ids('A')}\tFact_status {tid} {f.status}")
        value = ", ".join(f.value) if isinstance(f.value, list) else f.value
        lines.append(f"{ids('#')}\tAnnotatorNotes {tid}\t{_clean(f'{f.kind}={value}; origin={f.origin}; fact_id={f.id}')}")
    return lines


def fact_type(kind: str) -> str:
    return f"Stated_{kind}"


def annotation_conf() -> str:
    roles = ", ".join(f"{role_type(r)}*:{role_type(r)}" for r in ROLES)
    return "\n".join([
        "# BRAT configuration for annotator exports", "[entities]",
        *[role_type(r) for r in ROLES], *[fact_type(k) for k in FACT_KINDS], "",
        "[relations]", "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "",
        "[events]", *[f"{t}\t{roles}" for t in EVENT_TYPES], "",
        "[attributes]",
        f"Status\tArg:<EVENT>, Value:{'|'.join(STATUSES)}",
        f"Direction\tArg:convoy, Value:{'|'.join(DIRECTIONS)}",
        f"Fact_status\tArg:{'|'.join(fact_type(k) for k in FACT_KINDS)}, Value:{'|'.join(STATUSES)}", ""])


TOOLS_CONF = """# BRAT tools configuration for annotator exports: the normalisation resources N lines refer to.
[normalization]
GeoNames\t<URL>:https://www.geonames.org/, <URLBASE>:https://www.geonames.org/%s
Gazetteer\t<URL>:https://www.geonames.org/, <URLBASE>:https://www.geonames.org/search.html?q=%s
"""


def write_brat(docs: Sequence[ExportDocument], out: Path, *,
               progress: Callable[[int, str], None] | None = None) -> ExportResult:
    """out is a folder: one NAME.txt and NAME.ann per report (NAME from its key and id), and annotation.conf."""
    result = ExportResult("brat")
    conf = write_conf(out)[0]
    for i, ed in enumerate(docs, 1):
        write_report(ed, out, result)
        if progress:
            progress(i, ed.document.title)
    result.paths += [conf, out / "tools.conf"]
    return result


def write_conf(out: Path) -> list[Path]:
    """The folder's annotation.conf and tools.conf (written once per export, before the reports)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "annotation.conf").write_text(annotation_conf(), encoding="utf-8")
    (out / "tools.conf").write_text(TOOLS_CONF, encoding="utf-8")
    return [out / "annotation.conf", out / "tools.conf"]


def write_report(ed: ExportDocument, out: Path, result: ExportResult) -> None:
    """One report's NAME.txt and NAME.ann in `out`, counted in `result` (parallel.py calls it in a worker)."""
    stem = f"{slug(ed.document.key, 'document')}-{ed.document.id}"
    # newline="" and bytes as stored: BRAT's offsets count characters of this very file.
    (out / f"{stem}.txt").write_text(ed.text, encoding="utf-8", newline="")
    lines = ann_lines(ed)
    (out / f"{stem}.ann").write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8", newline="")
    result.paths += [out / f"{stem}.txt", out / f"{stem}.ann"]
    result.documents += 1
    result.events += len(ed.events)
    result.facts += len(ed.facts)
