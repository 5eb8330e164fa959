"""GeoJSON (RFC 7946): a FeatureCollection with one Point per located event, coordinates [longitude, latitude]
in WGS 84 (no "crs" member, as the RFC requires). The place and country come from geo.py, as in the ACLED CSV:
a point is written only with a country that contains it, so a convoy "from the Kurdistan Region of Iraq" is a
point at the Syrian crossing its sentence names or no point at all. Events without coordinates are counted in
the result's `skipped` lines, not written."""
from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..domain import EVENT_TYPES, Event
from .geo import ExportPlace, export_place
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


def feature_collection(docs: Sequence[ExportDocument], skipped: list[str] | None = None) -> dict[str, Any]:
    features = []
    for ed in docs:
        for ev in ed.events:
            place = export_place(ev)
            if located(place):
                features.append(feature(ev, ed, place))
                if place.note and skipped is not None:
                    skipped.append(f"{ed.document.key}: event {ev.id} ({ev.type}): {place.note}")
            elif skipped is not None:
                why = place.note or "no coordinates"
                skipped.append(f"{ed.document.key}: event {ev.id} ({ev.type}) not written: {why}")
    return {"type": "FeatureCollection", "features": features}


def write_geojson(docs: Sequence[ExportDocument], out: Path, *,
                  progress: Callable[[int, str], None] | None = None) -> ExportResult:
    result = ExportResult("geojson", [out])
    collection = feature_collection(docs, result.skipped)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(collection, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    result.documents = len(docs)
    result.events = len(collection["features"])
    if progress:
        progress(len(docs), "GeoJSON written")
    return result
