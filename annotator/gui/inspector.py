"""The inspector: every field of the selected event or stated total, editable, each change one decision.

The forms only emit `edit_requested(key, changes)`; the window saves through the ReviewSession and sends the
saved object back with show_item(). Field mnemonics (Alt+letter) avoid the menu-bar letters F R S N V H.
"""
from __future__ import annotations

import json
import re
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout, QHBoxLayout, QLabel, QPlainTextEdit, QStackedWidget, QVBoxLayout, QWidget,
)

from ..domain import COUNT_FIELDS, DATE_PRECISIONS, DIRECTIONS, EVENT_TYPES, QUALIFIERS, REJECT_REASONS, Count
from .actions import EVENT_FIELDS, FACT_FIELDS
from .fields import CommitCombo, CommitLine, CountEdit
from .lookups import NameCompleter, completion_model
from ..review import Item, Key

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def split_names(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;,]", text) if p.strip()]


class _Form(QWidget):
    edit_requested = Signal(object, dict)  # Key, changes

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.key: Key | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.form = QFormLayout()
        outer.addLayout(self.form)
        outer.addStretch(1)  # rows stay together at the top, however tall the stacked page is
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)

    def _row(self, label: str, widget: QWidget) -> QWidget:
        lab = QLabel(label, self)
        lab.setBuddy(widget.focusProxy() or widget)  # the buddy must take focus itself for Alt+letter
        self.form.addRow(lab, widget)
        return widget

    def _review_rows(self) -> None:
        """Evidence, origin, status and reject reason: the rows events and stated totals share."""
        self.evidence = self._evidence(self)
        self.form.addRow("Evidence", self.evidence)
        self.origin = self._info(self)
        self.form.addRow("Origin", self.origin)
        self.status = self._info(self)
        self.form.addRow("Status", self.status)
        self.reason = CommitCombo(self)
        self.reason.addItem("—", None)
        for r in REJECT_REASONS:
            self.reason.addItem(r, r)
        self.form.addRow("Reason", self.reason)
        self.reason.committed.connect(lambda r: self._emit({"reject_reason": r}))

    def _emit(self, changes: dict[str, Any]) -> None:
        if self.key is not None:
            self.edit_requested.emit(self.key, changes)

    @staticmethod
    def _info(parent: QWidget) -> QLabel:
        lab = QLabel(parent)
        lab.setWordWrap(True)
        lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lab.setForegroundRole(lab.foregroundRole())
        return lab

    @staticmethod
    def _evidence(parent: QWidget) -> QPlainTextEdit:
        ed = QPlainTextEdit(parent)
        ed.setReadOnly(True)
        ed.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        ed.setMaximumHeight(80)
        return ed


