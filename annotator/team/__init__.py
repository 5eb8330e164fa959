"""Team review without a server: several reviewers' databases merged into one, agreement figures between them,
and what counts downstream (the curated decision, else the agreed one, else pending). Qt-free."""
from .curation import Counted, counted_decisions, disagreements
from .merge import MergeError, MergeReport, merge_databases

__all__ = ["Counted", "counted_decisions", "disagreements", "MergeError", "MergeReport", "merge_databases"]
