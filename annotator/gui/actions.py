"""Every command of the review window, its shortcuts and its menu, declared once.

Menus, shortcuts, the Help -> Keyboard dialog and docs/keyboard.md are all built from ACTIONS, so a key can
never be documented in one place and bound differently in another. What each action does is the callable the
window maps its id to (MainWindow.handlers); a test checks that every id has one.
"""
from __future__ import annotations

from dataclasses import dataclass

MENUS = ("File", "Review", "Span", "Navigate", "Team", "View", "Help")


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str  # menu text; "&" marks the mnemonic
    shortcuts: tuple[str, ...]  # QKeySequence portable text; the first one is shown in the menu
    menu: str  # one of MENUS
    help: str = ""  # one line for the keyboard reference
    section: str = ""  # a separator is put before the first action of a new section within a menu


ACTIONS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec("import_files", "&Import files...", ("Ctrl+I",), "File",
               "Import .txt .md .html .jsonl reports (candidates are extracted in the background)"),
    ActionSpec("import_folder", "Import &folder...", ("Ctrl+Shift+I",), "File",
               "Import every report in a folder"),
    ActionSpec("open_db", "&Open database...", ("Ctrl+O",), "File",
               "Open another database file", section="db"),
    ActionSpec("new_db", "&New database...", ("Ctrl+N",), "File",
               "Create an empty database file", section="db"),
    ActionSpec("export", "&Export...", ("Ctrl+E",), "File",
               "Export reviewed events (spaCy, JSONL, CoNLL, BRAT, ACLED CSV, GeoJSON)", section="out"),
    ActionSpec("reextract_report", "Re-e&xtract this report", ("Ctrl+R",), "File",
               "Run the pipeline again on this report, keeping every decision", section="out"),
    ActionSpec("reextract_all", "Re-extract &all reports", ("Ctrl+Shift+R",), "File",
               "Run the pipeline again on every report, keeping every decision", section="out"),
    ActionSpec("cancel_job", "&Cancel background work", ("Ctrl+.",), "File",
               "Stop the import or extraction running in the background", section="out"),
    ActionSpec("set_reviewer", "Set &reviewer name...", (), "File",
               "Change the name recorded with each decision", section="me"),
    ActionSpec("quit", "&Quit", ("Ctrl+Q",), "File", "Close the window (everything is already saved)",
               section="quit"),
    # Review
    ActionSpec("accept", "&Accept", ("A", "Ctrl+Return"), "Review",
               "Accept the selected event or total and move to the next pending one"),
    ActionSpec("reject", "&Reject...", ("R",), "Review",
               "Reject it: a menu offers a reason (0 = none, 1-6 a reason, Esc = cancel)"),
    ActionSpec("accept_all", "Accept all &remaining...", ("Shift+A",), "Review",
               "Accept every pending candidate of this report in one step, after a confirmation naming how many; "
               "candidates dated outside the period or not dated stay pending unless you tick them in"),
    ActionSpec("edit", "&Edit fields", ("E",), "Review",
               "Move the focus to the inspector; Tab between fields, Enter saves a field, Esc returns",
               section="edit"),
    ActionSpec("new_event", "&New event from selection...", ("N",), "Review",
               "Add an event over the selected text; a menu asks its type (on a possibly missed sentence M "
               "selected: its suggested type at once)", section="edit"),
    ActionSpec("new_total", "New stated &total from selection...", ("T",), "Review",
               "Add a total the report states (trucks, batches, operations, arrested, killed) over the selected "
               "sentence; its first number is the value", section="edit"),
    ActionSpec("delete_event", "&Delete my event", ("Delete",), "Review",
               "Delete an event you added yourself (machine candidates are rejected instead)", section="edit"),
    ActionSpec("undo", "&Undo", ("Ctrl+Z",), "Review",
               "Undo the last change of any kind (written to the database)", section="history"),
    ActionSpec("redo", "Re&do", ("Ctrl+Shift+Z", "Ctrl+Y"), "Review",
               "Redo what was undone", section="history"),
    ActionSpec("train_model", "Train &model...", ("Ctrl+Shift+T",), "Review",
               "Train a model on the reviewed reports in the background (progress, Cancel), then see its scores "
               "against the rules", section="learn"),
    # Span
    ActionSpec("set_span", "&Set evidence to selection", ("S",), "Span",
               "Make the selected text the evidence span of the selected event"),
    ActionSpec("grow_start", "Start one word &earlier", ("[", "Alt+Left"), "Span",
               "Grow the span at its start"),
    ActionSpec("grow_end", "End one word &later", ("]", "Alt+Right"), "Span",
               "Grow the span at its end"),
    ActionSpec("shrink_start", "Start one word l&ater", ("{", "Alt+Shift+Right"), "Span",
               "Shrink the span at its start"),
    ActionSpec("shrink_end", "End one word ea&rlier", ("}", "Alt+Shift+Left"), "Span",
               "Shrink the span at its end"),
    ActionSpec("select_sentence_end", "Select to the sentence's en&d", (")",), "Span",
               "Extend the text selection to the end of the sentence (again: the next one)", section="select"),
    ActionSpec("select_sentence_start", "Select from the sentence's s&tart", ("(",), "Span", "Extend the text selection back to the start of the sentence (again: the one before)",
               section="select"),
    # Navigate
    ActionSpec("next_item", "&Next candidate", ("J", "Ctrl+Down"), "Navigate",
               "Select the next event or total in the text"),
    ActionSpec("prev_item", "&Previous candidate", ("K", "Ctrl+Up"), "Navigate",
               "Select the previous event or total"),
    ActionSpec("next_pending", "Next p&ending", ("Space",), "Navigate",
               "Jump to the next candidate still pending"),
    ActionSpec("next_report", "Next &report", ("Shift+J", "Ctrl+PgDown"), "Navigate",
               "Open the next report in the list", section="report"),
    ActionSpec("prev_report", "Previous re&port", ("Shift+K", "Ctrl+PgUp"), "Navigate",
               "Open the previous report in the list", section="report"),
    ActionSpec("focus_text", "Focus the &text", ("Esc",), "Navigate",
               "Return to the report text (arrows move the caret, Shift+arrows select)", section="focus"),
    ActionSpec("focus_reports", "Focus the report &list", ("Ctrl+L",), "Navigate",
               "Move to the list of reports (arrows choose, the text follows)", section="focus"),
    ActionSpec("find", "&Find in this report", ("Ctrl+F",), "Navigate",
               "Type words to find them in the text (Enter: next, Shift+Enter: previous, Esc: done, "
               "the match stays selected)", section="focus"),
    ActionSpec("find_next", "Find ne&xt", ("F3",), "Navigate",
               "The next match of the last search", section="focus"),
    ActionSpec("search", "&Search reports", ("Ctrl+Shift+F", "/"), "Navigate",
               "Type words to filter the report list", section="focus"),
    ActionSpec("reload", "Re&load", ("F5",), "Navigate",
               "Read the report again from the database", section="focus"),
    # Team: adjudicating what reviewers disagree on (annotator/gui/adjudication.py)
    ActionSpec("take_version_1", "Take reviewer &1's version", ("1",), "Team",
               "In the Adjudication tab: the first reviewer's version becomes the curated decision"),
    ActionSpec("take_version_2", "Take reviewer &2's version", ("2",), "Team",
               "In the Adjudication tab: the second reviewer's version becomes the curated decision"),
    ActionSpec("take_version_3", "Take reviewer &3's version", ("3",), "Team",
               "In the Adjudication tab: the third reviewer's version becomes the curated decision"),
    ActionSpec("adjudicate_edit", "&Edit it in the Review tab", ("Shift+E",), "Team",
               "Open the disputed candidate in the Review tab to correct it field by field (that counts as settled)"),
    ActionSpec("next_disagreement", "&Next disagreement", ("G",), "Team",
               "Show the next candidate the reviewers disagree on", section="walk"),
    ActionSpec("prev_disagreement", "&Previous disagreement", ("Shift+G",), "Team",
               "Show the previous one", section="walk"),
    ActionSpec("next_missed", "Next possibly &missed", ("M",), "Navigate",
               "Select the next sentence the model (or a trigger word) says no candidate covers, least certain "
               "first; N then adds its event with the suggested type", section="missed"),
    ActionSpec("prev_missed", "Previous poss&ibly missed", ("Shift+M",), "Navigate",
               "The previous possibly missed sentence", section="missed"),
    # View
    ActionSpec("show_review", "&Review tab", ("Ctrl+1",), "View", "Show the report text"),
    ActionSpec("show_summary", "&Summary tab", ("Ctrl+2",), "View",
               "Show the verified monthly summary"),
    ActionSpec("show_adjudication", "&Adjudication tab", ("Ctrl+3",), "View",
               "Walk the candidates reviewers disagree on, each version side by side"),
    ActionSpec("show_agreement", "A&greement tab", ("Ctrl+4",), "View",
               "Agreement between the reviewers of a team file, by pair, event type, report and reviewer"),
    ActionSpec("toggle_legend", "&Legend", ("Ctrl+Shift+L",), "View",
               "Show or hide the colour legend"),
    ActionSpec("show_models", "&Models tab", ("Ctrl+Shift+M",), "View",
               "The trained models, rules vs model vs combined per type; Enter activates the selected model",
               section="learn"),
    ActionSpec("show_rules", "Rule &precision tab", ("Ctrl+Shift+P",), "View",
               "Per-rule precision from the decisions; low-precision rules flagged", section="learn"),
    ActionSpec("cycle_origin", "Filter candidates by &origin", ("Ctrl+Shift+O",), "View",
               "Show only the candidates of one origin: rules, model, reviewer, import (again: the next)",
               section="learn"),
    # Help
    ActionSpec("keyboard_help", "&Keyboard...", ("F1", "?"), "Help",
               "This list of keys"),
    ActionSpec("about", "&About annotator", (), "Help", "Version and database"),
)

# Inspector field labels; "&" marks the Alt+letter that jumps to the field. The letters avoid the menu bar's
# (F R S N V H) so that no Alt shortcut is ambiguous.
MENU_LABELS = {"File": "&File", "Review": "&Review", "Span": "&Span", "Navigate": "&Navigate", "Team": "Tea&m",
               "View": "&View",
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