class EventForm(_Form):
    place_entered = Signal(str)  # the window resolves a place through the gazetteer

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.type = CommitCombo(self)
        for t, spec in EVENT_TYPES.items():
            self.type.addItem(spec[4], t)
        self._row(EVENT_FIELDS["type"], self.type).committed.connect(lambda t: self._emit({"type": t}))

        date_row = QWidget(self)
        h = QHBoxLayout(date_row)
        h.setContentsMargins(0, 0, 0, 0)
        self.date = CommitLine(date_row)
        self.date.setPlaceholderText("YYYY-MM-DD")
        self.precision = CommitCombo(date_row)
        self.precision.addItem("—", None)
        for p in DATE_PRECISIONS:
            self.precision.addItem(p, p)
        h.addWidget(self.date, 3)
        h.addWidget(self.precision, 2)
        lab = QLabel(EVENT_FIELDS["date"], self)
        lab.setBuddy(self.date)
        self.form.addRow(lab, date_row)
        self.date.committed.connect(lambda s: self._date_changed("date", s))
        self.precision.committed.connect(lambda p: self._emit({"date_precision": p}))
        self.end_date = self._row(EVENT_FIELDS["end_date"], CommitLine(self))
        self.end_date.setPlaceholderText("YYYY-MM-DD (optional)")
        self.end_date.committed.connect(lambda s: self._date_changed("end_date", s))
        self.period_warning = self._info(self)
        self.form.addRow("", self.period_warning)

        self.place = self._row(EVENT_FIELDS["place"], CommitLine(self))
        self.place.setPlaceholderText("a place, or a new one with coordinates: Name (35.28, 40.29)")
        self.place.committed.connect(lambda s: self.place_entered.emit(s))
        self.place_info = self._info(self)
        self.form.addRow("", self.place_info)
        self.actors = self._row(EVENT_FIELDS["actors"], CommitLine(self))
        self.actors.setPlaceholderText("comma separated; type a few letters for the actor list")
        self.actors.committed.connect(lambda s: self._emit({"actors": split_names(s),
                                                             "actors_canonical": split_names(s)}))
        self.targets = self._row(EVENT_FIELDS["targets"], CommitLine(self))
        self.targets.committed.connect(lambda s: self._emit({"targets": split_names(s)}))
        self.counts: dict[str, CountEdit] = {}
        for name in COUNT_FIELDS:
            edit = self._row(EVENT_FIELDS[name], CountEdit(self))
            edit.committed.connect(lambda v, n=name: self._emit({n: None if v[0] is None else Count(v[0], v[1])}))
            self.counts[name] = edit
        self.direction = CommitCombo(self)
        self.direction.addItem("—", None)
        for d in DIRECTIONS:
            self.direction.addItem(d, d)
        self._row(EVENT_FIELDS["direction"], self.direction).committed.connect(lambda d: self._emit({"direction": d}))
        self.note = self._row("Note", CommitLine(self))
        self.note.committed.connect(lambda s: self._emit({"note": s or None}))
        self._review_rows()

    def _date_changed(self, name: str, text: str) -> None:
        text = text.strip()
        if text and not ISO_DATE.match(text):
            widget = self.date if name == "date" else self.end_date
            widget.setToolTip("Write the date as YYYY-MM-DD")
            widget.selectAll()
            return
        self._emit({name: text or None})

    def show_event(self, item: Item) -> None:
        ev = item.obj
        self.key = item.key
        self.type.set_value(ev.type)
        self.date.set_value(ev.date)
        self.precision.set_value(ev.date_precision)
        self.end_date.set_value(ev.end_date)
        # A date outside the report's window is kept as a candidate but said plainly: most are recalled history.
        flags = item.flags
        warning = {"outside the period": "⚠ outside the report's period", "no date": "⚠ no date: the text gives "
                   "none the extractor could read (type one, or leave it undated)"}
        self.period_warning.setText(" ".join(warning[f] for f in flags))
        self.period_warning.setVisible(bool(flags))
        self.place.set_value(ev.location)
        where = [w for w in (ev.location_name, ev.admin1) if w]
        if ev.lat is not None and ev.lon is not None:
            where.append(f"{ev.lat:.4f}, {ev.lon:.4f}")
        if ev.location_precision:
            where.append(ev.location_precision)
        self.place_info.setText(" · ".join(where))
        self.actors.set_value(", ".join(ev.actors))
        self.targets.set_value(", ".join(ev.targets))
        for name, edit in self.counts.items():
            c = ev.counts.get(name)
            edit.set_value(c.value if c else None, c.qualifier if c else None)
        self.direction.set_value(ev.direction)
        self.direction.setEnabled(ev.type == "convoy")
        self.note.set_value(ev.note)
        self.evidence.setPlainText(ev.evidence)
        self.evidence.setToolTip(f"characters {ev.start}..{ev.end}")
        conf = f" · confidence {ev.confidence:.2f}" if ev.confidence is not None else ""
        self.origin.setText(f"{ev.origin}{' · ' + ev.rule if ev.rule else ''}{conf}")
        self.status.setText(_status_text(ev))
        self.reason.set_value(ev.reject_reason)
        self.reason.setEnabled(ev.status == "rejected")


