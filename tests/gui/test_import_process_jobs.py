"""The window's worker process imports with extraction in worker processes of its own while its command
reader waits on stdin (a forked worker once hung closing that stdin), and the rows are whole."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading

from annotator.extract_pool import SMALL
from annotator.ingest.generate import generate_reports
from annotator.store import Store


def test_worker_process_imports_with_two_extraction_jobs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    n = SMALL + 10
    for name, text in generate_reports(n, seed=31):
        (folder / name).write_text(text, encoding="utf-8")
    db = tmp_path / "w.db"
    proc = subprocess.Popen([sys.executable, "-m", "annotator.gui.import_process", str(db)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, start_new_session=True)

    def kill_all() -> None:  # the worker and its extraction workers, which hold its stdout open too
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    guard = threading.Timer(300, kill_all)  # a hang fails the test instead of stopping the suite
    guard.start()
    try:
        assert "ready" in json.loads(proc.stdout.readline())
        proc.stdin.write(json.dumps({"job": 1, "import": [str(folder)], "reviewer": "ana", "jobs": 2}) + "\n")
        proc.stdin.flush()  # stdin stays open: the reader thread is waiting on it while the workers start
        result = None
        for line in proc.stdout:
            msg = json.loads(line)
            if "result" in msg or "error" in msg:
                result = msg
                break
        proc.stdin.close()  # end of stdin: the worker ends
        assert proc.wait() == 0
    finally:
        guard.cancel()
        kill_all()
    assert result is not None and "result" in result, result
    assert len(result["result"]["imported"]) == n and not result["result"]["errors"]
    with Store(db) as store:
        assert store.count_documents() == n
        assert all({"import", "extract"} <= {d["action"] for d in store.decisions(document_id=d.id)}
                   for d in store.documents())
