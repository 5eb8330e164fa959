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

import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from ..domain import COUNT_FIELDS, DIRECTIONS, EVENT_TYPES, FACT_KINDS, STATUSES
from .brat_rows import EVENT_COLUMNS, Report, ReportDocument, read_reports
from .geo import gazetteer
from .selection import ExportDocument, ExportResult, slug

# run_export and parallel.py read the reports with this, not load_documents (brat_rows.py: the columns the .ann
# shows, as tuples; 4.7-5.4 -> 2.3-2.6 s CPU for the 10,000-report benchmark database).
read_documents = read_reports

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


def _t_line(tid: str, label: str, text: str, start: int, end: int) -> str:
    if not _BREAK.search(text, start, end):  # one fragment: the common case (ann_text writes it itself)
        return f"{tid}\t{label} {start} {end}\t{text[start:end]}"
    frags = fragments(text, start, end)
    offsets = ";".join(f"{s} {e}" for s, e in frags)
    return f"{tid}\t{label} {offsets}\t{' '.join(text[s:e] for s, e in frags)}"


def gazetteer_id(name: str) -> str:
    """A normalisation id without spaces (BRAT splits the N line on them)."""
    return "_".join(name.split())


@lru_cache(maxsize=4096)
def _references(location_name: str) -> tuple[tuple[str, str], ...]:
    """The N lines' "Resource:id" and text for a resolved place name: the gazetteer's entry, and GeoNames' id where
    the gazetteer records one; () for a name not in the gazetteer."""
    entry = gazetteer().get(location_name.lower())
    if entry is None:
        return ()
    name = _clean(entry["name"])
    refs = [(f"Gazetteer:{gazetteer_id(entry['name'])}", name)]
    if entry.get("geonames_id"):
        refs.append((f"GeoNames:{entry['geonames_id']}", name))
    return tuple(refs)


@lru_cache(maxsize=4096)
def _actors_note(actors: str, canonical: str) -> str:
    """The note's "actors=..." from the two lists' JSON texts (canonical names where there are some); "" without
    actors. Most events repeat a few lists: each pair is parsed and joined once."""
    listed = json.loads(actors) if actors and actors != "[]" else []
    if not listed:
        return ""
    return f"actors={', '.join((json.loads(canonical) if canonical and canonical != '[]' else []) or listed)}"


@lru_cache(maxsize=4096)
def _fact_value(value: str) -> str:
    """A stated total's value (JSON) as its note gives it: a number, or its dates joined by commas."""
    parsed = json.loads(value)
    return ", ".join(parsed) if isinstance(parsed, list) else f"{parsed}"


# An event row's items (brat_rows): its document_id, EVENT_COLUMNS, its trigger span and its other arguments.
_START, _END = 1 + EVENT_COLUMNS.index("start"), 1 + EVENT_COLUMNS.index("end")
_TRIGGER, _ARGS = 1 + len(EVENT_COLUMNS), 2 + len(EVENT_COLUMNS)


def _carriers(events: Sequence[tuple]) -> list[tuple[int, int]]:
    """Each event's carrying span, as spans.event_spans chooses it: its trigger (the first trigger argument, else
    its own span); events that share one are carried by their dates when each has its own."""
    spans = [ev[_TRIGGER] or (ev[_START], ev[_END]) for ev in events]
    if len(set(spans)) == len(spans):  # no two share a trigger: most reports
        return spans
    by_span: dict[tuple[int, int], list[int]] = {}
    for i, span in enumerate(spans):
        by_span.setdefault(span, []).append(i)
    for group in by_span.values():
        if len(group) < 2:
            continue
        dates = [next(((s, e) for _, s, e, role in events[i][_ARGS] if role == "date" and e > s), None)
                 for i in group]
        if all(dates) and len(set(dates)) == len(group):
            for i, date in zip(group, dates):
                spans[i] = date
    return spans