class FactForm(_Form):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = self._info(self)
        self.form.addRow("Total", self.kind)
        self.value = self._row(FACT_FIELDS["value"], CommitLine(self))
        self.value.committed.connect(self._value_changed)
        self.qualifier = CommitCombo(self)
        for q in QUALIFIERS:
            self.qualifier.addItem(q.replace("_", " "), q)
        self._row(FACT_FIELDS["qualifier"], self.qualifier).committed.connect(lambda q: self._emit({"qualifier": q}))
        self.check = QLabel(self)
        self.check.setObjectName("totalCheck")
        self.check.setWordWrap(True)
        self.check.setTextFormat(Qt.TextFormat.RichText)
        self.check.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.form.addRow("Check", self.check)
        self._review_rows()
        self._list_value = False

    def _value_changed(self, text: str) -> None:
        text = text.strip()
        if self._list_value:  # batch dates: a list of ISO dates
            dates = split_names(text)
            if all(ISO_DATE.match(d) for d in dates):
                self._emit({"value": dates})
            return
        if re.fullmatch(r"\d+", text):
            self._emit({"value": int(text)})

    def show_fact(self, item: Item, check: dict | None = None) -> None:
        self.check.setText(check_html(check))
        f = item.obj
        self.key = item.key
        self.kind.setText(f.kind.replace("_", " "))
        self._list_value = isinstance(f.value, list)
        self.value.set_value(", ".join(f.value) if self._list_value else json.dumps(f.value))
        self.qualifier.set_value(f.qualifier)
        self.evidence.setPlainText(f.evidence)
        conf = f" · confidence {f.confidence:.2f}" if f.confidence is not None else ""
        self.origin.setText(f"{f.origin}{' · ' + f.rule if f.rule else ''}{conf}")
        self.status.setText(_status_text(f))
        self.reason.set_value(f.reject_reason)
        self.reason.setEnabled(f.status == "rejected")


VERDICTS = {"ok": ("#1d6b1a", "✓ matches"), "mismatch": ("#a3231c", "✗ does not match"),
            "not_itemised": ("#8a5a00", "? not itemised")}


def check_html(check: dict | None) -> str:
    """The verdict and the itemised events it counted (links select them), as the summary will compare."""
    if check is None:
        return "<i>no comparison for this kind of total</i>"
    colour, verdict = VERDICTS.get(check["status"], ("#555", check["status"]))
    lines = [f'<b style="color:{colour}">{verdict}</b>: {escape(check["message"])}']
    for ev in check["events"]:
        count = ", ".join(f"{c.value} {k}" for k, c in ev.counts.items())
        what = " · ".join(x for x in (ev.date or "no date", ev.location_name or ev.location or "", count) if x)
        lines.append(f'&nbsp;&nbsp;<a href="event:{ev.id}">{escape(EVENT_TYPES.get(ev.type, ("",) * 5)[4])}</a> '
                     f'{escape(what)}')
    if check.get("pending"):
        lines.append(f"<i>{check['pending']} pending candidate(s) not counted until accepted</i>")
    lines.append("<small>accepted events of this report in its period, as the summary counts them</small>")
    return "<br>".join(lines)


def _status_text(obj: Any) -> str:
    who = f" by {obj.reviewer}" if obj.reviewer and obj.status != "pending" else ""
    when = f" · {obj.reviewed_at[:16].replace('T', ' ')}" if obj.reviewed_at and obj.status != "pending" else ""
    return f"<b>{obj.status}</b>{who}{when}"


