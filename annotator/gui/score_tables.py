"""The rules / model / combined comparison as two Qt tables, cell for cell the tables `annotator evaluate --db` and
`annotator train` print (annotator/commands/train_commands.py _comparison): overall figures, then strict P R F1 per
type. Used by the Models tab and the training dialog."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

SETS = ("rules", "model", "combined")
FIGURES = (("strict P", lambda s: s["strict"]["precision"]), ("strict R", lambda s: s["strict"]["recall"]),
           ("strict F1", lambda s: s["strict"]["f1"]), ("family F1", lambda s: s["family"]["f1"]),
           ("counts", lambda s: s["counts"]), ("location", lambda s: s["location"]),
           ("actors", lambda s: s["actors"]), ("targets", lambda s: s["targets"]),
           ("corrections/event", lambda s: s["corrections"]))


def fmt(x: Any) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def present_sets(scores: dict[str, Any] | None) -> list[str]:
    return [k for k in SETS if scores and scores.get(k)]


def overall_rows(scores: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    sets = present_sets(scores)
    return ["figure"] + sets, [[label] + [fmt(get(scores[k])) for k in sets] for label, get in FIGURES]


def per_type_rows(scores: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    sets = present_sets(scores)
    types = sorted({t for k in sets for t in scores[k]["per_type"]})
    rows = []
    for t in types:
        row = [t, str(scores[sets[0]]["per_type"].get(t, {}).get("support", 0))]
        for k in sets:
            m = scores[k]["per_type"].get(t)
            row.append("-" if m is None else f"{m['precision']:.2f} {m['recall']:.2f} {m['f1']:.2f}")
        rows.append(row)
    return ["type (P R F1)", "gold"] + sets, rows


def read_only_table(parent: QWidget, name: str) -> QTableWidget:
    table = QTableWidget(parent)
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)  # compact rows: more fit
    table.setAlternatingRowColors(True)
    return table


def fill(table: QTableWidget, header: list[str], rows: list[list[Any]], *, stretch_last: bool = True) -> None:
    table.clear()
    table.setColumnCount(len(header))
    table.setRowCount(len(rows))
    table.setHorizontalHeaderLabels(header)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(str(value)))
    table.resizeColumnsToContents()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(stretch_last)


def select_row(table: QTableWidget, row: int) -> None:
    """Select one whole row. QTableView.selectRow reads the keyboard modifiers held at the time, so called from a
    Ctrl+Shift shortcut it toggles or extends the selection instead."""
    model, sel = table.model(), table.selectionModel()
    if not 0 <= row < model.rowCount():
        return
    index = model.index(row, 0)
    flags = QItemSelectionModel.SelectionFlag
    sel.setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
    table.scrollTo(index)


def cells(table: QTableWidget) -> list[list[str]]:
    """What a table shows (tests compare it with the CLI's JSON)."""
    return [[table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def show_comparison(overall: QTableWidget, per_type: QTableWidget, scores: dict[str, Any] | None) -> None:
    if not present_sets(scores):
        fill(overall, ["figure"], [["no held-out report: no scores"]])
        fill(per_type, ["type (P R F1)"], [])
        return
    fill(overall, *overall_rows(scores), stretch_last=False)
    fill(per_type, *per_type_rows(scores), stretch_last=False)
