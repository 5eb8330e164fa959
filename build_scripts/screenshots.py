"""Screenshots of the review window for the README: a demo database, the window offscreen, PNGs in docs/screenshots/.

    python build_scripts/screenshots.py [--out docs/screenshots]

Writes main-window.png (a demo report part-reviewed, one event selected), inspector.png (the inspector just
after an edit), totals-check.png (a stated total selected in Review, compared with its itemised events),
accept-all.png (Shift+A's confirmation), markdown.png (a markdown report shown as text), keyboard-help.png
(Help -> Keyboard), main-window-dark.png (the same window, dark palette), and for the learning loop: the demo
reports reviewed (flagged candidates rejected, the rest accepted), then train-dialog.png (Review -> Train model…
when it has finished), models-tab.png, rules-tab.png and possibly-missed.png (M on the first queued sentence).
Look at them before committing.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REPORT_KEY = "demo-coalition-112"
MARKDOWN_KEY = "demo-coalition-109"


def dark_palette():
    from PySide6.QtGui import QColor, QPalette

    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1e1e", QPalette.ColorRole.AlternateBase: "#262626",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.Highlight: "#3d8ee8",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#353535",
        QPalette.ColorRole.ToolTipText: "#e6e6e6", QPalette.ColorRole.PlaceholderText: "#8a8a8a",
        QPalette.ColorRole.Link: "#6cb4ff",
    }
    for role, colour in roles.items():
        pal.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return pal


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from annotator.app import create_app
    from annotator.commands.gui_commands import build_demo_database
    from annotator.domain import Count
    from annotator.gui.main_window import MainWindow

    tmp = Path(tempfile.mkdtemp(prefix="annotator-shots-"))
    db = tmp / "demo.db"
    build_demo_database(db, reviewer="importer")
    app = create_app([sys.argv[0]])
    app.setStyle("Fusion")
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db, reviewer="demo reviewer", settings=settings, warm_pipeline=False)
    window.resize(1500, 900)
    window.show()
    app.processEvents()
    window.fill_completions()  # what the background warm-up does, done here so the shot is deterministic
    window.background.pipeline_label.setText("pipeline: ready")

    doc = window.store.find_document(REPORT_KEY)
    window.open_document(doc.id)
    # A report part-way through its review: some accepted, one rejected, the rest pending.
    events = [it for it in window.session.items if it.kind == "event"]
    for it in events[:4]:
        window.select(it.key)
        window.review.accept_current()
    if len(events) > 5:
        window.select(events[4].key)
        window.review.reject(events[4].key, "duplicate")
    target = next((it for it in events[5:] if it.obj.type == "convoy"), events[min(5, len(events) - 1)])
    window.select(target.key)
    app.processEvents()
    window.grab().save(str(args.out / "main-window.png"))

    # The inspector after an edit: a count corrected through the same path as Enter in the field.
    window.review.apply_edit(target.key, {"trucks": Count((target.obj.count("trucks") or 0) + 5, "approx")})
    window.inspector.event_form.counts["trucks"].spin.setFocus()
    app.processEvents()
    window.inspector_dock.grab().save(str(args.out / "inspector.png"))

    # A stated total selected in Review: its check against the accepted itemised events.
    fact = next((it for it in window.session.items if it.kind == "fact" and it.obj.kind == "trucks"),
                next((it for it in window.session.items if it.kind == "fact"), None))
    if fact is not None:
        for it in [i for i in window.session.items if i.kind == "event" and i.obj.type == "convoy"
                   and i.status == "pending" and not i.flags]:
            window.runner.run("accept", lambda it=it: window.session.accept(it.key))
        window.select(fact.key)
        app.processEvents()
        window.inspector_dock.grab().save(str(args.out / "totals-check.png"))

    # Shift+A asks first, naming how many, and leaves flagged candidates unless ticked.
    other = window.store.find_document(MARKDOWN_KEY)
    window.open_document(other.id)
    window.review.accept_all()
    app.processEvents()
    if window.review.confirm is not None:
        window.review.confirm.grab().save(str(args.out / "accept-all.png"))
        window.review.confirm.reject()
    app.processEvents()
    window.view.grab().save(str(args.out / "markdown.png"))

    window.open_document(doc.id)
    window.select(target.key)
    window.navigation.show_keyboard_help()
    app.processEvents()
    window._help.grab().save(str(args.out / "keyboard-help.png"))
    window._help.close()

    app.setPalette(dark_palette())
    app.processEvents()
    window.grab().save(str(args.out / "main-window-dark.png"))

    app.setPalette(app.style().standardPalette())  # last, as it reviews every demo report
    learning_shots(app, window, args.out)

    for name in sorted(p.name for p in args.out.glob("*.png")):
        print(args.out / name)
    window.close()
    QApplication.processEvents()
    return 0


def wait(app, done, limit_s: float = 600.0) -> None:
    import time

    end = time.monotonic() + limit_s
    while not done() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def learning_shots(app, window, out: Path) -> None:
    """Review every demo report the way a hurried reviewer would (flagged candidates rejected with their reason,
    the rest accepted), train in the dialog, then the Models, Rules and Possibly missed views."""
    for d in window.store.documents():
        window.open_document(d.id)
        for it in [i for i in window.session.items if i.status == "pending" and i.flags]:
            reason = "outside the period" if "outside the period" in it.flags else "not dated"
            window.runner.run("reject", lambda it=it, r=reason: window.session.reject(it.key, r))
        window.runner.run("accept all", lambda: window.session.accept_all())
    window.learning.train()
    dialog = window.learning.dialog
    wait(app, lambda: not dialog.running)
    app.processEvents()
    dialog.grab().save(str(out / "train-dialog.png"))
    dialog.accept()
    window.learning.show_models()
    app.processEvents()
    window.tabs.grab().save(str(out / "models-tab.png"))
    window.learning.show_rules()
    app.processEvents()
    window.tabs.grab().save(str(out / "rules-tab.png"))
    window.tabs.setCurrentIndex(0)
    missed = window.learning.missed
    window.learning.walk_missed(1)
    wait(app, lambda: missed.loaded and not missed.busy)
    app.processEvents()
    window.grab().save(str(out / "possibly-missed.png"))
    window.learning.missed_dock.hide()


if __name__ == "__main__":
    sys.exit(main())
