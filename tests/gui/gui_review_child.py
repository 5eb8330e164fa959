"""Child process for the crash test: reviews with keystrokes as fast as it can and prints every committed decision.

    python gui_review_child.py DB SETTINGS_INI

Each line "accept event 12" / "reject event 13 <reason>" is printed after the Store committed it (the window's
`committed` signal), so every printed decision must survive a SIGKILL at any later moment.
"""
from __future__ import annotations

import os
import sys

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.gui.main_window import MainWindow  # noqa: E402


def main(db: str, ini: str) -> None:
    app = QApplication([])
    window = MainWindow(db, reviewer="child", settings=QSettings(ini, QSettings.Format.IniFormat),
                        warm_pipeline=False)

    def report(action: str, kind: str, object_id: int) -> None:
        item = window.session.item((kind, object_id))
        reason = item.obj.reject_reason if item is not None and item.obj.reject_reason else ""
        print(f"{action} {kind} {object_id} {reason}".rstrip(), flush=True)

    window.committed.connect(report)
    window.show()
    window.activateWindow()
    window.view.setFocus()
    state = {"n": 0}

    def key(k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(app.activePopupWidget() or app.focusWidget() or window, k, modifier)

    def step() -> None:
        state["n"] += 1
        if window.session.next_key(None, 1, pending_only=True) is None:
            if window.documents.neighbour(window.document_id, 1) is None:
                print("done", flush=True)
                app.quit()
                return
            key(Qt.Key.Key_J, Qt.KeyboardModifier.ShiftModifier)  # next report
        elif window.current_item is None or window.current_item.status != "pending":
            key(Qt.Key.Key_Space)  # next pending
        elif state["n"] % 3 == 0:
            key(Qt.Key.Key_R)
            key(Qt.Key.Key_3)
        else:
            key(Qt.Key.Key_A)
        QTimer.singleShot(0, step)

    QTimer.singleShot(0, step)
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
