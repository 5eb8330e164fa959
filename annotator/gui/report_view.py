"""The report text with its candidates highlighted.

A read-only QPlainTextEdit (it lays out only what is visible, so a long report opens fast) whose highlights
are ExtraSelections set in one call: no change to the document, no syntax highlighter re-running per block.
The selected candidate is outlined by painting over the viewport. Markdown reports are shown as text: their
markup is dimmed and their headings coloured, by more ExtraSelections, so every offset stays the stored text's.
"""
from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from ..domain import EVENT_TYPES, STATUSES
from ..review import Item, Key
from ..review.spans import OffsetMap, looks_like_markdown, markup_spans
from . import colors

_HEADING = re.compile(r"(?<=^#)[ \t]\S.*$|(?<=^##)[ \t]\S.*$|(?<=^###)[ \t]\S.*$", re.MULTILINE)


def describe(item: Item) -> str:
    """Tooltip text: the type in words, so colour is never the only cue."""
    o = item.obj
    if item.kind == "fact":
        head = f"Stated total: {o.kind.replace('_', ' ')} = {o.value}"
    else:
        head = EVENT_TYPES.get(o.type, ("", "", "", "", o.type))[4]
        details = [d for d in (o.date, o.location_name or o.location) if d]
        if details:
            head += " — " + ", ".join(details)
    origin = o.origin + (f" · {o.rule}" if o.rule else "") + (f" · {o.confidence:.2f}" if o.confidence else "")
    status = o.status + (f" ({o.reject_reason})" if o.status == "rejected" and o.reject_reason else "")
    return f"{head}\n{status} · {origin}"


