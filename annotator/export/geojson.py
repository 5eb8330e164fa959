"""GeoJSON (RFC 7946): a FeatureCollection with one Point per located event, coordinates [longitude, latitude]
in WGS 84 (no "crs" member, as the RFC requires). The place and country come from geo.py, as in the ACLED CSV:
a point is written only with a country that contains it, so a convoy "from the Kurdistan Region of Iraq" is a
point at the Syrian crossing its sentence names or no point at all. Events without coordinates are counted in
the result's `skipped` lines, not written."""
from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..domain import EVENT_TYPES, Event
from .geo import ExportPlace, shared_export_place
from .page_cache import DropBehind
from .selection import ExportDocument, ExportResult


def located(place: ExportPlace) -> bool:
    return (place.lat is not None and place.lon is not None and math.isfinite(place.lat)
            and math.isfinite(place.lon) and -90 <= place.lat <= 90 and -180 <= place.lon <= 180)


def feature(ev: Event, ed: ExportDocument, place: ExportPlace) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": ev.id,
        "geometry": {"type": "Point", "coordinates": [round(place.lon, 6), round(place.lat, 6)]},
        "properties": {
            "event_id": ev.id, "type": ev.type, "label": EVENT_TYPES.get(ev.type, ("", "", "", "", ev.type))[4],
            "date": ev.date, "date_precision": ev.date_precision, "location": ev.location,
            "location_name": place.location, "country": place.country, "iso": place.iso, "admin1": place.admin1,
            "admin2": place.admin2 or None, "admin3": place.admin3 or None, "place_kind": place.kind or None,
            "geonames_id": place.geonames_id, "place_note": place.note or None,
            "actors": ev.actors_canonical or ev.actors, "targets": ev.targets,
            **{k: c.value for k, c in ev.counts.items()}, "direction": ev.direction, "status": ev.status,
            "reviewer": ev.reviewer, "document_id": ed.document.id, "document_key": ed.document.key,
            "start": ev.start, "end": ev.end, "evidence": " ".join(ev.evidence.split()),
        },
    }


READS: set[str] = set()  # neither events' arguments nor stated totals: run_export does not read them
_encode_str = json.encoder.encode_basestring  # ensure_ascii=False's string encoder (the C one when available)


def _json(o: Any, nl: str) -> str:
    """json.dumps(o, ensure_ascii=False, indent=1) with every line break written as `nl` (which carries the
    indentation). The stdlib encoder with an indent runs in pure Python, generator by generator: 1.5 s of a
    2 s export of 13,600 features; this direct version writes the same bytes in a fraction of that."""
    if isinstance(o, str):
        return _encode_str(o)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if isinstance(o, int):
        return int.__repr__(o)
    if isinstance(o, float):
        if o != o:
            return "NaN"
        if o in (math.inf, -math.inf):
            return "Infinity" if o > 0 else "-Infinity"
        return float.__repr__(o)
    inner = nl + " "
    if isinstance(o, dict):
        if not o:
            return "{}"
        keys, scalars = _KEYS, _SCALARS
        items = []
        for k, v in o.items():
            key = keys.get(k) if type(k) is str else None
            if key is None:
                key = _key(k)
                if type(k) is str and len(keys) < 1000:
                    keys[k] = key
            enc = scalars.get(type(v))
            items.append(key + (enc(v) if enc else _json(v, inner)))
        return "{" + inner + ("," + inner).join(items) + nl + "}"
    if isinstance(o, (list, tuple)):
        if not o:
            return "[]"
        scalars = _SCALARS
        items = []
        for v in o:  # a list of names or coordinates: its items encoded here, not each by a call to _json
            enc = scalars.get(type(v))
            items.append(enc(v) if enc else _json(v, inner))
        return "[" + inner + ("," + inner).join(items) + nl + "]"
    return json.dumps(o, ensure_ascii=False, indent=1).replace("\n", nl)  # anything else: as json would


def _key(k: Any) -> str:
    """A member's name and its colon. json's own rules for a non-string key (1 -> "1", True -> "true")."""
    return (_encode_str(k) if isinstance(k, str) else json.dumps({k: None})[1:-7]) + ": "


def _float(o: float) -> str:
    if o != o:
        return "NaN"
    if o in (math.inf, -math.inf):
        return "Infinity" if o > 0 else "-Infinity"
    return float.__repr__(o)


# Encoders of exact scalar types (a feature's ~30 members are mostly these); others go through _json. Member names
# repeat in every feature, so their encodings are kept.
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: _encode_str, int: int.__repr__, float: _float, bool: lambda o: "true" if o else "false",
    type(None): lambda o: "null"}
_KEYS: dict[str, str] = {}


def iter_features(docs: Iterable[ExportDocument], skipped: list[str] | None = None,
                  seen: list[int] | None = None) -> Iterator[dict[str, Any]]:
    """Each located event's Feature, report by report; `seen` (if given) gets one entry per report read."""
    for ed in docs:
        if seen is not None:
            seen.append(ed.document.id)
        for ev in ed.events:
            place = shared_export_place(ev)
            if located(place):
                yield feature(ev, ed, place)
                if place.note and skipped is not None:
                    skipped.append(f"{ed.document.key}: event {ev.id} ({ev.type}): {place.note}")
            elif skipped is not None:
                why = place.note or "no coordinates"
                skipped.append(f"{ed.document.key}: event {ev.id} ({ev.type}) not written: {why}")


def feature_collection(docs: Iterable[ExportDocument], skipped: list[str] | None = None) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(iter_features(docs, skipped))}


HEADER = '{\n "type": "FeatureCollection",\n "features": ['
FOOTER, FOOTER_EMPTY = "\n ]\n}\n", "]\n}\n"


def feature_json(f: dict[str, Any]) -> str:
    """One feature as it stands in the collection (indented one level, no separator)."""
    return _json(f, "\n  ")


def write_geojson(docs: Iterable[ExportDocument], out: Path, *,
                  progress: Callable[[int, str], None] | None = None) -> ExportResult:
    """Written feature by feature, as json.dumps(collection, indent=1) would lay it out (the same bytes), so
    memory stays one report's worth whatever the export's size (issue 13: 1.1 GB for 145,000 events before)."""
    result = ExportResult("geojson", [out])
    out.parent.mkdir(parents=True, exist_ok=True)
    seen: list[int] = []
    with out.open("w", encoding="utf-8") as fh:
        fh.write(HEADER)
        behind = DropBehind(fh)
        for f in iter_features(docs, result.skipped, seen):
            body = feature_json(f)
            fh.write(("\n  " if not result.events else ",\n  ") + body)
            result.events += 1
            if not result.events & 255:  # a syscall per 256 features (~1 kB each), not per feature
                behind.wrote()
        fh.write(FOOTER if result.events else FOOTER_EMPTY)
    result.documents = len(seen)
    if progress:
        progress(result.documents, "GeoJSON written")
    return result
