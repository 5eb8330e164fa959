from PySide6.QtWidgets import QApplication, QLabel
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
def test_dbg(synthetic_db, make_window, qtbot):
    w = make_window(synthetic_db)
    qtbot.keyClick(QApplication.focusWidget(), "e")
    print("focus", QApplication.focusWidget())
    for lab in w.inspector.event_form.findChildren(QLabel):
        if lab.buddy(): print(lab.text(), lab.buddy(), lab.isVisible())
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    print("focus", QApplication.focusWidget())
    qtbot.keyClick(w, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    print("focus", QApplication.focusWidget())
    print(QKeySequence.mnemonic("&Killed").toString())
