"""The summary as Markdown (GitHub flavour): tables, flagged checks, and labels that point at their sources."""
from __future__ import annotations

from typing import Any

from . import presentation as pr


def _cell(text: Any) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def _table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(_cell(c) for c in r) + " |" for r in rows]
    return out + [""]


def _refs(refs: list[str]) -> str:
    return " ".join(f"[{r}](#{r.lower()})" for r in refs)


def render_markdown(summary: dict[str, Any]) -> str:
    s = summary
    out = [f"# {pr.title(s)}", "", pr.period_line(s), "", f"> **{pr.banner(s)}**", "", "## Headline", ""]
    out.append(" ".join(f"{x['text']}{' ' + _refs(x['refs']) if x['refs'] else ''}" for x in s["headline"]["sentences"]))
    out.append("")

    out += ["## Totals by event type", ""]
    rows = [[r["label"], *pr.total_cells(r), _refs(r["refs"])] for r in s["totals"]["by_type"]]
    rows.append(["**All**", *pr.total_cells(s["totals"]["all"]), ""])
    out += _table(["Type", "Events", "Killed", "Injured", "Arrested", "Trucks", "Sources"], rows)
    if s["totals"]["convoys_by_direction"]:
        out += _table(["Convoy direction", "Convoys", "Trucks", "Sources"],
                      [[d, v["events"], v["trucks"] or "", _refs(v["refs"])]
                       for d, v in s["totals"]["convoys_by_direction"].items()])
    if s["strikes_by_actor"]:
        out += ["### Strikes by actor", ""]
        out += _table(["Actor", "Strikes", "By type", "Killed", "Injured", "Sources"],
                      [[r["actor"], r["events"], ", ".join(f"{t} {n}" for t, n in r["by_type"].items()),
                        r["killed"] or "", r["injured"] or "", _refs(r["refs"])] for r in s["strikes_by_actor"]])

    out += ["## Stated totals", ""]
    if s["stated"]:
        out += _table(["Ref", "Report", "Total", "Value", "Quote", "Source"],
                      [[f'<a id="{x["ref"].lower()}"></a>{x["ref"]}', x["document_key"],
                        pr.FACT_LABELS.get(x["kind"], x["kind"]), pr.value_text(x["value"], x["qualifier"]),
                        x["quote"], f"[{pr.source_text(s['sources'][x['ref']])}]({s['sources'][x['ref']]['uri']})"]
                       for x in s["stated"]])
    else:
        out += ["No accepted stated total.", ""]

    out += ["## Checks: stated totals against itemised events", ""]
    if s["checks"]:
        flagged = sum(1 for c in s["checks"] if c["flagged"])
        out += [f"{flagged} of {len(s['checks'])} checks flagged.", ""]
        out += _table(["Status", "Report", "Total", "Stated", "Itemised", "Finding", "Sources"],
                      [pr.check_row(c) + [_refs(c["refs"])] for c in s["checks"]])
    else:
        out += ["No check: no accepted stated total.", ""]

    out += ["## Itemised timeline", ""]
    if s["timeline"]:
        out += _table(["Ref", "Date", "Type", "Place", "Actors", "Counts", "Quote", "Source"],
                      [[f'<a id="{r["ref"].lower()}"></a>{r["ref"]}', r["date"] or "undated", r["label"],
                        pr.place(r), "; ".join(r["actors"]), pr.event_detail(r), f"“{r['quote']}”",
                        f"[{pr.source_text(s['sources'][r['ref']])}]({s['sources'][r['ref']]['uri']})"]
                       for r in s["timeline"]])
    else:
        out += ["No accepted event in this period.", ""]

    if s["pending"]["items"]:
        out += ["## Pending candidates", ""]
        out += _table(["Kind", "Report", "Type", "Date", "Quote", "Source"],
                      [[p["object"], p["document_key"], p["type"], p["date"] or "", p["quote"],
                        f"[{p['document_key']} @ {p['start']}–{p['end']}]({p['uri']})"] for p in s["pending"]["items"]])

    timeline_refs = {r["ref"] for r in s["timeline"]} | {x["ref"] for x in s["stated"]}
    extra = {k: v for k, v in s["sources"].items() if k not in timeline_refs}
    if extra:
        out += ["## Other sources", "", "Events cited by the checks that fall outside this summary's window.", ""]
        out += _table(["Ref", "Source", "Quote"],
                      [[f'<a id="{k.lower()}"></a>{k}', f"[{pr.source_text(v)}]({v['uri']})", v["quote"]]
                       for k, v in extra.items()])
    left = s["left_out"]
    if left["outside_period"] or left["undated"]:
        out += [f"Left out: {left['outside_period']} accepted events dated outside the period, "
                f"{left['undated']} undated.", ""]
    return "\n".join(out)
