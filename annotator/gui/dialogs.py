"""Small windows: the colour legend, the keyboard reference, the reviewer's name."""
from __future__ import annotations

import getpass
import html

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHeaderView, QInputDialog, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from ..domain import EVENT_TYPES
from . import colors
from .actions import keyboard_rows


class Legend(QLabel):
    """Every type colour with its name, and how the three statuses and argument spans look."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("legend")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setContentsMargins(6, 2, 6, 2)
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._render()
        super().changeEvent(event)

    def _render(self) -> None:
        pal = self.palette()

        def chip(label: str, colour, alpha: int, extra: str = "") -> str:
            bg = colors.blended(colour, alpha, pal).name()
            shown = html.escape(label).replace(" ", "&nbsp;")  # a label never breaks across lines
            return f'<span style="background-color:{bg};{extra}">&nbsp;{shown}&nbsp;</span>'

        chips = [chip(spec[4], colors.type_colour(t), colors.PENDING_ALPHA) for t, spec in EVENT_TYPES.items()]
        chips.append(chip("stated total", colors.QColor(colors.FACT_COLOUR), colors.PENDING_ALPHA,
                          "text-decoration:underline;"))
        sample = colors.type_colour("convoy")
        states = [chip("pending", sample, colors.PENDING_ALPHA), chip("accepted", sample, colors.ACCEPTED_ALPHA),
                  chip("rejected", sample, 25, "text-decoration:line-through;"),
                  '<span style="text-decoration:underline;">argument</span>',
                  "outlined = selected"]
        self.setText(" ".join(chips) + "<br>" + " &nbsp; ".join(states))


class KeyboardHelp(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("keyboardHelp")
        self.setWindowTitle("Keyboard")
        rows = keyboard_rows()
        table = QTableWidget(len(rows), 4, self)
        table.setHorizontalHeaderLabels(["Menu", "Action", "Keys", "What it does"])
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(value))
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setWordWrap(True)
        header = table.horizontalHeader()
        for c in range(3):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Letter keys work when the focus is not in a text field; Esc returns to the "
                                "report text.", self))
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(960, 760)


def ask_reviewer(parent: QWidget | None, current: str | None) -> str | None:
    name, ok = QInputDialog.getText(parent, "Reviewer", "Your name, recorded with each decision:",
                                    text=current or getpass.getuser())
    name = name.strip()
    return name if ok and name else None
