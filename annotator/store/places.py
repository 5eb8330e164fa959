"""The per-database user gazetteer: places reviewers added (a village the bundled gazetteer lacks)."""
from __future__ import annotations

from dataclasses import dataclass

from .rows import now
from .store import Store


@dataclass(frozen=True)
class UserPlace:
    name: str
    kind: str
    admin1: str | None
    lat: float
    lon: float
    aliases: tuple[str, ...] = ()


def user_places(store: Store) -> list[UserPlace]:
    rows = store.db.execute("SELECT name, kind, admin1, lat, lon FROM user_places ORDER BY name").fetchall()
    return [UserPlace(*r) for r in rows]


def add_user_place(store: Store, place: UserPlace, *, reviewer: str) -> UserPlace:
    """Add or correct a place; one transaction with its decision-log row."""
    if not place.name.strip():
        raise ValueError("a place needs a name")
    if not (-90 <= place.lat <= 90 and -180 <= place.lon <= 180):
        raise ValueError(f"{place.lat}, {place.lon} are not coordinates (latitude first)")
    with store.transaction():
        old = store.db.execute("SELECT name, kind, admin1, lat, lon FROM user_places WHERE name = ?",
                               [place.name]).fetchone()
        store.db.execute(
            "INSERT INTO user_places (name, kind, admin1, lat, lon, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, admin1 = excluded.admin1, lat = excluded.lat, "
            "lon = excluded.lon", [place.name, place.kind, place.admin1, place.lat, place.lon, reviewer, now()])
        after = {"name": place.name, "kind": place.kind, "admin1": place.admin1, "lat": place.lat, "lon": place.lon}
        before = dict(zip(("name", "kind", "admin1", "lat", "lon"), old)) if old else None
        store._log(reviewer, "place", None, None, "edit" if old else "add", before, after)
    return place
