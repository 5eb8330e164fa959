"""Starting the review window: the QApplication, its settings, an excepthook that shows a dialog."""
from __future__ import annotations

import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from . import __version__

ORGANISATION = "annotator"
APPLICATION = "annotator"


def create_app(argv: list[str] | None = None) -> QApplication:
    """The one QApplication (reused when it exists, as under pytest-qt)."""
    from .gui.qtfix import guard_singletons

    guard_singletons()
    app = QApplication.instance()
    if app is None:
        QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("annotator")
    return app


def settings() -> QSettings:
    """Reviewer name, recent databases, window layout (per user, in the platform's usual place)."""
    return QSettings(ORGANISATION, APPLICATION)


def install_excepthook() -> None:
    """An unexpected error shows a dialog instead of killing the window; decisions already saved stay saved."""
    previous = sys.excepthook

    def hook(exc_type, exc, tb):
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        print(text, file=sys.stderr)
        app = QApplication.instance()
        if app is None or exc_type is KeyboardInterrupt:
            previous(exc_type, exc, tb)
            return
        box = QMessageBox(QMessageBox.Icon.Critical, "Unexpected error",
                          f"{exc_type.__name__}: {exc}\n\nEverything shown as saved is in the database. "
                          "Please report this with the details below.")
        box.setDetailedText(text)
        box.exec()

    sys.excepthook = hook


def run(db_path: str | Path | None = None, *, reviewer: str | None = None) -> int:
    """Open the review window on a database (default: the user's) and run until it is closed."""
    from .gui.main_window import MainWindow
    from .paths import default_db_path
    from .store import StoreError

    app = create_app()
    install_excepthook()
    path = Path(db_path) if db_path else default_db_path()
    try:
        window = MainWindow(path, reviewer=reviewer, settings=settings())
    except StoreError as exc:
        QMessageBox.critical(None, "Cannot open database", str(exc))
        return 1
    window.show()
    # Ctrl+C in the terminal still ends the program: give the interpreter a chance to run signal handlers.
    timer = QTimer()
    timer.start(250)
    timer.timeout.connect(lambda: None)
    return app.exec()
