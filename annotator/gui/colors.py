"""Highlight colours: the event-type colour with an alpha chosen per status, so they read on light and dark bases."""
from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from ..domain import EVENT_TYPES

FACT_COLOUR = "#17becf"  # stated totals are not events; a colour no event type uses
PENDING_ALPHA = 70
ACCEPTED_ALPHA = 150


def type_colour(event_type: str) -> QColor:
    return QColor(EVENT_TYPES[event_type][3] if event_type in EVENT_TYPES else "#999999")


def with_alpha(colour: QColor, alpha: int) -> QColor:
    c = QColor(colour)
    c.setAlpha(alpha)
    return c


def blended(colour: QColor, alpha: int, palette: QPalette) -> QColor:
    """The colour a translucent highlight shows over the text background (for rich-text legends)."""
    base = palette.color(QPalette.ColorRole.Base)
    a = alpha / 255
    return QColor(round(colour.red() * a + base.red() * (1 - a)),
                  round(colour.green() * a + base.green() * (1 - a)),
                  round(colour.blue() * a + base.blue() * (1 - a)))


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def argument_colour(colour: QColor, palette: QPalette) -> QColor:
    """Underlines a little darker than the fill on light themes, lighter on dark ones."""
    return colour.lighter(150) if is_dark(palette) else colour.darker(160)
