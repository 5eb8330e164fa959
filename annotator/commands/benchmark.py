"""`annotator benchmark`: speed figures measured in one run, on this machine, with goals beside them."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import click

GOALS = {
    "import_no_extract_s": ("<=", 10.0),
    "import_with_extract_s": ("<=", 30.0),
    "import_parallel_extract_docs_per_s": (">=", 50.0),
    "extract_ratio_to_tokeniser": (">=", 0.35),
    "model_added_extract_ratio": ("<=", 0.5),
    "gui_open_report_ms_median": ("<=", 50.0),
    "gui_accept_commit_ms_median": ("<=", 10.0),
    "gui_launch_s": ("<=", 1.5),
    "gui_event_loop_latency_ms_max": ("<=", 100.0),
    "gui_external_change_shown_ms_max": ("<=", 1000.0),
}


def _write_reports(folder: Path, n: int) -> int:
    from ..ingest.generate import generate_reports

    size = 0
    for name, text in generate_reports(n):
        (folder / name).write_text(text, encoding="utf-8")
        size += len(text.encode("utf-8"))
    return size


def _timed_import(folder: Path, db: Path, *, extract: bool, jobs: int = 1) -> dict[str, Any]:
    """One import's wall time and CPU time (this process and its extraction workers, which have ended)."""
    from ..importing import ImportReport, import_paths
    from ..store import Store

    if extract:  # load the pipeline first: its start-up is not import throughput
        from ..nlp.service import get_extractor

        get_extractor().extract("A convoy of 20 trucks entered Syria on May 3.")
    store = Store(db)
    t0, c0 = time.perf_counter(), os.times()
    report = ImportReport()
    for item in import_paths(store, [folder], reviewer="benchmark", extract=extract, jobs=jobs):
        if isinstance(item, ImportReport):
            report = item
    seconds, c1 = time.perf_counter() - t0, os.times()
    store.close()
    return {"seconds": seconds, "documents": len(report.imported), "failed": len(report.errors),
            "events": report.events, "mb": report.bytes / 1e6,
            "cpu_s": c1.user - c0.user + c1.system - c0.system,
            "workers_cpu_s": c1.children_user - c0.children_user + c1.children_system - c0.children_system}


def _real_reports() -> tuple[str, list[str], list[dict[str, Any]]]:
    """The development corpus when ../shared is present, else the demo reports; with their periods, as import
    gives them, so that the pipeline does the work it does on import (dates resolve, events get built)."""
    from ..ingest import ReadError, read_paths
    from ..paths import resources_dir, shared_dir

    shared = shared_dir()
    which, folder = ("corpus", shared / "corpus" / "reports") if shared else ("demo", resources_dir() / "demo" / "reports")
    docs = [d for d in read_paths([folder]) if not isinstance(d, ReadError)]
    return which, [d.text for d in docs], [{"published": d.published, "period": d.period} for d in docs]


@click.command("benchmark")
@click.option("--reports", "n", default=1000, show_default=True, help="How many generated reports to import.")
@click.option("--extract/--no-extract", default=True, show_default=True,
              help="Also import with extraction and measure extraction speed.")
@click.option("--gui", is_flag=True, help="Also measure the review window (offscreen).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Extraction processes for the second, parallel import with extraction (default: every core, "
                   "busy or not; 1 skips it). The first import always extracts in one process.")
