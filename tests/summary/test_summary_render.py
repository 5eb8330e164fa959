"""Renderers and the `annotator summary` command: Markdown, HTML with charts and links, PDF, JSON."""
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.summary import charts, render, summarise

PNG = b"\x89PNG\r\n\x1a\n"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.hrefs, self.imgs = set(), [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a":
            self.hrefs.append(a.get("href"))
        if tag == "img":
            self.imgs.append(a.get("src", ""))


def test_charts_are_pngs_and_absent_without_events(sample):
    store, _ = sample
    s = summarise(store, "fixture-coalition-120")
    for chart in (charts.events_by_type(s), charts.timeline(s)):
        assert chart.startswith(PNG) and len(chart) > 2000
    assert charts.events_by_type(s, "svg").lstrip().startswith(b"<?xml")
    empty = summarise(store, "2023-01")
    assert charts.events_by_type(empty) is None and charts.timeline(empty) is None


def _fragment_words(link):
    """The words a text-fragment link asks the browser to find (textStart and textEnd)."""
    from urllib.parse import unquote

    base, fragment = link.split("#:~:text=", 1)
    return base, [unquote(part) for part in fragment.split(",")]


def test_html_links_resolve_inside_the_page_or_to_the_web(sample):
    store, ids = sample
    s = summarise(store, "fixture-coalition-120")
    page = render(s, "html").decode("utf-8")
    parser = _Links()
    parser.feed(page)
    assert len([i for i in parser.imgs if i.startswith("data:image/png;base64,")]) == 2
    internal = [h[1:] for h in parser.hrefs if h.startswith("#")]
    external = [h for h in parser.hrefs if not h.startswith("#")]
    assert internal and set(internal) <= parser.ids
    assert all(h.startswith(("http://", "https://")) for h in external), external
    assert "annotator://" not in page
    # Every cited label has its evidence entry on the page, quoting the whole sentence.
    assert set(s["sources"]) <= parser.ids
    text = store.document_text(ids["r120"])
    fragment_links = [h for h in external if "#:~:text=" in h]
    assert len(fragment_links) == len(s["sources"])  # this report has a URL: every entry links to its sentence
    for link in fragment_links:
        base, parts = _fragment_words(link)
        assert base == "https://monitor.example.org/reports/120th-month"
        flat = " ".join(text.split())
        assert all(part in flat for part in parts)
    assert "UNVERIFIED" in page and "stated 150 trucks but 100 itemised" in page
    assert page.count('class="flag"') == sum(c["flagged"] for c in s["checks"])


def test_html_escapes_what_the_reports_say(sample):
    store, _ = sample
    s = summarise(store, "fixture-coalition-120")
    s["timeline"][0]["quote"] = "<script>alert(1)</script> & co"
    s["documents"][0]["title"] = 'R&D "report" <b>'
    page = render(s, "html").decode("utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert "<b>" not in page.split("<body>", 1)[1].replace("<b>E", "").replace("<b>S", "")
    md = render(s, "md").decode("utf-8")
    assert "<script>" not in md


def test_markdown_has_the_tables_and_flags(sample):
    store, _ = sample
    s = summarise(store, "fixture-coalition-120")
    md = render(s, "md").decode("utf-8")
    assert md.startswith("# Unverified summary: 120th month")
    assert "| Type | Events | Killed | Injured | Arrested | Trucks entering | Evidence |" in md
    assert "⚠ mismatch" in md and "## Pending candidates" in md
    assert re.search(r"\| \[E1\]\(#e1\) \| 2024-08-25 \| Convoy \|", md)
    anchors = set(re.findall(r'<a id="([a-z0-9]+)"></a>', md))
    targets = set(re.findall(r"\]\(#([a-z0-9]+)\)", md))
    assert targets and targets <= anchors
    assert {label.lower() for label in s["sources"]} <= anchors
    assert "annotator://" not in md
    links = re.findall(r"\]\((?!#)([^)]+)\)", md)
    assert links and all(u.startswith("https://") for u in links)


def test_pdf_links_resolve_inside_the_document_or_to_the_web(sample):
    store, _ = sample
    s = summarise(store, "fixture-coalition-120")
    pdf = render(s, "pdf")
    assert pdf.startswith(b"%PDF-")
    assert b"annotator://" not in pdf
    uris = re.findall(rb"/URI \(([^)]*)\)", pdf)
    assert uris and all(u.startswith(b"https://") for u in uris)
    # Internal links (GoTo a destination) carry the labels: one per cited entry at least.
    assert len(re.findall(rb"/Dest", pdf)) >= len(s["sources"])


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_pdf_text_reads_back(sample, tmp_path):
    store, _ = sample
    path = tmp_path / "s.pdf"
    path.write_bytes(render(summarise(store, "fixture-coalition-120"), "pdf"))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "stated 150 trucks but 100" in text and "Al-Busayrah" in text
    assert "Evidence" in text and "sha256:sample-hash-120" in text


def test_summary_command_writes_each_format(sample, db_path, tmp_path):
    store, _ = sample
    store.close()
    runner = CliRunner()
    res = runner.invoke(main, ["summary", "--db", str(db_path), "--period", "120th month", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["schema"] == "annotator.summary/1" and data["verified"] is False
    for fmt in ("md", "html", "pdf"):
        out = tmp_path / f"s.{fmt}"
        res = runner.invoke(main, ["summary", "--db", str(db_path), "-p", "2024-09", "-f", fmt, "--out", str(out)])
        assert res.exit_code == 0, res.output
        assert out.stat().st_size > 1000
    assert out.read_bytes().startswith(b"%PDF")


def test_summary_command_names_an_unknown_period(sample, db_path):
    store, _ = sample
    store.close()
    res = CliRunner().invoke(main, ["summary", "--db", str(db_path), "--period", "999th month"])
    assert res.exit_code == 1 and "999th month" in res.output


HOSTILE = "<img src=x onerror=alert(1)> ![pixel](https://tracker.example/p.png) [click](javascript:alert(1)) *loud*"


def test_markdown_turns_no_report_text_or_reviewer_field_into_markup(sample):
    """Rendered as GitHub renders it (raw HTML allowed), nothing a report or reviewer wrote becomes a tag."""
    markdown_it = pytest.importorskip("markdown_it")
    store, _ = sample
    first = summarise(store, "fixture-coalition-120")["timeline"][0]["event_id"]
    store.update_event(first, {"location_name": HOSTILE, "actors": [HOSTILE]}, reviewer="sample-reviewer")
    s = summarise(store, "fixture-coalition-120")
    s["timeline"][0]["quote"] = HOSTILE + "\n# A heading of its own"
    for entry in s["sources"].values():
        entry["cite"]["sentence"] = entry["quote"] = HOSTILE
    md = render(s, "md").decode("utf-8")
    html = markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table").render(md)
    assert "<img" not in html and "javascript:" not in html.split("href=")[-1][:20]
    assert 'href="javascript' not in html and "<em>loud</em>" not in html
    assert "<h1>A heading" not in html
    assert html.count("![pixel](https://tracker.example/p.png)") >= 3  # shown as the text it is
    assert re.search(r'<a href="#e1">E1</a>', html)  # our own links still work


def test_html_isolates_right_to_left_text_and_bidi_controls(sample):
    store, _ = sample
    s = summarise(store, "fixture-coalition-120")
    s["timeline"][0]["quote"] = "convoy \u202eskcurt 04\u202c entered"
    s["timeline"][1]["quote"] = "دخلت قافلة من 40 شاحنة"
    s["documents"][0]["title"] = "Report \u202etroper"
    s["period"]["label"] = "120th month \u202ehtnom"  # a period named after a report's title
    page = render(s, "html").decode("utf-8")
    body = page.split("<body>", 1)[1]
    # Every RLO and every Arabic letter printed in the body sits inside a <bdi> that closes before the next cell.
    for needle in ("\u202e", "دخلت"):
        for m in re.finditer(needle, body):
            before = body[:m.start()]
            assert before.rfind("<bdi") > before.rfind("</bdi>"), body[m.start() - 80:m.start() + 20]
    assert body.count("<bdi") == body.count("</bdi>") >= 3
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "\u202e" not in title and "htnom" in title  # no markup can isolate it there: the control goes
    assert 'class="quote" dir="auto"' in page
    assert "<bdi" not in render(summarise(store, "fixture-coalition-120"), "html").decode("utf-8")  # only when needed


def test_a_period_without_reports_is_never_called_verified(sample, db_path):
    store, _ = sample
    s = summarise(store, "2019-03")
    assert s["documents"] == [] and s["verified"] is False
    md = render(s, "md").decode("utf-8")
    assert md.startswith("# Unverified summary: March 2019")
    assert "no report in the database covers this period" in md and "Verified:" not in md
    assert "Verified summary" not in render(s, "html").decode("utf-8")
    store.close()
    res = CliRunner().invoke(main, ["summary", "--db", str(db_path), "--period", "2019-03", "--format", "json"])
    assert res.exit_code == 0 and "UNVERIFIED, no report in this period" in res.stderr


def _many_accepted(store, document_id: int, n: int) -> None:
    import dataclasses

    base = next(e for e in store.events(document_id, status="accepted") if e.type == "convoy")
    with store.transaction():
        for i in range(n):
            store.add_event(document_id, dataclasses.replace(
                base, id=None, status="accepted", date=f"2024-09-{1 + i % 20:02d}", arguments=[],
                actors=[f"Unit {j}" for j in range(300)] if i == 0 else [f"Unit {i % 7}"]), reviewer="r")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_pdf_of_a_period_with_many_events_and_a_very_long_cell(sample, tmp_path):
    """900 convoys put 900 labels in one totals cell (a row taller than a page made fpdf2 raise)."""
    store, ids = sample
    _many_accepted(store, ids["r120"], 900)
    s = summarise(store, "fixture-coalition-120")
    path = tmp_path / "big.pdf"
    path.write_bytes(render(s, "pdf"))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "and 879 more" in " ".join(text.split())  # 903 convoys: 24 labels shown, the rest counted
    assert "E903" in text  # every event still has its own timeline row and evidence entry


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_pdf_keeps_arabic_joined_and_in_reading_order(sample, tmp_path):
    pytest.importorskip("uharfbuzz")
    store, _ = sample
    s = summarise(store, "fixture-coalition-120")
    sentence, actor = "دخلت قافلة من أربعين شاحنة", "قوات التحالف"
    s["timeline"][0]["actors"] = [actor]
    for entry in s["sources"].values():
        entry["cite"]["sentence"] = sentence  # printed in the oblique face, which has no Arabic glyphs
    path = tmp_path / "ar.pdf"
    path.write_bytes(render(s, "pdf"))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert sentence in text and actor in text
    assert "Al-Busayrah" in text  # Latin text unchanged beside it