class ReportView(QPlainTextEdit):
    item_clicked = Signal(object)  # Key

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reportText")
        self.setReadOnly(True)
        # Selectable by keyboard too: Shift+arrows make the selection that N and S use.
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setMouseTracking(True)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.setFont(font)
        self.document().setDocumentMargin(12)
        self._text = ""
        self._map = OffsetMap("")
        self._markup: list[QTextEdit.ExtraSelection] = []
        self._items: list[Item] = []
        self._selected: Key | None = None
        self._formats: dict[tuple[str, str], QTextCharFormat] = {}
        self._arg_formats: dict[str, QTextCharFormat] = {}
        self.session = None  # the ReviewSession whose report is shown (set by the window)

    def on_changes(self, changes, _initiator=None) -> None:
        """Change bus: redraw when the open report's candidates changed (here or elsewhere)."""
        s = self.session
        if s is None or s.document is None:
            if self._text:
                self.clear_report()
            return
        if changes.touches(s.document.id) or s.text != self._text:
            self.set_report(s.text, s.items, self._selected if s.item(self._selected) else None,
                            source_kind=s.document.source_kind)

    def caret(self) -> int:
        return self._map.from_qt(self.textCursor().position())

    # -- content ----------------------------------------------------------------------------------------------

    def set_report(self, text: str, items: list[Item], selected: Key | None = None, *,
                   source_kind: str | None = None) -> None:
        if text != self._text:
            self._text = text
            self._map = OffsetMap(text)
            self.setPlainText(text)
            # Markdown is shown as text: its markup dimmed, its headings coloured; offsets stay the stored text's.
            self._markup = self._markup_selections(text) if looks_like_markdown(text, source_kind) else []
        self.set_items(items, selected)

    def _markup_selections(self, text: str) -> list[QTextEdit.ExtraSelection]:
        dim = QTextCharFormat()
        faint = QColor(self.palette().color(QPalette.ColorRole.PlaceholderText))
        faint.setAlpha(110)
        dim.setForeground(faint)
        heading = QTextCharFormat()  # a colour, not bold: an extra selection cannot change the text's layout
        heading.setForeground(self.palette().color(QPalette.ColorRole.Link))
        out = [self._selection(a, b, dim) for a, b in markup_spans(text)]
        for m in _HEADING.finditer(text):  # the words after the hashes: ranges that overlap are not drawn
            out.append(self._selection(m.start() + 1, m.end(), heading))
        return out

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        doc = self.document()
        last = doc.characterCount() - 1
        sel = QTextEdit.ExtraSelection()
        cur = QTextCursor(doc)
        cur.setPosition(min(self._map.to_qt(start), last))
        cur.setPosition(min(self._map.to_qt(end), last), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cur
        sel.format = fmt
        return sel

    def clear_report(self) -> None:
        self._text, self._items, self._selected, self._markup = "", [], None, []
        self._map = OffsetMap("")
        self.setPlainText("")
        self.setExtraSelections([])

    def set_items(self, items: list[Item], selected: Key | None = None) -> None:
        self._items = items
        self._selected = selected
        self._apply()

    def set_selected(self, key: Key | None, *, scroll: bool = True) -> None:
        self._selected = key
        item = self._item(key)
        if item is not None and scroll:
            self.scroll_to(item.start, item.end)
        self.viewport().update()

    def scroll_to(self, start: int, end: int) -> None:
        """Bring the whole span into view and leave the caret at its start (ready for a Shift+arrow selection)."""
        cur = QTextCursor(self.document())
        cur.setPosition(min(self._map.to_qt(end), self.document().characterCount() - 1))
        self.setTextCursor(cur)
        self.ensureCursorVisible()
        cur.setPosition(self._map.to_qt(start))
        self.setTextCursor(cur)
        self.ensureCursorVisible()

    def select_range(self, start: int, end: int) -> None:
        cur = QTextCursor(self.document())
        cur.setPosition(self._map.to_qt(start))
        cur.setPosition(self._map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cur)
        self.ensureCursorVisible()

    def selection_span(self) -> tuple[int, int] | None:
        """The selected text as store offsets, or None."""
        cur = self.textCursor()
        if not cur.hasSelection():
            return None
        return self._map.from_qt(cur.selectionStart()), self._map.from_qt(cur.selectionEnd())

    def item_at(self, offset: int) -> Item | None:
        """The innermost (shortest) candidate covering an offset."""
        hits = [it for it in self._items if it.start <= offset < it.end]
        return min(hits, key=lambda it: it.end - it.start) if hits else None

    def _item(self, key: Key | None) -> Item | None:
        return next((it for it in self._items if it.key == key), None) if key else None

    # -- highlights -------------------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._formats.clear()
            self._arg_formats.clear()
            if self._markup:
                self._markup = self._markup_selections(self._text)
            self._apply()
        super().changeEvent(event)

    def _format(self, colour_key: str, status: str) -> QTextCharFormat:
        fmt = self._formats.get((colour_key, status))
        if fmt is None:
            colour = QColor(colors.FACT_COLOUR) if colour_key == "fact" else colors.type_colour(colour_key)
            fmt = QTextCharFormat()
            if status == "rejected":
                fmt.setFontStrikeOut(True)
                fmt.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
                fmt.setBackground(colors.with_alpha(colour, 25))
            else:
                alpha = colors.ACCEPTED_ALPHA if status == "accepted" else colors.PENDING_ALPHA
                fmt.setBackground(colors.with_alpha(colour, alpha))
            if colour_key == "fact":
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
                fmt.setUnderlineColor(colors.argument_colour(colour, self.palette()))
            self._formats[(colour_key, status)] = fmt
        return fmt

    def _arg_format(self, colour_key: str) -> QTextCharFormat:
        fmt = self._arg_formats.get(colour_key)
        if fmt is None:
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(colors.argument_colour(colors.type_colour(colour_key), self.palette()))
            fmt.setFontUnderline(True)
            self._arg_formats[colour_key] = fmt
        return fmt

    def _apply(self) -> None:
        selections = []
        selection = self._selection

        # Wider spans first so that a nested candidate's colour is drawn over its container's.
        for it in sorted(self._items, key=lambda i: (i.start, -(i.end - i.start))):
            colour_key = "fact" if it.kind == "fact" else it.obj.type
            status = it.status if it.status in STATUSES else "pending"
            selections.append(selection(it.start, it.end, self._format(colour_key, status)))
            if it.kind == "event" and it.status != "rejected":
                for arg in it.obj.arguments:
                    if arg.role != "trigger" and arg.end > arg.start:
                        selections.append(selection(arg.start, arg.end, self._arg_format(colour_key)))
        # Last: markup sets only the text colour, so it stays dimmed inside a highlight, over its background.
        self.setExtraSelections(selections + self._markup)

    # -- outline of the selected candidate ----------------------------------------------------------------------

    def span_rects(self, start: int, end: int) -> list[QRectF]:
        """Viewport rectangles covering a span, one per visual line (only lines that are laid out)."""
        doc = self.document()
        qs, qe = self._map.to_qt(start), self._map.to_qt(end)
        rects: list[QRectF] = []
        block = doc.findBlock(qs)
        offset = self.contentOffset()
        height = self.viewport().height()
        while block.isValid() and block.position() <= qe:
            geo = self.blockBoundingGeometry(block).translated(offset)
            if geo.top() > height:
                break
            layout = block.layout()
            if geo.bottom() >= 0 and layout is not None:
                bpos = block.position()
                for i in range(layout.lineCount()):
                    line = layout.lineAt(i)
                    ls, le = bpos + line.textStart(), bpos + line.textStart() + line.textLength()
                    if le <= qs or ls >= qe:
                        continue
                    x1 = line.cursorToX(max(qs, ls) - bpos)
                    x2 = line.cursorToX(min(qe, le) - bpos)
                    x1 = x1[0] if isinstance(x1, tuple) else x1
                    x2 = x2[0] if isinstance(x2, tuple) else x2
                    rects.append(QRectF(x1, line.y(), max(2.0, x2 - x1), line.height())
                                 .translated(geo.topLeft() + QPointF(layout.position())))
            block = block.next()
        return rects

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        item = self._item(self._selected)
        if item is None:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 2)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for r in self.span_rects(item.start, item.end):
            painter.drawRoundedRect(r.adjusted(-2, 0, 2, 0), 3, 3)
        painter.end()

    # -- mouse ------------------------------------------------------------------------------------------------

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            pos = self._map.from_qt(self.cursorForPosition(event.pos()).position())
            item = self.item_at(pos)
            if item is not None:
                QToolTip.showText(event.globalPos(), describe(item), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            item = self.item_at(self._map.from_qt(self.cursorForPosition(event.pos()).position()))
            if item is not None:
                self.item_clicked.emit(item.key)