@click.option("--scale", "scale", default=None, metavar="N[,M,...]",
              help="Instead: fill one database to each number of generated reports in turn and measure what grows "
                   "with it (open, accept, list, search, summaries, exports, launch), with growth factors.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="With --scale: the database to fill (topped up, kept) instead of a temporary one.")
@click.option("--formats", default=",".join(("jsonl", "acled-csv", "geojson", "conll", "brat", "spacy")),
              show_default=True, help="With --scale: the export formats to measure (comma-separated; '' for none).")
@click.option("--no-launch", is_flag=True, help="With --scale: skip the window launch figure.")
@click.option("--no-team", is_flag=True, help="With --scale: skip team review (merge of two reviewers' copies, "
                                             "merge again, agreement).")
@click.option("--export-jobs", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
              help="With --scale: processes for each export (export --jobs). One by default, so that every size "
                   "is measured alike whatever the load (the default of export, the free cores, changed with it).")
def benchmark(n: int, extract: bool, gui: bool, as_json: bool, jobs: int | None, scale: str | None,
              db_path: Path | None, formats: str, no_launch: bool, export_jobs: int, no_team: bool) -> None:
    """Measure import, extraction and (with --gui) review-window speed in one run, against the goals.

    Generates N reports from the project's own templates, imports them into a new database without and with
    extraction (in one process, then in --jobs processes, each with its CPU seconds: on a shared machine the
    wall time depends on the others' load, the CPU time much less), times extraction against spaCy's bare
    tokeniser on the same texts (the development corpus in ../shared when present, else the demo reports;
    generated reports beside them), and prints each figure with its goal.
    """
    if scale is not None:
        _scale(scale, db_path, formats, not no_launch, as_json, export_jobs, team=not no_team)
        return
    from ..extract_pool import available_cores

    jobs = available_cores() if jobs is None else jobs
    figures: dict[str, Any] = {}
    if hasattr(os, "getloadavg"):  # how busy the machine was before this run (others' work slows every figure)
        figures["load_average_at_start"] = round(os.getloadavg()[0], 2)
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        size = _write_reports(folder, n)
        click.echo(f"generated {n} reports, {size / 1e6:.1f} MB", err=True)
        plain = _timed_import(folder, Path(tmp) / "plain.db", extract=False)
        figures.update(import_no_extract_s=plain["seconds"], import_no_extract_docs_per_s=plain["documents"]
                       / plain["seconds"], import_no_extract_mb_per_s=plain["mb"] / plain["seconds"],
                       import_documents=plain["documents"], import_failed=plain["failed"])
        if extract:
            from ..nlp.bench import measure

            full = _timed_import(folder, Path(tmp) / "full.db", extract=True)
            figures.update(import_with_extract_s=full["seconds"],
                           import_with_extract_docs_per_s=full["documents"] / full["seconds"],
                           import_with_extract_cpu_s=full["cpu_s"], import_with_extract_events=full["events"])
            if jobs > 1:  # the same import with extraction in worker processes
                par = _timed_import(folder, Path(tmp) / "parallel.db", extract=True, jobs=jobs)
                figures.update(import_parallel_jobs=jobs,
                               import_parallel_extract_s=par["seconds"],
                               import_parallel_extract_docs_per_s=par["documents"] / par["seconds"],
                               import_parallel_cpu_s=par["cpu_s"] + par["workers_cpu_s"],
                               import_parallel_workers_cpu_s=par["workers_cpu_s"],
                               import_parallel_extract_events=par["events"])
            # The goal ratio is measured on real reports (the development corpus, else the demo reports): the
            # tokeniser runs template-generated text from its cache many times faster than any real report, so
            # the generated texts' ratio is printed beside it, not instead of it.
            which, texts, metas = _real_reports()
            m = measure(texts, metas=metas)
            figures.update(extract_texts=which, extract_words=m["words"], extract_words_per_s=m["words_per_s"],
                           tokenise_words_per_s=m["words"] / m["tokenise_seconds"],
                           extract_ratio_to_tokeniser=m["ratio"])
            from ..ingest import read_text_document
            from ..ingest.generate import generate_reports

            generated = [d for _, t in generate_reports(20, seed=7)
                         for d in [read_text_document(t, source="generated", key="g")]]
            g = measure([d.text for d in generated],
                        metas=[{"published": d.published, "period": d.period} for d in generated])
            figures.update(generated_extract_words_per_s=g["words_per_s"],
                           generated_tokenise_words_per_s=g["words"] / g["tokenise_seconds"],
                           generated_extract_ratio_to_tokeniser=g["ratio"])
            from ..train.bench import model_overhead, quick_model  # a model trained on 40 accepted reports

            figures["model_added_extract_ratio"] = model_overhead(texts, metas, quick_model(Path(tmp) / "full.db"))[
                "model_added_ratio"]
        if gui:
            # In a fresh process, as a reviewer gets the window: this one now holds the pipelines and the heaps
            # of the imports above, whose garbage collections would be charged to the window.
            code = "import json; from annotator.gui.bench import measure_gui; print(json.dumps(measure_gui()))"
            done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                  env={**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM",
                                                                                         "offscreen")})
            if done.returncode != 0:
                raise click.ClickException(f"GUI benchmark failed: {done.stderr.strip()[-2000:]}")
            for k, v in json.loads(done.stdout.strip().splitlines()[-1]).items():
                figures[f"gui_{k}"] = v
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    for key, value in figures.items():
        goal = GOALS.get(key)
        shown = f"{value:,.3f}" if isinstance(value, float) else str(value)
        verdict = ""
        if goal and isinstance(value, (int, float)):
            ok = value <= goal[1] if goal[0] == "<=" else value >= goal[1]
            verdict = f"   goal {goal[0]} {goal[1]}: {'met' if ok else 'NOT MET'}"
        click.echo(f"{key:40} {shown:>14}{verdict}")


def _scale(spec: str, db_path: Path | None, formats: str, launch: bool, as_json: bool, export_jobs: int = 1,
           team: bool = True) -> None:
    from ..bench_fill import fill
    from ..bench_scale import EXPORT_FORMATS, measure_size, table

    try:
        sizes = sorted({int(x.replace("_", "")) for x in spec.split(",") if x.strip()})
    except ValueError:
        raise click.BadParameter(f"{spec!r}: give numbers of reports, e.g. 1000,10000", param_hint="--scale")
    if not sizes or sizes[0] < 1:
        raise click.BadParameter(f"{spec!r}: give numbers of reports, e.g. 1000,10000", param_hint="--scale")
    chosen = tuple(f.strip() for f in formats.split(",") if f.strip())
    unknown = [f for f in chosen if f not in EXPORT_FORMATS]
    if unknown:
        raise click.BadParameter(f"unknown format {unknown[0]!r}; choose from {', '.join(EXPORT_FORMATS)}",
                                 param_hint="--formats")
    results: dict[int, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="annotator-scale-") as tmp:
        db = db_path or Path(tmp) / "scale.db"
        for n in sizes:
            t0 = time.perf_counter()
            counts = fill(db, n)
            click.echo(f"{db}: {counts['documents']:,} reports, {counts['events']:,} events "
                       f"(filled in {time.perf_counter() - t0:.0f} s)", err=True)
            results[n] = measure_size(db, Path(tmp), formats=chosen, launch=launch, export_jobs=export_jobs,
                                      log=lambda s: click.echo(s, err=True), team=team)
    if as_json:
        click.echo(json.dumps({str(k): v for k, v in results.items()}, indent=2))
        return
    for line in table(results):
        click.echo(line)
