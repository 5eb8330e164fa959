"""Where an exported event is, and in which country: the gazetteer's facts, checked against country outlines.

Exports (ACLED CSV, GeoJSON) write a point only with a country that contains it:
- the country is the gazetteer's country of the resolved place (resources/gazetteer.jsonl), else the country
  whose outline holds the point, else the report's country (Syria for the bundled series);
- a convoy that enters or leaves the country "from/to the Kurdistan Region of Iraq" has its place abroad: that
  place is where the convoy came from, not where the event happened. The export then uses the crossing or the
  destination in the report's country that the evidence names (a gazetteer place, crossings first); when the
  evidence names none, the row keeps the report's country and leaves location and coordinates empty (said in
  `ExportResult.skipped`), rather than coding a point in Iraq as Syria;
- any other event placed abroad (a strike in Iraq) is coded with that country;
- a last guard drops coordinates that fall outside the row's country's outline. countryinfo's outlines are
  coarse (27 vertices for Syria), so a point within OUTLINE_TOLERANCE degrees of the border counts as inside.
  Measured on the 317 gazetteer places: at 0 degrees 27 lie outside their own country, at 0.1 two, at 0.2 none;
  at 0.2 eleven foreign border towns (Nusaybin, Rabia ...) also pass as Syrian, which is why the gazetteer's
  country decides and the outline only guards against points far off (Erbil is 1.6 degrees beyond it).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from ..domain import Event
from ..paths import resources_dir

DEFAULT_COUNTRY = "Syria"
REGION = "Middle East"
OUTLINE_TOLERANCE = 0.2  # degrees (about 20 km): countryinfo outlines have a few dozen vertices per country
CROSSING_KINDS = ("crossing", "border")


@cache
def gazetteer() -> dict[str, dict[str, Any]]:
    """Lower-case name and alias -> gazetteer entry."""
    out: dict[str, dict[str, Any]] = {}
    with (resources_dir() / "gazetteer.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                entry = json.loads(line)
                for name in [entry["name"], *entry.get("aliases", [])]:
                    out.setdefault(name.lower(), entry)
    return out


def place_entry(ev: Event) -> dict[str, Any] | None:
    for name in (ev.location_name, ev.location):
        if name and name.lower() in gazetteer():
            return gazetteer()[name.lower()]
    return None


@cache
def _places_by_country(country: str) -> list[tuple[re.Pattern, dict[str, Any]]]:
    """(pattern, entry) for every name of every place of one country, crossings first, longest names first."""
    pairs = [(name, e) for name, e in gazetteer().items() if e.get("country") == country and e["kind"] != "country"
             and e["kind"] != "governorate"]
    pairs.sort(key=lambda p: (p[1]["kind"] not in CROSSING_KINDS, -len(p[0])))
    return [(re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.IGNORECASE), e) for name, e in pairs]


def named_place_in(text: str, country: str) -> dict[str, Any] | None:
    """The place of `country` that the text names: a crossing when it names one, else the longest other name."""
    for pattern, entry in _places_by_country(country):
        if pattern.search(text or ""):
            return entry
    return None


@cache
def country_info(name: str) -> dict[str, Any] | None:
    """ISO codes and outline (list of polygons, each a list of rings of (lon, lat)) from countryinfo."""
    try:
        data = _country_data(name)
        iso = data["ISO"]
        geometry = data["geoJSON"]["features"][0]["geometry"]
    except (KeyError, ValueError, IndexError, TypeError):
        return None
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return {"name": name, "iso": int(iso["numeric"]), "iso3": iso["alpha3"], "polygons": polygons}


def _country_data(name: str) -> dict[str, Any]:
    """countryinfo's record of one country: CountryInfo(name).info() without CountryInfo, which reads all of the
    library's 270 country files on first use (70 ms of every export, a seventh of a one-month GeoJSON export's
    CPU). A name is read from its own file when the library has it under that name, as CountryInfo would find it;
    any other name (a code, an alternate spelling) goes to CountryInfo. tests/export/test_acled_geo.py checks that
    both give the same record for every country the exports name."""
    folders = _countryinfo_folders()
    stem = name.strip().lower().replace(" ", "_")
    if folders and stem and "/" not in stem and stem not in folders[1]:
        try:
            data = json.loads((folders[0] / f"{stem}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if isinstance(data, dict) and str(data.get("name", "")).lower() == name.strip().lower():
            return data
    from countryinfo import CountryInfo

    return dict(CountryInfo(name).info())


@cache
def _countryinfo_folders() -> tuple[Any, frozenset[str]] | None:
    """countryinfo's data folder and the stems of its data_no_iso files (CountryInfo lets those records, read
    second, replace a data/ record of the same name), found without importing the library."""
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("countryinfo")
    if spec is None or not spec.submodule_search_locations:
        return None
    base = Path(next(iter(spec.submodule_search_locations)))
    no_iso = base / "data_no_iso"
    names = set()
    for path in no_iso.glob("*.json") if no_iso.is_dir() else ():
        try:
            names.add(str(json.loads(path.read_text(encoding="utf-8")).get("name", "")).lower().replace(" ", "_"))
        except (OSError, ValueError, AttributeError):
            continue
    return base / "data", frozenset(names)


def _inside_ring(lon: float, lat: float, ring: list) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _distance_to_ring(lon: float, lat: float, ring: list) -> float:
    best = float("inf")
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        dx, dy = x2 - x1, y2 - y1
        t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((lon - x1) * dx + (lat - y1) * dy) / (dx * dx + dy * dy)))
        best = min(best, ((lon - x1 - t * dx) ** 2 + (lat - y1 - t * dy) ** 2) ** 0.5)
    return best


@lru_cache(maxsize=16384)  # exports ask about the same gazetteer points thousands of times
def in_country(lat: float, lon: float, country: str, tolerance: float = OUTLINE_TOLERANCE) -> bool:
    """Point in the country's outline (outer ring minus holes), or within `tolerance` degrees of its border.

    A ray-casting test over a few dozen vertices: shapely would do the same for a 20 MB larger bundle."""
    info = country_info(country)
    if info is None:
        return False
    for polygon in info["polygons"]:
        outer, holes = polygon[0], polygon[1:]
        if _inside_ring(lon, lat, outer) and not any(_inside_ring(lon, lat, h) for h in holes):
            return True
        if _distance_to_ring(lon, lat, outer) <= tolerance:
            return True
    return False


KNOWN_COUNTRIES = ("Syria", "Iraq", "Turkey", "Jordan", "Lebanon", "Israel")


def country_of_point(lat: float, lon: float) -> str | None:
    inside = [c for c in KNOWN_COUNTRIES if in_country(lat, lon, c, tolerance=0.0)]
    return inside[0] if len(inside) == 1 else None


@dataclass
class ExportPlace:
    country: str
    iso: int | str
    iso3: str
    location: str
    admin1: str
    admin2: str
    admin3: str
    lat: float | None
    lon: float | None
    kind: str  # gazetteer kind, "" when unknown
    geonames_id: int | None
    note: str = ""  # why the event's own place was not used, for ExportResult.skipped

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


def _from_entry(entry: dict[str, Any], country: str, note: str = "") -> ExportPlace:
    info = country_info(country) or {"iso": "", "iso3": ""}
    return ExportPlace(country, info["iso"], info["iso3"], entry["name"], entry.get("admin1") or "",
                       entry.get("admin2") or "", entry.get("admin3") or "", entry.get("lat"), entry.get("lon"),
                       entry.get("kind") or "", entry.get("geonames_id"), note)


def _unlocated(country: str, note: str) -> ExportPlace:
    info = country_info(country) or {"iso": "", "iso3": ""}
    return ExportPlace(country, info["iso"], info["iso3"], "", "", "", "", None, None, "", None, note)


def export_place(ev: Event, report_country: str = DEFAULT_COUNTRY) -> ExportPlace:
    """The place and country an export writes for an event (see the module docstring)."""
    entry = place_entry(ev)
    if entry is not None:
        country = entry.get("country") or report_country
    elif ev.lat is not None and ev.lon is not None:
        country = country_of_point(ev.lat, ev.lon) or report_country
    else:
        country = report_country
    name = ev.location_name or ev.location or ""
    if country != report_country and ev.type == "convoy" and ev.direction in ("entering", "leaving"):
        # The place abroad is where the convoy came from or went to; the event is at the border or beyond it.
        where = named_place_in(ev.evidence, report_country)
        note = f"{name} ({country}) is where the convoy came from or went to"
        if where is not None:
            return _from_entry(where, report_country, f"{note}; coded at {where['name']}, named in the sentence")
        return _unlocated(report_country, f"{note}; no {report_country} crossing or destination named, "
                                          "coordinates left empty")
    if entry is not None:
        place = _from_entry(entry, country)
        place.location = name or place.location
        if ev.lat is not None and ev.lon is not None:  # the event's own point (a reviewer may have moved it)
            place.lat, place.lon = ev.lat, ev.lon
        if ev.location_precision == "near":  # coded at the enclosing place: its point is only near the event
            place.kind = "near"
    else:
        info = country_info(country) or {"iso": "", "iso3": ""}
        place = ExportPlace(country, info["iso"], info["iso3"], name, ev.admin1 or "", "", "", ev.lat, ev.lon,
                            ev.location_precision or "", None)
    if place.located and not in_country(place.lat, place.lon, country):
        place.note = f"{name} at {place.lat}, {place.lon} lies outside {country}; coordinates left empty"
        place.lat = place.lon = None
    return place


_PLACES: dict[tuple, ExportPlace] = {}


def shared_export_place(ev: Event) -> ExportPlace:
    """export_place(ev), computed once per distinct place description: every field it reads is in the key (the
    evidence only for convoys, the one case that reads it). Events repeat a few hundred places, and working one
    out cost ~9 us, a fifth of a GeoJSON feature's time. The object is shared: read it, never change it."""
    key = (ev.type, ev.direction, ev.location_name, ev.location, ev.lat, ev.lon, type(ev.lat), type(ev.lon),
           ev.location_precision, ev.admin1, ev.evidence if ev.type == "convoy" else None)  # 36 == 36.0: types too
    place = _PLACES.get(key)
    if place is None:
        if len(_PLACES) >= 4096:
            _PLACES.clear()
        place = _PLACES[key] = export_place(ev)
    return place
