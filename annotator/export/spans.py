"""Where an event sits in the text for span-based formats: its trigger argument when it has one, else its evidence."""
from __future__ import annotations

from ..domain import Argument, Event


def trigger_span(ev: Event) -> tuple[int, int]:
    trig = next((a for a in ev.arguments if a.role == "trigger"), None)
    return (trig.start, trig.end) if trig else (ev.start, ev.end)


def role_arguments(ev: Event) -> list[Argument]:
    """Argument spans other than the trigger, in text order."""
    return sorted((a for a in ev.arguments if a.role != "trigger"), key=lambda a: (a.start, a.end, a.role))
