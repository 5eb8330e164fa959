"""The summary as JSON: the stable, documented shape of docs/summary-json.md."""
from __future__ import annotations

import json
from typing import Any


def render_json(summary: dict[str, Any]) -> str:
    return json.dumps(summary, indent=2, ensure_ascii=False) + "\n"
