"""Kill the window with SIGKILL in the middle of a review: the database is intact and holds every decision the
window had reported as saved."""
from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from annotator.domain import REJECT_REASONS
from annotator.store import Store
from gui_synthetic import build_synthetic_db

pytestmark = [pytest.mark.gui, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]
CHILD = Path(__file__).with_name("gui_review_child.py")
ROOT = Path(__file__).resolve().parents[2]


def test_sigkill_mid_review_loses_nothing_reported_saved(tmp_path):
    db = tmp_path / "crash.db"
    build_synthetic_db(db, documents=6, events=20)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, str(CHILD), str(db), str(tmp_path / "child.ini")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(ln.strip()) for ln in child.stdout], daemon=True)
    reader.start()
    seen: list[str] = []
    deadline = time.monotonic() + 60
    try:
        # Kill at a moment that depends on the machine's speed: after at least 40 decisions were reported.
        while len(seen) < 40 and time.monotonic() < deadline and child.poll() is None:
            try:
                seen.append(lines.get(timeout=1))
            except queue.Empty:
                continue
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        reader.join(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    err = child.stderr.read()
    while not lines.empty():
        seen.append(lines.get())
    assert child.returncode == -signal.SIGKILL
    decisions = [ln.split(" ", 3) for ln in seen if ln and ln != "done"]
    assert len(decisions) >= 40, f"child reported too little before the kill: {seen[-3:]} {err[-2000:]}"

    with Store(db) as store:
        assert store.integrity_check() == "ok"
        for action, kind, object_id, *reason in decisions:
            obj = store.event(int(object_id)) if kind == "event" else store.fact(int(object_id))
            assert obj.status == {"accept": "accepted", "reject": "rejected"}[action], (action, kind, object_id)
            assert obj.reviewer == "child"
            if action == "reject":
                assert obj.reject_reason == REJECT_REASONS[2] == reason[0]
        logged = {(d["action"], d["object_type"], d["object_id"])
                  for d in store.decisions() if d["reviewer"] == "child"}
        assert {(a, k, int(i)) for a, k, i, *_ in decisions} <= logged