def ann_text(report: Report, skipped: list[str] | None = None) -> str:
    """The report's .ann: per event its trigger's T line, a T line for each argument span not yet written (shared
    by the events citing it) with N lines for a resolved place, the E line, Status (and Direction) A lines and
    its note; then each stated total's T, A and note: 1.3-1.4 s CPU for the 10,000-report benchmark database, where
    ann_lines over Events, Argument objects and a counter object per line kind took ~3 s.
    A span that does not lie inside the text (a row written by another program, or a text edited outside annotator)
    is left out, with a note in `skipped` naming the report: an event whose trigger is such a span, or one argument
    or stated total; a T line must quote the text at its offsets."""
    text, lines = report.text, []
    size = len(text)
    add, search = lines.append, _BREAK.search
    t = e = a = n = h = 0  # the numbers of the T, E, A, N and # lines so far
    entities: dict[tuple[str, int, int], str] = {}  # one T per argument span, shared by the events citing it
    events = report.events
    for ev, (cs, ce) in zip(events, _carriers(events)):
        if cs < 0 or ce > size or ce < cs:
            _outside(skipped, report, f"event {ev[1]} ({ev[2]})", cs, ce)
            continue
        (_, event_id, etype, _, _, date, location, location_name, actors, canonical, killed, killed_q, injured,
         injured_q, arrested, arrested_q, trucks, trucks_q, direction, note, origin, status, reason, reviewer, _,
         args) = ev
        t += 1
        trigger = f"T{t}"
        add(f"{trigger}\t{etype} {cs} {ce}\t{text[cs:ce]}" if search(text, cs, ce) is None
            else _t_line(trigger, etype, text, cs, ce))
        roles, seen = [f"{etype}:{trigger}"], None
        # By (start, end, role), spans.role_arguments' order (each row's first item is the event's id).
        for _, s, end, role in sorted(args) if len(args) > 1 else args:
            rtype = _ROLE_TYPES.get(role)
            if rtype is None or end <= s:
                continue
            if s < 0 or end > size:
                _outside(skipped, report, f"event {event_id}'s {role}", s, end)
                continue
            key = (rtype, s, end)
            aid = entities.get(key)
            if aid is None:
                t += 1
                aid = entities[key] = f"T{t}"
                add(f"{aid}\t{rtype} {s} {end}\t{text[s:end]}" if search(text, s, end) is None
                    else _t_line(aid, rtype, text, s, end))
                if role == "location" and location_name:
                    for ref, name in _references(location_name):
                        n += 1
                        add(f"N{n}\tReference {aid} {ref}\t{name}")
            if seen is None:
                seen = {role: 1}
                roles.append(f"{rtype}:{aid}")
            elif role in seen:
                k = seen[role] = seen[role] + 1
                roles.append(f"{rtype}{k}:{aid}")  # BRAT numbers repeated roles
            else:
                seen[role] = 1
                roles.append(f"{rtype}:{aid}")
        e += 1
        add(f"E{e}\t{' '.join(roles)}")
        a += 1
        add(f"A{a}\tStatus E{e} {status}")
        if etype == "convoy" and direction in DIRECTIONS:
            a += 1
            add(f"A{a}\tDirection E{e} {direction}")
        # The note: date, counts, place, actors, origin, reviewer, reason, note and the event's id.
        parts = [f"date={date}"] if date else []
        if killed is not None:
            parts.append(f"killed={killed}" if killed_q == "exact" else f"killed={killed} ({killed_q})")
        if injured is not None:
            parts.append(f"injured={injured}" if injured_q == "exact" else f"injured={injured} ({injured_q})")
        if arrested is not None:
            parts.append(f"arrested={arrested}" if arrested_q == "exact" else f"arrested={arrested} ({arrested_q})")
        if trucks is not None:
            parts.append(f"trucks={trucks}" if trucks_q == "exact" else f"trucks={trucks} ({trucks_q})")
        if location_name or location:
            parts.append(f"location={location_name or location}")
        if actors and actors != "[]" and (listed := _actors_note(actors, canonical)):
            parts.append(listed)
        parts.append(f"origin={origin}")
        if reviewer:
            parts.append(f"reviewer={reviewer}")
        if reason:
            parts.append(f"reason={reason}")
        if note:
            parts.append(f"note={note}")
        parts.append(f"event_id={event_id}")
        h += 1
        add(f"#{h}\tAnnotatorNotes E{e}\t{_clean('; '.join(parts))}")
    for _, fact_id, kind, value, s, end, status, origin in report.facts:
        # One type per kind: a sentence stating trucks and batches gives two textbounds of different types.
        if end <= s:
            continue
        if s < 0 or end > size:
            _outside(skipped, report, f"stated total {fact_id} ({kind})", s, end)
            continue
        t += 1
        add(_t_line(f"T{t}", fact_type(kind), text, s, end))
        a += 1
        add(f"A{a}\tFact_status T{t} {status}")
        h += 1
        add(f"#{h}\tAnnotatorNotes T{t}\t{_clean(f'{kind}={_fact_value(value)}; origin={origin}; fact_id={fact_id}')}")
    return "\n".join(lines) + "\n" if lines else ""


