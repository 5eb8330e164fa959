"""Numbers, dates and lists written the way the reports write them ("six batches", "on June 23 and July 11")."""
from __future__ import annotations

import datetime as dt

_SMALL = ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number(n: int | None) -> str:
    """Words up to ten, digits above, as the reports do ("six joint operations", "250 trucks"); 0 is "none"."""
    if n is None:
        return "no"
    return _SMALL[n] if 0 <= n < len(_SMALL) else str(n)


def plural(n: int, singular: str, many: str | None = None) -> str:
    return f"{number(n)} {singular if n == 1 else (many or singular + 's')}"


def join(items: list[str], conjunction: str = "and") -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def day(iso: str | None, *, with_year: bool = False) -> str:
    if not iso:
        return "undated"
    try:
        d = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    text = f"{d.strftime('%B')} {d.day}"
    return f"{text}, {d.year}" if with_year else text


def days(dates: list[str], *, with_year: bool = False) -> str:
    """"June 23, June 24 and July 11 (two)": repeated dates are counted rather than repeated. with_year names
    the year only on the dates of a year other than the last one ("December 23, 2020, January 4 and January 7")."""
    order: dict[str, int] = {}
    for d in sorted(dates):
        order[d] = order.get(d, 0) + 1
    last_year = max(order)[:4] if order else ""
    return join([day(d, with_year=with_year and d[:4] != last_year) + (f" ({number(n)})" if n > 1 else "")
                 for d, n in order.items()])


def spans_years(start: str, end: str) -> bool:
    return start[:4] != end[:4]
