"""The summary as PDF (fpdf2), with the charts, the flagged checks and links that work in any PDF reader.

Labels (E3, S1) in the headline and tables jump to the item's numbered entry in the Evidence appendix, which
quotes the whole sentence and gives the report's title, date, address, content hash and character offsets; where
the report has a URL, the entry links to it with a text fragment. No link uses the app's local ids.
Long words carry soft hyphens from pyphen's en_US patterns, so narrow table cells break "Inter-national" with a
hyphen instead of "Interna / tional"; quotes are cut at a word (short_quote) and given whole in the appendix.
DejaVu Sans (shipped with matplotlib) covers the reports' curly quotes, dashes, transliterated names and Arabic
letters; a summary holding right-to-left text turns on fpdf2's text shaping (uharfbuzz), which joins Arabic
letters and orders the line by the Unicode bidi algorithm (without it Arabic comes out as isolated letters in
reverse order). Shaping is off otherwise: it costs time on every string and Latin text needs none.
A table cell never outgrows a page (fpdf2 refuses such a row): a list of labels shows its first ones and how
many more, and any other text is cut to what its column can hold in CELL_LINES lines.
"""
from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

from functools import cache

from . import charts
from . import presentation as pr

SOFT_HYPHEN = "\u00ad"
HYPHENATE_FROM = 8  # letters; shorter words always fit a column

FONT = "DejaVu"
RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200f\u202b\u202e\u2067]")
REFS_SHOWN = 24  # labels listed in one table cell; the rest are counted (each has its row in the timeline)
CELL_LINES = 24  # lines of 4.2 mm: a row stays well under a page of 268 mm
CHAR_MM = 1.75  # a wide-ish 8 pt DejaVu character, so the cut is on the safe side
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
    pdf.add_font(FONT + "Regular", "", str(fonts / "DejaVuSans.ttf"))
    # The bold and oblique faces have no Arabic glyphs: those letters come from the regular face.
    pdf.set_fallback_fonts([FONT + "Regular"], exact_match=False)
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


@cache
def _hyphenator():
    import pyphen

    return pyphen.Pyphen(lang="en_US")


def hyph(text: str) -> str:
    """Soft hyphens at the pattern's break points of long words; fpdf2 shows a hyphen only where it breaks."""
    dic = _hyphenator()
    out = []
    for word in str(text).split(" "):
        # Addresses, hashes and ISO dates are never hyphenated: a reader copies them as they are.
        if len(word) >= HYPHENATE_FROM and word.isascii() and not any(c in word for c in "/:@_0123456789"):
            # Hyphenated compounds already break at their "-": hyphenate each part, never next to it.
            word = "-".join(dic.inserted(part, hyphen=SOFT_HYPHEN) if len(part) >= HYPHENATE_FROM else part
                            for part in word.split("-"))
        out.append(word)
    return " ".join(out)


def refs_text(refs: list[str]) -> str:
    """Labels for a table cell: all of them when few, else the first REFS_SHOWN and how many more."""
    if len(refs) <= REFS_SHOWN:
        return " ".join(refs)
    return " ".join(refs[:REFS_SHOWN]) + f" … and {len(refs) - REFS_SHOWN} more"


def fit(text: str, width_mm: float) -> str:
    """Text cut at a word to what a column of width_mm holds in CELL_LINES lines."""
    limit = max(20, int(width_mm / CHAR_MM) * CELL_LINES)
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2:] else cut) + "…"


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
                row.cell(hyph(fit(str(text), widths[j])), style=style, link=link)
    pdf.ln(2)


