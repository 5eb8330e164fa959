"""The summary as PDF (fpdf2), with the charts, the flagged checks and links.

Labels (E3, S1) in the headline and tables jump to the item's entry in the timeline or the stated totals; each
entry links to annotator://document/ID?start=S&end=E, the report and offsets it comes from. DejaVu Sans (shipped
with matplotlib) covers the reports' curly quotes, dashes and transliterated names.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from . import charts
from . import presentation as pr

FONT = "DejaVu"
GREY, RED, GREEN, BLUE = (90, 90, 90), (170, 40, 30), (40, 120, 50), (20, 70, 160)


def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _pdf():
    from fpdf import FPDF

    class SummaryPDF(FPDF):
        footer_text = ""

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(FONT, size=7)
            self.set_text_color(*GREY)
            self.cell(0, 5, f"{self.footer_text} · page {self.page_no()}/{{nb}}", align="C")
            self.set_text_color(0, 0, 0)

    pdf = SummaryPDF(format="A4")
    fonts = _font_dir()
    pdf.add_font(FONT, "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.add_font(FONT, "I", str(fonts / "DejaVuSans-Oblique.ttf"))
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_margins(14, 14, 14)
    return pdf


def _heading(pdf, text: str) -> None:
    if pdf.get_y() > pdf.h - 40:
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font(FONT, "B", 12)
    pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(200, 200, 200)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(1.5)
    pdf.set_font(FONT, "", 9)


def _table(pdf, headers: list[str], rows: list[list[str]], widths: tuple[float, ...],
           links: list[list[Any]] | None = None, flagged: list[bool] | None = None) -> None:
    from fpdf.fonts import FontFace

    pdf.set_font(FONT, "", 8)
    with pdf.table(col_widths=widths, line_height=4.2, padding=1, first_row_as_headings=True, text_align="LEFT",
                   headings_style=FontFace(emphasis="BOLD", fill_color=(236, 236, 236))) as table:
        head = table.row()
        for h in headers:
            head.cell(h)
        for i, r in enumerate(rows):
            style = FontFace(fill_color=(255, 240, 225)) if flagged and flagged[i] else None
            row = table.row()
            for j, text in enumerate(r):
                link = links[i][j] if links and links[i][j] is not None else None
                row.cell(text, style=style, link=link)
    pdf.ln(2)


def render_pdf(summary: dict[str, Any]) -> bytes:
    s = summary
    pdf = _pdf()
    title = pr.title(s)
    pdf.footer_text = title if len(title) <= 90 else title[:89] + "…"
    pdf.set_title(pr.title(s))
    pdf.set_creator("annotator")
    pdf.add_page()
    anchors = {label: pdf.add_link() for label in s["sources"]}

    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(0, 7, pr.title(s), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 8.5)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(0, 4.5, pr.period_line(s), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_text_color(*(GREEN if s["verified"] else RED))
    pdf.set_font(FONT, "B", 9.5)
    pdf.multi_cell(0, 5, pr.banner(s), border=1, padding=2, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)

    _heading(pdf, "Headline")
    pdf.set_font(FONT, "", 10)
    for sentence in s["headline"]["sentences"]:
        pdf.write(5.2, sentence["text"])
        for label in sentence["refs"]:
            pdf.set_text_color(*BLUE)
            pdf.set_font(FONT, "", 7)
            pdf.write(5.2, f" {label}", link=anchors[label])
            pdf.set_font(FONT, "", 10)
            pdf.set_text_color(0, 0, 0)
        pdf.write(5.2, " ")
    pdf.ln(7)

    by_type, timeline_png = charts.events_by_type(s), charts.timeline(s)
    if by_type or timeline_png:
        _heading(pdf, "Charts")
        width = (pdf.w - pdf.l_margin - pdf.r_margin - 4) / 2
        y = pdf.get_y()
        heights = []
        for i, png in enumerate(p for p in (by_type, timeline_png) if p):
            info = pdf.image(io.BytesIO(png), x=pdf.l_margin + i * (width + 4), y=y, w=width)
            heights.append(info.rendered_height)
        pdf.set_y(y + max(heights) + 2)

    _heading(pdf, "Totals by event type")
    rows, links = [], []
    for r in s["totals"]["by_type"] + [s["totals"]["all"]]:
        refs = r["refs"] if r["type"] != "all" else []
        rows.append([r["label"], *pr.total_cells(r), " ".join(refs)])
        links.append([None] * 6 + [anchors[refs[0]] if refs else None])
    _table(pdf, ["Type", "Events", "Killed", "Injured", "Arrested", "Trucks", "Sources"], rows,
           (36, 14, 14, 15, 17, 14, 72), links)
    directions = s["totals"]["convoys_by_direction"]
    if directions:
        _table(pdf, ["Convoy direction", "Convoys", "Trucks", "Sources"],
               [[d, str(v["events"]), str(v["trucks"] or ""), " ".join(v["refs"])] for d, v in directions.items()],
               (60, 16, 16, 90), [[None] * 3 + [anchors[v["refs"][0]]] for v in directions.values()])
    if s["strikes_by_actor"]:
        _table(pdf, ["Strikes by actor", "Strikes", "Killed", "Injured", "Sources"],
               [[r["actor"], str(r["events"]), str(r["killed"] or ""), str(r["injured"] or ""), " ".join(r["refs"])]
                for r in s["strikes_by_actor"]],
               (60, 16, 16, 16, 74), [[None] * 4 + [anchors[r["refs"][0]]] for r in s["strikes_by_actor"]])

    _heading(pdf, "Checks: stated totals against itemised events")
    if s["checks"]:
        rows = [pr.check_row(c) + [" ".join(c["refs"])] for c in s["checks"]]
        links = [[None] * 6 + [anchors[c["refs"][0]]] for c in s["checks"]]
        _table(pdf, ["Status", "Report", "Total", "Stated", "Itemised", "Finding", "Sources"], rows,
               (23, 31, 22, 15, 16, 47, 28), links, [c["flagged"] for c in s["checks"]])
    else:
        pdf.multi_cell(0, 5, "No check: no accepted stated total.", new_x="LMARGIN", new_y="NEXT")

    _heading(pdf, "Stated totals")
    if not s["stated"]:
        pdf.multi_cell(0, 5, "No accepted stated total.", new_x="LMARGIN", new_y="NEXT")
    for x in s["stated"]:
        _entry(pdf, anchors[x["ref"]], x["ref"],
               f"{x['document_key']} · {pr.FACT_LABELS.get(x['kind'], x['kind'])}: "
               f"{pr.value_text(x['value'], x['qualifier'])}", x["quote"], s["sources"][x["ref"]])

    _heading(pdf, "Itemised timeline")
    if not s["timeline"]:
        pdf.multi_cell(0, 5, "No accepted event in this period.", new_x="LMARGIN", new_y="NEXT")
    for r in s["timeline"]:
        head = " · ".join(p for p in (r["date"] or "undated", r["label"], pr.place(r), "; ".join(r["actors"]),
                                      pr.event_detail(r)) if p)
        _entry(pdf, anchors[r["ref"]], r["ref"], head, r["quote"], s["sources"][r["ref"]])

    listed = {r["ref"] for r in s["timeline"]} | {x["ref"] for x in s["stated"]}
    extra = [(k, v) for k, v in s["sources"].items() if k not in listed]
    if extra:
        _heading(pdf, "Other sources (cited by checks, outside this window)")
        for k, v in extra:
            _entry(pdf, anchors[k], k, v["document_key"] or "", v["quote"], v)

    if s["pending"]["items"]:
        _heading(pdf, f"Pending candidates ({len(s['pending']['items'])})")
        for i, p in enumerate(s["pending"]["items"], 1):
            what = f"{p['type']} (stated total: {pr.value_text(p['value'])})" if p["object"] == "fact" else p["type"]
            _entry(pdf, None, f"P{i}", " · ".join(x for x in (p["document_key"], what, p["date"]) if x), p["quote"], p)
    return bytes(pdf.output())


def _entry(pdf, anchor: int | None, label: str, head: str, quote: str, src: dict[str, Any]) -> None:
    if pdf.get_y() > pdf.h - 30:
        pdf.add_page()
    if anchor is not None:
        pdf.set_link(anchor, y=pdf.get_y(), page=pdf.page)
    pdf.set_font(FONT, "B", 8.5)
    pdf.cell(10, 4.6, label)
    pdf.set_font(FONT, "", 8.5)
    pdf.multi_cell(0, 4.6, head, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(pdf.l_margin + 10)
    pdf.set_font(FONT, "I", 8)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(0, 4.2, f"“{quote}”", align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(pdf.l_margin + 10)
    pdf.set_text_color(*BLUE)
    pdf.set_font(FONT, "", 7.5)
    pdf.cell(0, 4.2, pr.source_text(src), link=src["uri"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(1)
