"""The background worker process: imports and re-extractions for the window, driving annotator.importing.

    python -m annotator.gui.import_process DB

Why a process and not a thread: spaCy's compiled code and the garbage collector hold Python's GIL for
100-400 ms at a time, so a worker *thread* froze the window that long while 1,000 reports imported (measured).
In its own process the extraction cannot touch the window's event loop.

Protocol, one JSON object per line. The window writes on stdin:
    {"job": 3, "import": ["a.txt", "folder/"], "reviewer": "ana", "extract": true, "published": null}
        (optional "jobs": extraction processes; default the free cores, see annotator.extract_pool)
    {"job": 4, "reextract": [12, 13] | null, "reviewer": "ana"}
    {"cancel": 3}
The worker answers on stdout:
    {"ready": "<pipeline version>"}                    once the pipeline is loaded and warm
    {"job": 3, "progress": [done, total|null, "title"]}
    {"job": 3, "result": {...}}  or  {"job": 3, "error": "..."}
Each report is written in its own transaction by the worker's own Store; end of stdin (the window closed or
died) cancels the running job and ends the process.
"""
from __future__ import annotations

import json
import queue
import sys
import threading
import traceback
from dataclasses import asdict, is_dataclass
from typing import Any


def _send(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj, default=str) + "\n")
    sys.stdout.flush()


def _result(value: Any) -> dict[str, Any]:
    if is_dataclass(value):
        out = asdict(value)
        if hasattr(value, "summary"):
            out["summary"] = value.summary()
        return out
    return dict(value) if isinstance(value, dict) else {"value": value}


def main(db: str) -> int:
    import gc
    import os

    if hasattr(os, "nice"):
        os.nice(5)  # background work: on a busy machine the window gets the processor first

    from ..importing import Progress, import_paths, reextract
    from ..nlp.service import PIPELINE_VERSION, get_extractor
    from ..store import Store

    jobs: queue.Queue[dict[str, Any] | None] = queue.Queue()
    cancelled: set[int] = set()
    closing = threading.Event()

    def read_commands() -> None:
        # Read through a file of our own on a copy of the descriptor, not sys.stdin: this thread waits in a
        # read holding its file's lock, and a forked extraction worker (annotator.extract_pool) closes
        # sys.stdin as it starts, which waited for that lock for ever when this thread read sys.stdin (seen).
        with os.fdopen(os.dup(sys.stdin.fileno()), encoding=sys.stdin.encoding or "utf-8") as commands:
            for line in commands:
                try:
                    cmd = json.loads(line)
                except ValueError:
                    continue
                if "cancel" in cmd:
                    cancelled.add(cmd["cancel"])
                else:
                    jobs.put(cmd)
        closing.set()
        jobs.put(None)

    threading.Thread(target=read_commands, daemon=True).start()
    get_extractor().extract("On August 24 a convoy of 30 trucks entered Syria via Al-Waleed crossing.")
    gc.freeze()  # the pipeline's objects are permanent: keep the collector from walking them again and again
    _send({"ready": PIPELINE_VERSION})
    with Store(db) as store:
        while True:
            cmd = jobs.get()
            if cmd is None:
                return 0
            job = cmd["job"]

            def cancel(job: int = job) -> bool:
                return closing.is_set() or job in cancelled

            try:
                if "import" in cmd:
                    work = import_paths(store, cmd["import"], reviewer=cmd["reviewer"],
                                        published=cmd.get("published"), extract=cmd.get("extract", True),
                                        cancel=cancel, jobs=cmd.get("jobs"))
                else:
                    work = reextract(store, cmd.get("reextract"), reviewer=cmd["reviewer"], cancel=cancel)
                result = None
                for item in work:
                    if isinstance(item, Progress):
                        _send({"job": job, "progress": [item.done, item.total, item.message]})
                    else:
                        result = item
                _send({"job": job, "result": _result(result)})
            except Exception as exc:  # reported to the window; the reports written so far stay written
                _send({"job": job, "error": f"{exc}\n\n{traceback.format_exc(limit=6)}"})


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
