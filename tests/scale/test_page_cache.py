"""Exports drop their written pages from the page cache behind them (export/page_cache.py): the ranges advised
cover the file up to LAG from its end, the bytes written are unchanged, and on a file system that can drop pages
they leave the cache."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from annotator.export import page_cache
from annotator.export.page_cache import DropBehind

from .conftest import serial_and_parallel

KB = 1 << 10


def resident_bytes(path) -> int:
    """The file's bytes in the page cache, by util-linux's fincore (mincore(2))."""
    out = subprocess.run(["fincore", "--bytes", "--noheadings", "--raw", "--output", "RES", str(path)],
                         capture_output=True, text=True, check=True).stdout
    return int(out.split()[0])


@pytest.fixture
def advised(monkeypatch) -> list[tuple[int, int]]:
    """Every range posix_fadvise(DONTNEED) is asked for, passed on to the real call."""
    calls: list[tuple[int, int]] = []
    real = page_cache._fadvise
    if real is None:
        pytest.skip("no posix_fadvise on this system: nothing is dropped")

    def spy(fd, offset, length, advice):
        assert advice == os.POSIX_FADV_DONTNEED
        calls.append((offset, offset + length))
        return real(fd, offset, length, advice)

    monkeypatch.setattr(page_cache, "_fadvise", spy)
    return calls


def covered(ranges: list[tuple[int, int]]) -> int:
    """The end of [0, end) the ranges cover without a gap (each range starts at or before the last one's end)."""
    end = 0
    for start, stop in ranges:
        assert start <= end, f"a gap before {start}"
        end = max(end, stop)
    return end


def test_ranges_cover_the_file_up_to_the_lag_and_each_twice(tmp_path, advised):
    lag = 64 * KB
    with open(tmp_path / "out.bin", "wb", buffering=0) as fh:
        behind = DropBehind(fh, lag=lag)
        for _ in range(100):
            fh.write(b"x" * (10 * KB))
            behind.wrote()
    size = 100 * 10 * KB
    assert size - 2 * lag - 10 * KB <= covered(advised) <= size - lag
    # Each range starts where the one before it started its new part: what was dirty then is advised again.
    for (start, _), (_, before_end) in zip(advised[2:], advised[:-2]):
        assert start == before_end


def test_nothing_is_advised_before_twice_the_lag_is_written(tmp_path, advised):
    with open(tmp_path / "out.bin", "wb", buffering=0) as fh:
        behind = DropBehind(fh, lag=1 << 20)
        for _ in range(10):
            fh.write(b"x" * (100 * KB))
            behind.wrote()
    assert advised == []


def test_written_pages_leave_the_cache(tmp_path):
    """Synced before each call, so that every page advised is clean and can be dropped whatever the disk's speed;
    the same file written without DropBehind stays cached (else this file system keeps its pages: tmpfs)."""
    if shutil.which("fincore") is None:
        pytest.skip("util-linux's fincore is not installed")
    lag, chunk, n = 256 * KB, 64 * KB, 64  # 4 MB

    def write(path, drop: bool) -> int:
        with open(path, "wb", buffering=0) as fh:
            behind = DropBehind(fh, lag=lag)
            for _ in range(n):
                fh.write(os.urandom(chunk))
                os.fsync(fh.fileno())
                if drop:
                    behind.wrote()
        return resident_bytes(path)

    kept = write(tmp_path / "plain.bin", drop=False)
    if kept < n * chunk:
        pytest.skip(f"this file system does not keep a written file's pages ({kept} of {n * chunk} bytes)")
    after = write(tmp_path / "dropped.bin", drop=True)
    assert after <= 2 * lag + chunk, after
    assert (tmp_path / "dropped.bin").stat().st_size == n * chunk


def test_a_pipe_or_a_memory_file_is_written_as_before():
    import io

    buf = io.BytesIO()
    DropBehind(buf).wrote()  # no descriptor: nothing to do
    read, write = os.pipe()
    try:
        behind = DropBehind(write, lag=1)
        os.write(write, b"x" * 100)
        behind.wrote()  # lseek on a pipe fails: dropping is turned off, nothing raised
        assert behind.fd is None
        assert os.read(read, 200) == b"x" * 100
    finally:
        os.close(read)
        os.close(write)


@pytest.mark.parametrize("fmt", ["jsonl", "conll", "acled-csv", "geojson"])
def test_exports_drop_behind_and_write_the_same_bytes(scale_db, tmp_path, monkeypatch, advised, small_blocks,
                                                     fmt):
    """The serial writers and the parallel one (small_blocks: 9 blocks, 2 workers) advise the file's ranges as
    they write, and write the bytes they write with nothing dropped."""
    from annotator.export import jsonl

    monkeypatch.setattr(jsonl, "export_time", lambda: "2026-01-02T03:04:05+00:00")
    monkeypatch.setattr(page_cache, "LAG", 1 << 40)  # never reached: nothing dropped
    kept_serial, kept_parallel, _ = serial_and_parallel(scale_db, fmt, tmp_path / "kept", "all")
    assert advised == []
    monkeypatch.setattr(page_cache, "LAG", 4 * KB)
    serial, par, _ = serial_and_parallel(scale_db, fmt, tmp_path / "dropped", "all")
    assert advised, "no range advised"
    size = (tmp_path / "dropped" / "serial").stat().st_size
    assert size > 8 * 4 * KB  # 60 reports: many lags
    for name in ("serial", "parallel"):
        assert (tmp_path / "dropped" / name).read_bytes() == (tmp_path / "kept" / "serial").read_bytes()
    assert (serial.documents, serial.events, par.events) == (kept_serial.documents, kept_serial.events,
                                                             kept_parallel.events)
