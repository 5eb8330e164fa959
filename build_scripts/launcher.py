"""Entry point of the desktop bundle (PyInstaller runs this file as the app's main script).

The window starts its background import worker as `<the app> --annotator-import-worker DB` when frozen
(annotator/gui/workers.py: a frozen app has no `python -m`). The command line does not know that option, so it is
handled here, before click parses anything.
"""
import sys

WORKER_ARG = "--annotator-import-worker"  # the same string as annotator.gui.workers.FROZEN_WORKER_ARG


def run() -> None:
    if len(sys.argv) >= 3 and sys.argv[1] == WORKER_ARG:
        from annotator.gui.import_process import main as worker_main

        sys.exit(worker_main(sys.argv[2]))
    from annotator.cli import main

    main(prog_name="annotator")


if __name__ == "__main__":
    run()