def _outside(skipped: list[str] | None, report: Report, what: str, start: int, end: int) -> None:
    if skipped is not None:
        skipped.append(f"{report.document.key}: {what} at {start}..{end} lies outside the text "
                       f"({len(report.text)} characters); left out of the .ann")


def report_of(ed: ExportDocument) -> Report:
    """An ExportDocument (whole Events and Facts, as load_documents reads them) as brat_rows.read_reports' rows."""
    events = []
    for ev in ed.events:
        counts = [x for k in COUNT_FIELDS
                  for x in ((ev.counts[k].value, ev.counts[k].qualifier) if k in ev.counts else (None, None))]
        trigger = next(((x.start, x.end) for x in ev.arguments if x.role == "trigger"), None)
        events.append((ev.document_id, ev.id, ev.type, ev.start, ev.end, ev.date, ev.location, ev.location_name,
                       json.dumps(ev.actors, ensure_ascii=False), json.dumps(ev.actors_canonical, ensure_ascii=False),
                       *counts, ev.direction, ev.note, ev.origin, ev.status, ev.reject_reason, ev.reviewer, trigger,
                       [(ev.id, x.start, x.end, x.role) for x in ev.arguments if x.role != "trigger"]))
    facts = [(f.document_id, f.id, f.kind, json.dumps(f.value), f.start, f.end, f.status, f.origin)
             for f in ed.facts]
    d = ed.document
    return Report(ReportDocument(d.id, d.key, d.title), ed.text, events, facts)


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


def write_brat(docs: Iterable[ExportDocument | Report], out: Path, *,
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


def write_report(ed: ExportDocument | Report, out: Path, result: ExportResult) -> None:
    """One report's NAME.txt and NAME.ann in `out`, counted in `result` (parallel.py calls it in a worker)."""
    report = ed if isinstance(ed, Report) else report_of(ed)
    doc = report.document
    stem = f"{slug(doc.key, 'document')}-{doc.id}"
    # The text's bytes as stored, no newline translation: BRAT's offsets count characters of this very file.
    write_file(out, f"{stem}.txt", report.text.encode("utf-8"))
    write_file(out, f"{stem}.ann", ann_text(report, result.skipped).encode("utf-8"))
    result.paths += [out / f"{stem}.txt", out / f"{stem}.ann"]
    result.documents += 1
    result.events += len(report.events)
    result.facts += len(report.facts)


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def write_file(folder: Path, name: str, data: bytes) -> None:
    """The file `name` in `folder` holding `data`, as Path.write_bytes writes it (same flags and mode), in three
    system calls: open() also asks fstat, ioctl and lseek, and builds a buffered file object, for one write."""
    fd = os.open(f"{folder}{os.sep}{name}", _CREATE, 0o666)
    try:
        done = os.write(fd, data)
        while done < len(data):  # a regular file takes it in one write; a short write goes on where it stopped
            done += os.write(fd, memoryview(data)[done:])
    finally:
        os.close(fd)
