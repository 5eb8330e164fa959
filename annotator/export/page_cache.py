"""Letting the kernel drop an export's written pages behind it, so that a large export's page-cache footprint stays
about 2 x LAG whatever the file's size.

Why: an export of everything at 100,000 reports writes ~12.7 GB of JSONL. Written plainly, every page of it stays
cached until memory runs short, so the kernel keeps handing the writer pages it has not touched for a long time
(on this VM, guest memory the host has to fault in again), and the copy into them costs ever more: the JSONL export
of 100,000 reports took 28.7 s of system time (of 118 s CPU) against 0.7 s for 10,000 reports' 1.3 GB, and
`dd bs=1M` took 24.9 s of system time for 13 GB against 0.28 s for 1.3 GB. Dropping the pages once they are
LAG behind the end, the same 13 GB took 4.7 s (lag 16 MB: 5.4 s, 256 MB: 5.3 s), since the written pages are
freed and the next ones reuse them. It also stops a large export from pushing the database out of the cache.
For a 1.3 GB file it costs ~0.2 s more (0.54 against 0.34 s), so nothing is dropped before 2 x LAG is written:
a month's export never calls it.

How: POSIX_FADV_DONTNEED starts writeback of the range's dirty pages and drops its clean ones; the pages still
dirty or under writeback at one call are dropped by the next, whose range starts where the previous one ended.
The data is never at risk: the kernel never drops a dirty page, and nothing is synced (no wait for the disk).
"""
from __future__ import annotations

import os

LAG = 64 << 20  # bytes kept behind the end of the file

_fadvise = getattr(os, "posix_fadvise", None)  # not on Windows or macOS: nothing is dropped there
_DONTNEED = getattr(os, "POSIX_FADV_DONTNEED", 4)


class DropBehind:
    """Call `wrote()` after writing to the file `fd` (a descriptor, or a file object with fileno()); the
    position is read from the descriptor, so buffered bytes not yet flushed count once flushed."""
    __slots__ = ("fd", "lag", "done", "previous")

    def __init__(self, fd, lag: int | None = None) -> None:
        if not isinstance(fd, int):
            try:
                fd = fd.fileno()
            except (AttributeError, OSError, ValueError):  # not a file (io.BytesIO): nothing to drop
                fd = None
        self.fd: int | None = fd if _fadvise is not None else None
        self.lag = LAG if lag is None else lag  # read at each export, so that a test can make it small
        self.done = 0  # the end of the last range advised
        self.previous = 0  # where the last range started: its dirty pages are dropped with the next range

    def wrote(self) -> None:
        fd = self.fd
        if fd is None:
            return
        try:
            end = os.lseek(fd, 0, os.SEEK_CUR) - self.lag
            if end - self.done < self.lag:
                return
            _fadvise(fd, self.previous, end - self.previous, _DONTNEED)
        except OSError:  # a pipe, a terminal, a file system that refuses: written as it would be without
            self.fd = None
            return
        self.previous, self.done = self.done, end