class Inspector(QWidget):
    edit_requested = Signal(object, dict)
    place_entered = Signal(object, str)  # Key, text
    select_requested = Signal(object)  # Key: an itemised event named in a stated total's check

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("inspector")
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.stack = QStackedWidget(self)
        self.empty = QLabel("Select a candidate (J / K) to see its fields.", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.event_form = EventForm(self)
        self.fact_form = FactForm(self)
        for w in (self.empty, self.event_form, self.fact_form):
            self.stack.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.stack, 1)
        self.event_form.edit_requested.connect(self.edit_requested)
        self.fact_form.edit_requested.connect(self.edit_requested)
        self.event_form.place_entered.connect(lambda text: self.place_entered.emit(self.event_form.key, text))

        self.session = None  # set by the window: the stated-total check reads the report's events from it
        self.fact_form.check.linkActivated.connect(self._link)

    def set_completions(self, places: list[tuple[str, str, str]], actors: list[tuple[str, str, str]]) -> None:
        """(shown, matched, inserted) rows; one per place or actor, matching every alias."""
        form = self.event_form
        for line, rows, multiple in ((form.place, places, False), (form.actors, actors, True),
                                     (form.targets, actors, True)):
            completer = NameCompleter(line, multiple=multiple)
            completer.setModel(completion_model(rows, completer))
            line.setCompleter(completer)

    def on_changes(self, changes, _initiator=None) -> None:
        """Change bus: show the selected item again when it (or, for a stated total, its report) changed."""
        key, s = self.key, self.session
        if key is None or s is None:
            return
        if changes.touches(s.document_id) and (changes.external or changes.everything or key[0] == "fact"
                                                or key[1] in (changes.events if key[0] == "event" else changes.facts)):
            self.show_item(s.item(key))

    def _check(self, item: Item) -> dict | None:
        """The stated total against the report's accepted events, as the summary will compare them."""
        from ..summary.checks import CHECKS

        check = CHECKS.get(item.obj.kind)
        if check is None or self.session is None or item.obj.value is None:
            return None
        events = [it.obj for it in self.session.items if it.kind == "event" and it.status == "accepted"
                  and it.obj.in_period is not False]
        pending = [it.obj for it in self.session.items if it.kind == "event" and it.status == "pending"]
        try:
            result = check(item.obj, events, lambda obj: str(obj.id))
        except Exception:  # a value the check cannot read (a list where a number is due): no comparison
            return None
        by_id = {str(e.id): e for e in events}
        result["events"] = [by_id[r] for r in result["refs"][1:] if r in by_id]
        result["pending"] = len(pending)
        return result

    def _link(self, href: str) -> None:
        kind, _, oid = href.partition(":")
        if oid.isdigit():
            self.select_requested.emit((kind, int(oid)))

    @property
    def key(self) -> Key | None:
        page = self.stack.currentWidget()
        return getattr(page, "key", None)

    def show_item(self, item: Item | None) -> None:
        if item is None:
            self.title.setText("")
            self.event_form.key = self.fact_form.key = None
            self.stack.setCurrentWidget(self.empty)
            return
        if item.kind == "event":
            spec = EVENT_TYPES.get(item.obj.type)
            self.title.setText(f"<b>{spec[4] if spec else item.obj.type}</b> · {item.obj.status}")
            self.event_form.show_event(item)
            self.fact_form.key = None
            self.stack.setCurrentWidget(self.event_form)
        else:
            f = item.obj
            value = ", ".join(f.value) if isinstance(f.value, list) else f.value
            self.title.setText(f"<b>Stated total</b> · {f.kind.replace('_', ' ')} = {value} · {f.status}")
            self.fact_form.show_fact(item, self._check(item))
            self.event_form.key = None
            self.stack.setCurrentWidget(self.fact_form)

    def first_field(self) -> QWidget:
        page = self.stack.currentWidget()
        if page is self.event_form:
            return self.event_form.type
        if page is self.fact_form:
            return self.fact_form.value
        return self.empty

    def has_focus_inside(self) -> bool:
        w = self.focusWidget()
        return w is not None and self.isAncestorOf(w)
