#!/usr/bin/env python3
"""Extract the development corpus (../shared/corpus) and score it with ../shared/tools/score_events.py.

    .venv/bin/python build_scripts/score_corpus.py [--periods ingest|manifest] [--out PRED.json] [--show]

--periods ingest (default) reads the reports through annotator.ingest, which resolves each report's
series, period and publication date itself; --periods manifest takes them from corpus/manifest.json.
--show prints each predicted event next to the gold ones on its date.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.domain import Period  # noqa: E402
from annotator.nlp.jsonout import document_json  # noqa: E402
from annotator.nlp.service import get_extractor  # noqa: E402
from annotator.paths import shared_dir  # noqa: E402


def corpus_items(corpus: Path, periods: str):
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    if periods == "manifest":
        for m in manifest:
            text = (corpus / m["file"]).read_bytes().decode("utf-8")
            yield m["id"], m["id"], text, m["published"], Period(m["period"]["start"], m["period"]["end"])
        return
    from annotator.ingest import ReadError, read_paths

    for item in read_paths([corpus / m["file"] for m in manifest]):
        if isinstance(item, ReadError):
            print(f"read error: {item}", file=sys.stderr)
            continue
        yield item.key, item.title, item.text, item.published, item.period


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--periods", choices=("ingest", "manifest"), default="ingest")
    ap.add_argument("--out", type=Path, default=None, help="write the predictions here")
    ap.add_argument("--show", action="store_true", help="print predictions beside the gold events")
    a = ap.parse_args(argv)
    shared = shared_dir()
    if shared is None:
        print("../shared is absent: nothing to score", file=sys.stderr)
        return 2
    corpus = shared / "corpus"
    extractor = get_extractor()
    docs = []
    for key, title, text, published, period in corpus_items(corpus, a.periods):
        ex = extractor.extract(text, published=published, period=period)
        docs.append(document_json(key, title, published, period, ex))
    pred = {"documents": docs}
    out = a.out or Path(tempfile.mkstemp(suffix=".json")[1])
    out.write_text(json.dumps(pred, ensure_ascii=False, indent=1), encoding="utf-8")
    if a.show:
        show(corpus / "gold", pred)
    return subprocess.call([sys.executable, str(shared / "tools" / "score_events.py"), str(corpus / "gold"), str(out)])


def show(gold_dir: Path, pred: dict) -> None:
    by_id = {d["id"]: d for d in pred["documents"]}
    for gf in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        doc = by_id.get(gold["id"], {"events": [], "facts": {}})
        print(f"== {gold['id']}  period {gold['period']}  published {doc.get('published')} {doc.get('period')}")
        for k, v in (gold.get("facts") or {}).items():
            pv = (doc.get("facts") or {}).get(k)
            if v != pv and not (isinstance(v, list) and isinstance(pv, list) and sorted(v) == sorted(pv)):
                print(f"  FACT {k}: gold {v} pred {pv}")
        key = lambda e: (e.get("date") or "", e["type"])  # noqa: E731
        g_left = sorted(gold["events"], key=key)
        for p in sorted(doc["events"], key=key):
            g = next((g for g in g_left if g["date"] == p.get("date") and g["type"] == p["type"]), None)
            if g is not None:
                g_left.remove(g)
                diffs = [f"{k} {g.get(k)}!={p.get(k)}" for k in ("killed", "injured", "arrested", "trucks")
                         if g.get(k) != p.get(k)]
                loc_ok = not g.get("location") or (p.get("location") or "").lower() in g["location"].lower() \
                    or g["location"].lower() in (p.get("location") or "~").lower()
                if not loc_ok:
                    diffs.append(f"location {g.get('location')!r}!={p.get('location')!r}")
                mark = "ok  " if not diffs else "EDIT"
                print(f"  {mark} {p['date']} {p['type']:18} {p.get('location')!s:28} {' '.join(diffs)}")
            else:
                print(f"  FP   {p.get('date')} {p['type']:18} {p.get('location')!s:28} {p['rule']} | "
                      f"{p['evidence'][:90]!r}")
        for g in g_left:
            print(f"  MISS {g['date']} {g['type']:18} {g.get('location')!s:28} | {g['evidence'][:90]!r}")


if __name__ == "__main__":
    sys.exit(main())
