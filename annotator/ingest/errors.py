"""The one-line problem report a reader yields instead of raising."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ReadError:
    """Why a file (or one line of a JSONL file) could not be read; the other inputs still go in."""
    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.source}: {self.message}"
        return f"{self.source}:{self.line}: {self.message}"


class UnreadableInput(Exception):
    """Raised inside the readers and turned into a ReadError at the file boundary."""
