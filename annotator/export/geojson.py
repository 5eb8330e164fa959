"""GeoJSON (RFC 7946): a FeatureCollection with one Point per located event, coordinates [longitude, latitude]
in WGS 84 (no "crs" member, as the RFC requires). Events without coordinates are counted, not written."""
from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..domain import EVENT_TYPES, Event
from .selection import ExportDocument, ExportResult


def located(ev: Event) -> bool:
    return (ev.lat is not None and ev.lon is not None and math.isfinite(ev.lat) and math.isfinite(ev.lon)
            and -90 <= ev.lat <= 90 and -180 <= ev.lon <= 180)


def feature(ev: Event, ed: ExportDocument) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": ev.id,
        "geometry": {"type": "Point", "coordinates": [round(ev.lon, 6), round(ev.lat, 6)]},
        "properties": {
            "event_id": ev.id, "type": ev.type, "label": EVENT_TYPES.get(ev.type, ("", "", "", "", ev.type))[4],
            "date": ev.date, "date_precision": ev.date_precision, "location": ev.location,
            "location_name": ev.location_name, "admin1": ev.admin1, "location_precision": ev.location_precision,
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
            if located(ev):
                features.append(feature(ev, ed))
            elif skipped is not None:
                skipped.append(f"{ed.document.key}: event {ev.id} ({ev.type}) has no coordinates")
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