def render_pdf(summary: dict[str, Any]) -> bytes:
    s = summary
    pdf = _pdf()
    if RTL.search(json.dumps(s, ensure_ascii=False, default=str)):
        pdf.set_text_shaping(True)
    title = pr.title(s)
    pdf.footer_text = title if len(title) <= 90 else title[:89] + "…"
    pdf.set_title(title)
    pdf.set_creator("annotator")
    pdf.add_page()
    anchors = {label: pdf.add_link() for label in s["sources"]}

    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(0, 7, title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 8.5)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(0, 4.5, pr.period_line(s), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_text_color(*(GREEN if s["verified"] else RED))
    pdf.set_font(FONT, "B", 9.5)
    pdf.multi_cell(0, 5, pr.banner(s), border=1, padding=2, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*GREY)
    pdf.set_font(FONT, "", 8)
    pdf.multi_cell(0, 4, pr.VERIFIED_MEANS, new_x="LMARGIN", new_y="NEXT")
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
        rows.append([r["label"], *pr.total_cells(r), refs_text(refs)])
        links.append([None] * 6 + [anchors[refs[0]] if refs else None])
    _table(pdf, ["Type", "Events", "Killed", "Injured", "Arrested", "Trucks entering", "Evidence"], rows,
           (34, 14, 14, 15, 17, 18, 70), links)
    directions = s["totals"]["convoys_by_direction"]
    if directions:
        _table(pdf, ["Convoy direction", "Convoys", "Trucks", "Evidence"],
               [[pr.DIRECTION_LABELS.get(d, d), str(v["events"]), str(v["trucks"] or ""), refs_text(v["refs"])]
                for d, v in directions.items()],
               (60, 16, 16, 90), [[None] * 3 + [anchors[v["refs"][0]]] for v in directions.values()])
    if s["strikes_by_actor"]:
        _table(pdf, ["Strikes by actor", "Strikes", "By type", "Killed", "Injured", "Evidence"],
               [[r["actor"], str(r["events"]), pr.by_type_text(r["by_type"]), str(r["killed"] or ""),
                 str(r["injured"] or ""), refs_text(r["refs"])] for r in s["strikes_by_actor"]],
               (46, 15, 40, 14, 15, 52), [[None] * 5 + [anchors[r["refs"][0]]] for r in s["strikes_by_actor"]])

    _heading(pdf, "Checks: stated totals against itemised events")
    if s["checks"]:
        rows = [pr.check_row(c) + [refs_text(c["refs"])] for c in s["checks"]]
        links = [[None] * 6 + [anchors[c["refs"][0]]] for c in s["checks"]]
        _table(pdf, ["Status", "Report", "Total", "Stated", "Itemised", "Finding", "Evidence"], rows,
               (22, 30, 24, 15, 16, 49, 26), links, [c["flagged"] for c in s["checks"]])
    else:
        pdf.multi_cell(0, 5, "No check: no accepted stated total.", new_x="LMARGIN", new_y="NEXT")

    _heading(pdf, "Stated totals")
    if s["stated"]:
        _table(pdf, ["Ref", "Report", "Total", "Value"],
               [[x["ref"], x["document_key"] or "", pr.FACT_LABELS.get(x["kind"], x["kind"]),
                 pr.value_text(x["value"], x["qualifier"])] for x in s["stated"]],
               (12, 45, 45, 80), [[anchors[x["ref"]], None, None, None] for x in s["stated"]])
    else:
        pdf.multi_cell(0, 5, "No accepted stated total.", new_x="LMARGIN", new_y="NEXT")

    _heading(pdf, "Itemised timeline")
    if s["timeline"]:
        _table(pdf, ["Ref", "Date", "Type", "Place", "Actors", "Counts"],
               [[r["ref"], r["date"], r["label"], pr.place(r), "; ".join(r["actors"]), pr.event_detail(r)]
                for r in s["timeline"]],
               (12, 20, 28, 44, 40, 38), [[anchors[r["ref"]]] + [None] * 5 for r in s["timeline"]])
    else:
        pdf.multi_cell(0, 5, "No accepted event in this period.", new_x="LMARGIN", new_y="NEXT")
    if s["left_out"]["outside_period"]:
        pdf.multi_cell(0, 4.5, f"Left out: {s['left_out']['outside_period']} accepted events of these reports "
                               "dated outside the period.", new_x="LMARGIN", new_y="NEXT")

    if s.get("needs_date"):
        _heading(pdf, f"Accepted events that need a date ({len(s['needs_date'])})")
        _items(pdf, s["needs_date"], "Left out of every figure above until a reviewer gives them a date.")
    if s["pending"]["items"]:
        _heading(pdf, pr.pending_heading(s))
        _items(pdf, s["pending"]["items"], None)

    _heading(pdf, "Evidence")
    pdf.set_text_color(*GREY)
    pdf.set_font(FONT, "", 8)
    pdf.multi_cell(0, 4, "Every figure above links here. Offsets count characters of the report's text as stored "
                         "(Unicode NFC, LF line ends), which the content hash identifies.",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(1)
    for e in pr.evidence(s):
        _evidence_entry(pdf, anchors[e["label"]], e)

    _heading(pdf, "Reports")
    _table(pdf, ["Report", "Published", "Address or key", "Content hash"],
           [[d["title"], d["published"] or "", d.get("url") or d["key"], d.get("content_hash") or ""]
            for d in s["documents"]], (70, 20, 40, 52),
           [[None, None, d.get("url"), None] for d in s["documents"]])
    return bytes(pdf.output())


def _items(pdf, items: list[dict[str, Any]], note: str | None) -> None:
    if note:
        pdf.multi_cell(0, 4.5, note, new_x="LMARGIN", new_y="NEXT")
    _table(pdf, ["Report", "Type", "Date", "Quote", "Offsets"],
           [[p["document_key"] or "", p.get("label") or p["type"], p["date"] or "", p["quote"],
             f"{p['start']}\u2013{p['end']}"] for p in items], (34, 26, 18, 84, 20))


def _evidence_entry(pdf, anchor: int, e: dict[str, Any]) -> None:
    if pdf.get_y() > pdf.h - 30:
        pdf.add_page()
    pdf.set_link(anchor, y=pdf.get_y(), page=pdf.page)
    pdf.set_font(FONT, "B", 8.5)
    pdf.cell(10, 4.6, e["label"])
    pdf.set_font(FONT, "I", 8.5)
    pdf.multi_cell(0, 4.4, hyph(f"\u201c{e['sentence']}\u201d"), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(pdf.l_margin + 10)
    pdf.set_font(FONT, "", 7.5)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(0, 3.8, hyph(pr.reference_line(e)), align="L", new_x="LMARGIN", new_y="NEXT")
    for text, link in ((e.get("url"), e.get("url")), ("open the report at this sentence", e.get("link"))):
        if link:
            pdf.set_x(pdf.l_margin + 10)
            pdf.set_text_color(*BLUE)
            pdf.cell(0, 3.8, text, link=link, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(1.2)
