"""Every command of the review window, its shortcuts and its menu, declared once.

Menus, shortcuts, the Help -> Keyboard dialog and docs/keyboard.md are all built from ACTIONS, so a key can
never be documented in one place and bound differently in another.
"""
from __future__ import annotations

from dataclasses import dataclass

MENUS = ("File", "Review", "Span", "Navigate", "View", "Help")


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str  # menu text; "&" marks the mnemonic
    shortcuts: tuple[str, ...]  # QKeySequence portable text; the first one is shown in the menu
    handler: str  # name of the MainWindow method called when triggered
    menu: str  # one of MENUS
    help: str = ""  # one line for the keyboard reference
    section: str = ""  # a separator is put before the first action of a new section within a menu


ACTIONS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec("import_files", "&Import files...", ("Ctrl+I",), "import_files_dialog", "File",
               "Import .txt .md .html .jsonl reports (candidates are extracted in the background)"),
    ActionSpec("import_folder", "Import &folder...", ("Ctrl+Shift+I",), "import_folder_dialog", "File",
               "Import every report in a folder"),
    ActionSpec("open_db", "&Open database...", ("Ctrl+O",), "open_database_dialog", "File",
               "Open another database file", section="db"),
    ActionSpec("new_db", "&New database...", ("Ctrl+N",), "new_database_dialog", "File",
               "Create an empty database file", section="db"),
    ActionSpec("export", "&Export...", ("Ctrl+E",), "export_dialog", "File",
               "Export reviewed events (spaCy, JSONL, CoNLL, BRAT, ACLED CSV, GeoJSON)", section="out"),
    ActionSpec("reextract_report", "Re-e&xtract this report", ("Ctrl+R",), "reextract_report", "File",
               "Run the pipeline again on this report, keeping every decision", section="out"),
    ActionSpec("reextract_all", "Re-extract &all reports", ("Ctrl+Shift+R",), "reextract_all", "File",
               "Run the pipeline again on every report, keeping every decision", section="out"),
    ActionSpec("cancel_job", "&Cancel background work", ("Ctrl+.",), "cancel_job", "File",
               "Stop the import or extraction running in the background", section="out"),
    ActionSpec("set_reviewer", "Set &reviewer name...", (), "ask_reviewer", "File",
               "Change the name recorded with each decision", section="me"),
    ActionSpec("quit", "&Quit", ("Ctrl+Q",), "close", "File", "Close the window (everything is already saved)",
               section="quit"),
    # Review
    ActionSpec("accept", "&Accept", ("A", "Ctrl+Return"), "accept_current", "Review",
               "Accept the selected event or total and move to the next pending one"),
    ActionSpec("reject", "&Reject...", ("R",), "reject_current", "Review",
               "Reject it: a menu offers a reason (0 = none, 1-6 a reason, Esc = cancel)"),
    ActionSpec("accept_all", "Accept all &remaining", ("Shift+A",), "accept_all", "Review",
               "Accept every pending candidate of this report in one step"),
    ActionSpec("edit", "&Edit fields", ("E",), "focus_inspector", "Review",
               "Move the focus to the inspector; Tab between fields, Enter saves a field, Esc returns",
               section="edit"),
    ActionSpec("new_event", "&New event from selection...", ("N",), "new_event_from_selection", "Review",
               "Add an event over the selected text; a menu asks its type", section="edit"),
    ActionSpec("delete_event", "&Delete my event", ("Delete",), "delete_current", "Review",
               "Delete an event you added yourself (machine candidates are rejected instead)", section="edit"),
    ActionSpec("undo", "&Undo", ("Ctrl+Z",), "undo", "Review",
               "Undo the last change of any kind (written to the database)", section="history"),
    ActionSpec("redo", "Re&do", ("Ctrl+Shift+Z", "Ctrl+Y"), "redo", "Review",
               "Redo what was undone", section="history"),
    # Span
    ActionSpec("set_span", "&Set evidence to selection", ("S",), "set_span_to_selection", "Span",
               "Make the selected text the evidence span of the selected event"),
    ActionSpec("grow_start", "Start one word &earlier", ("[", "Alt+Left"), "grow_start", "Span",
               "Grow the span at its start"),
    ActionSpec("grow_end", "End one word &later", ("]", "Alt+Right"), "grow_end", "Span",
               "Grow the span at its end"),
    ActionSpec("shrink_start", "Start one word l&ater", ("{", "Alt+Shift+Right"), "shrink_start", "Span",
               "Shrink the span at its start"),
    ActionSpec("shrink_end", "End one word ea&rlier", ("}", "Alt+Shift+Left"), "shrink_end", "Span",
               "Shrink the span at its end"),
    ActionSpec("select_sentence_end", "Select to the sentence's en&d", (")",), "select_sentence_end", "Span",
               "Extend the text selection to the end of the sentence (again: the next one)", section="select"),
    ActionSpec("select_sentence_start", "Select from the sentence's s&tart", ("(",), "select_sentence_start",
               "Span", "Extend the text selection back to the start of the sentence (again: the one before)",
               section="select"),
    # Navigate
    ActionSpec("next_item", "&Next candidate", ("J", "Ctrl+Down"), "next_item", "Navigate",
               "Select the next event or total in the text"),
    ActionSpec("prev_item", "&Previous candidate", ("K", "Ctrl+Up"), "prev_item", "Navigate",
               "Select the previous event or total"),
    ActionSpec("next_pending", "Next p&ending", ("Space",), "next_pending", "Navigate",
               "Jump to the next candidate still pending"),
    ActionSpec("next_report", "Next &report", ("Shift+J", "Ctrl+PgDown"), "next_report", "Navigate",
               "Open the next report in the list", section="report"),
    ActionSpec("prev_report", "Previous re&port", ("Shift+K", "Ctrl+PgUp"), "prev_report", "Navigate",
               "Open the previous report in the list", section="report"),
    ActionSpec("focus_text", "Focus the &text", ("Esc",), "focus_text", "Navigate",
               "Return to the report text (arrows move the caret, Shift+arrows select)", section="focus"),
    ActionSpec("focus_reports", "Focus the report &list", ("Ctrl+L",), "focus_reports", "Navigate",
               "Move to the list of reports (arrows choose, the text follows)", section="focus"),
    ActionSpec("find", "&Find in this report", ("Ctrl+F",), "find_in_text", "Navigate",
               "Type words to find them in the text (Enter: next, Shift+Enter: previous, Esc: done, "
               "the match stays selected)", section="focus"),
    ActionSpec("find_next", "Find ne&xt", ("F3",), "find_next", "Navigate",
               "The next match of the last search", section="focus"),
    ActionSpec("search", "&Search reports", ("Ctrl+Shift+F", "/"), "focus_search", "Navigate",
               "Type words to filter the report list", section="focus"),
    ActionSpec("reload", "Re&load", ("F5",), "reload", "Navigate",
               "Read the report again from the database", section="focus"),
    # View
    ActionSpec("show_review", "&Review tab", ("Ctrl+1",), "show_review_tab", "View", "Show the report text"),
    ActionSpec("show_summary", "&Summary tab", ("Ctrl+2",), "show_summary_tab", "View",
               "Show the verified monthly summary"),
    ActionSpec("toggle_legend", "&Legend", ("Ctrl+Shift+L",), "toggle_legend", "View",
               "Show or hide the colour legend"),
    # Help
    ActionSpec("keyboard_help", "&Keyboard...", ("F1", "?"), "show_keyboard_help", "Help",
               "This list of keys"),
    ActionSpec("about", "&About annotator", (), "show_about", "Help", "Version and database"),
)

