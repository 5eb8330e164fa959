"""The malformed-input sweep of issue 9, as a script (not a test): every generated case through the CLI.

    nice .venv/bin/python tests/ingest/sweep_inputs.py [--kill 30] [--only PREFIX] [--json out.json]

Each case runs in a forked child (the pipeline is loaded once, before forking) so that a hang can be killed.
A case is bad when it raises (traceback), hangs (killed) or is slow (over 5 s + 3 s per MB of input), when one
bad file stops the good one beside it (aborted), when a file is stored with the wrong text (misdecoded) or
without its extraction (partial), or when a refused file is not named in a message (unnamed).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from fuzz_inputs import ANY, REFUSE, all_cases, classify, materialize  # noqa: E402


def run_child(case, folder, argv, db, out: Path) -> None:
    from click.testing import CliRunner

    from annotator.cli import main

    args = [case.command, *argv] + (["--db", str(db)] if case.command == "import" else [])
    try:
        result = CliRunner().invoke(main, args, catch_exceptions=True)
        exc = None
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            exc = "".join(traceback.format_exception(result.exception))[-1500:]
        data = {"exit": result.exit_code, "stdout": result.stdout[-200_000:], "stderr": result.stderr[-50_000:],
                "exception": exc}
    except BaseException as e:  # noqa: BLE001 - the sweep records everything
        data = {"exit": None, "stdout": "", "stderr": "", "exception": repr(e)}
    out.write_text(json.dumps(data))


def run_case(case, root: Path, kill: float) -> dict:
    folder, argv = materialize(case, root)
    db, out = root / f"{case.name}.db", root / f"{case.name}.out.json"
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            sys.stdout = sys.stderr = open(os.devnull, "w")
            run_child(case, folder, argv, db, out)
        finally:
            os._exit(0)
    killed = False
    while True:
        done, _status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() - started > kill:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            killed = True
            break
        time.sleep(0.02)
    elapsed = time.monotonic() - started
    if killed:
        return {"name": case.name, "category": case.category, "problems": ["hang"], "seconds": round(elapsed, 1)}
    data = json.loads(out.read_text()) if out.exists() else {"exit": None, "stdout": "", "stderr": "",
                                                             "exception": "child died"}
    problems = classify(case, folder, db, data["exit"], data["stdout"], data["stderr"], data["exception"])
    bound = 5 + 3 * case.size / 1e6
    if elapsed > bound:
        problems.append("slow")
    errors = [ln for ln in data["stderr"].splitlines() if ln.startswith("error:")]
    refused = [rel for rel, want in case.expect.items() if want not in (ANY, REFUSE)
               and any((folder / rel).name in ln for ln in errors)]
    return {"name": case.name, "category": case.category, "problems": problems, "seconds": round(elapsed, 2),
            "refused": refused, "exit": data["exit"], "stderr": data["stderr"][-600:],
            "exception": (data["exception"] or "")[-600:]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kill", type=float, default=30.0, help="seconds before a case counts as a hang")
    parser.add_argument("--only", default="", help="run only the cases whose name starts with this")
    parser.add_argument("--json", type=Path, default=None, help="write every outcome here")
    opts = parser.parse_args()

    from annotator.nlp.service import get_extractor

    get_extractor().nlp  # noqa: B018 - built once, inherited by every forked child
    cases = [c for c in all_cases() if c.name.startswith(opts.only)]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            r = run_case(case, Path(tmp), opts.kill)
            results.append(r)
            if r["problems"]:
                print(f"BAD {r['name']}: {','.join(r['problems'])} ({r['seconds']} s) {r.get('exception', '')[-200:]!r}"
                      f" {r.get('stderr', '')[-200:]!r}", flush=True)
            shutil.rmtree(Path(tmp, case.name), ignore_errors=True)
            Path(tmp, f"{case.name}.db").unlink(missing_ok=True)
    bad = [r for r in results if r["problems"]]
    kinds = Counter(p for r in bad for p in set(r["problems"]))
    refused = sum(len(r.get("refused", [])) for r in results)
    print(f"{len(results)} cases, {len(bad)} with a bad outcome: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    print(f"by category: " + ", ".join(f"{k} {v}" for k, v in Counter(r["category"] for r in bad).most_common()))
    print(f"refused with a message though the expected text was known (not counted as bad): {refused}")
    if opts.json:
        opts.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
