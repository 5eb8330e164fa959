"""The desktop bundle: the launcher's routing (always), and the full build + smoke run (marked `bundle`, run with
ANNOTATOR_BUNDLE_TEST=1 because it takes minutes: `ANNOTATOR_BUNDLE_TEST=1 pytest -m bundle`)."""
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _launcher():
    spec = importlib.util.spec_from_file_location("launcher", ROOT / "build_scripts" / "launcher.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_launcher_option_is_the_one_the_window_uses():
    from annotator.gui.workers import FROZEN_WORKER_ARG

    assert _launcher().WORKER_ARG == FROZEN_WORKER_ARG


def test_launcher_starts_the_worker_for_the_worker_option(monkeypatch, tmp_path):
    import annotator.gui.import_process as worker

    seen = []
    monkeypatch.setattr(worker, "main", lambda db: seen.append(db) or 0)
    monkeypatch.setattr(sys, "argv", ["annotator", "--annotator-import-worker", str(tmp_path / "x.db")])
    with pytest.raises(SystemExit) as stop:
        _launcher().run()
    assert stop.value.code == 0 and seen == [str(tmp_path / "x.db")]


def test_launcher_runs_the_command_line_otherwise(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["annotator", "--help"])
    with pytest.raises(SystemExit) as stop:
        _launcher().run()
    assert stop.value.code == 0 and "export" in capsys.readouterr().out


@pytest.mark.bundle
@pytest.mark.skipif(os.environ.get("ANNOTATOR_BUNDLE_TEST") != "1",
                    reason="builds the bundle (minutes): set ANNOTATOR_BUNDLE_TEST=1")
def test_bundle_builds_and_passes_its_smoke_run():
    pytest.importorskip("PyInstaller")
    proc = subprocess.run([sys.executable, str(ROOT / "build_scripts" / "bundle.py")], capture_output=True, text=True,
                          timeout=3600, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "FAIL" not in proc.stdout and "bundle size:" in proc.stdout
