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


# Libraries Qt's xcb platform plugin loads at start-up, and the packages that ship them. Without them Qt aborts
# with "Could not load the Qt platform plugin xcb" and no hint of what to install (a fresh Debian machine).
# Only the two a fresh Debian lacks are checked (the others come with any desktop); the advice names them all.
XCB_LIBRARIES = ("xcb-cursor", "xkbcommon-x11")
SYSTEM_PACKAGES = {
    "Debian / Ubuntu": "sudo apt install libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 "
                       "libxcb-shape0 libegl1 libfontconfig1",
    "Fedora": "sudo dnf install xcb-util-cursor libxkbcommon-x11 xcb-util-wm xcb-util-keysyms mesa-libEGL fontconfig",
    "macOS / Windows": "nothing to install (Qt ships what it needs)",
}


def missing_platform_libraries(env: dict[str, str] | None = None, find=None) -> list[str]:
    """On Linux, when Qt would use its xcb plugin, the system libraries it needs that cannot be found."""
    import ctypes.util
    import os

    env = os.environ if env is None else env
    find = find or ctypes.util.find_library
    if not sys.platform.startswith("linux"):
        return []
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return []  # offscreen, wayland, vnc ...: not the xcb plugin
    if not platform and env.get("WAYLAND_DISPLAY"):
        return []
    if find("c") is None:
        return []  # the look-up itself does not work here (no ldconfig cache): let Qt try rather than refuse
    return [lib for lib in XCB_LIBRARIES if find(lib) is None]


def platform_advice(missing: list[str]) -> str:
    lines = [f"annotator: Qt cannot start its window system plugin (xcb): missing {', '.join(missing)}.",
             "Install the system packages for your platform, then start annotator again:"]
    lines += [f"  {name}: {command}" for name, command in SYSTEM_PACKAGES.items()]
    lines.append("(Or run without a display: QT_QPA_PLATFORM=offscreen.)")
    return "\n".join(lines)


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

    missing = missing_platform_libraries()
    if missing:
        print(platform_advice(missing), file=sys.stderr)
        return 2
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