# Inspector field labels; "&" marks the Alt+letter that jumps to the field. The letters avoid the menu bar's
# (F R S N V H) so that no Alt shortcut is ambiguous.
MENU_LABELS = {"File": "&File", "Review": "&Review", "Span": "&Span", "Navigate": "&Navigate", "View": "&View",
               "Help": "&Help"}
EVENT_FIELDS = {"type": "&Type", "date": "&Date", "end_date": "&End date", "place": "&Place",
                "actors": "A&ctors", "targets": "Tar&gets", "killed": "&Killed", "injured": "&Injured",
                "arrested": "&Arrested", "trucks": "Tr&ucks", "direction": "Directi&on"}
FACT_FIELDS = {"value": "Val&ue", "qualifier": "&Qualifier"}


def mnemonic(label: str) -> str:
    i = label.replace("&&", "").find("&")
    return label.replace("&&", "")[i + 1].upper() if i >= 0 else ""


def find(action_id: str) -> ActionSpec:
    for spec in ACTIONS:
        if spec.id == action_id:
            return spec
    raise KeyError(action_id)


def plain_text(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".")


def keyboard_rows() -> list[tuple[str, str, str, str]]:
    """(menu, action, keys, what it does) for every action with a key, in menu order."""
    rows = []
    for menu in MENUS:
        for spec in ACTIONS:
            if spec.menu == menu and spec.shortcuts:
                rows.append((menu, plain_text(spec.text), ", ".join(spec.shortcuts), spec.help))
    return rows


def keyboard_markdown() -> str:
    """The keyboard reference in docs/keyboard.md; a test checks the file matches."""
    lines = [
        "# Keyboard reference",
        "",
        "Generated from `annotator/gui/actions.py` (the one table the menus and shortcuts are built from);",
        "`tests/gui/test_gui_actions.py` fails when this file and the table disagree. Regenerate with",
        "`python -m annotator.gui.actions > docs/keyboard.md`.",
        "",
        "Letter keys act when the focus is in the report text, the candidate list or the report list;",
        "in a text field they type. **Esc** always brings the focus back to the report text.",
        "",
        "A typical pass over a report: **J** / **K** to walk the candidates, **A** to accept (the next pending",
        "one is selected), **R** then a digit to reject with a reason, **E** to correct a field (Tab, Enter, Esc).",
        "To add a missed event: **Ctrl+F** and a few of its words, Enter, Esc (the match stays selected), **)** to",
        "extend the selection to the end of the sentence (or Shift+arrows), then **N** and the type's key.",
        "**Shift+J** opens the next report.",
        "",
    ]
    for menu in MENUS:
        rows = [r for r in keyboard_rows() if r[0] == menu]
        if not rows:
            continue
        lines += [f"## {menu}", "", "| Action | Keys | What it does |", "|---|---|---|"]
        for _, name, keys, what in rows:
            shown = ", ".join(f"`{k}`" for k in keys.split(", "))
            lines.append(f"| {name} | {shown} | {what} |")
        lines.append("")
    lines += ["## In the inspector", "", "| Keys | Field |", "|---|---|"]
    for label in EVENT_FIELDS.values():
        lines.append(f"| `Alt+{mnemonic(label)}` | {plain_text(label)} |")
    for label in FACT_FIELDS.values():
        lines.append(f"| `Alt+{mnemonic(label)}` | {plain_text(label)} (of a stated total) |")
    lines += ["| `Tab`, `Shift+Tab` | next / previous field |",
              "| `Enter` | save the field (leaving a changed field saves it too) |",
              "| `Esc` | back to the report text |", ""]
    lines += [
        "## In the reject and new-event menus",
        "",
        "| Keys | What it does |",
        "|---|---|",
        "| `0`-`9`, letters | pick the numbered or underlined entry |",
        "| `Enter` | pick the highlighted entry |",
        "| `Esc` | cancel |",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(keyboard_markdown(), end="")
