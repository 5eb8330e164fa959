"""Review operations without Qt: accept, reject, edit, spans, add, accept-all, undo and redo from the decision log.

Each operation is one Store transaction (its decision-log rows and a review step) and returns an OpChanges
naming what it changed; the window broadcasts that record on its change bus (annotator.gui.operations).
"""
from .changes import Key, OpChanges, from_decisions
from .operations import NothingToDo, ReviewOps
from .session import Item, ReviewSession

__all__ = ["Key", "OpChanges", "from_decisions", "NothingToDo", "ReviewOps", "Item", "ReviewSession"]
