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


def test_html_links_every_label_and_row_to_its_source(sample):
    store, ids = sample
    s = summarise(store, "fixture-coalition-120")
    page = render(s, "html").decode("utf-8")
    parser = _Links()
    parser.feed(page)
    assert len([i for i in parser.imgs if i.startswith("data:image/png;base64,")]) == 2
    internal = [h[1:] for h in parser.hrefs if h.startswith("#")]
    assert internal and set(internal) <= parser.ids
    uris = {h for h in parser.hrefs if h.startswith("annotator://")}
    assert {src["uri"] for src in s["sources"].values()} <= uris
    assert "UNVERIFIED" in page and "stated 150 trucks but 100 itemised" in page
    assert page.count('class="flag"') == sum(c["flagged"] for c in s["checks"])


def test_markdown_has_the_tables_and_flags(sample):
    store, _ = sample
    md = render(summarise(store, "fixture-coalition-120"), "md").decode("utf-8")
    assert md.startswith("# Unverified summary: 120th month")
    assert "| Type | Events | Killed | Injured | Arrested | Trucks | Sources |" in md
    assert "⚠ mismatch" in md and "## Pending candidates" in md
    assert re.search(r"\| <a id=\"e1\"></a>E1 \| 2024-08-25 \| Convoy \|", md)


def test_pdf_is_a_pdf_with_links(sample):
    store, _ = sample
    s = summarise(store, "fixture-coalition-120")
    pdf = render(s, "pdf")
    assert pdf.startswith(b"%PDF-")
    # Link annotations are plain PDF objects: the report-and-offsets address of each timeline entry is there.
    for row in s["timeline"]:
        assert s["sources"][row["ref"]]["uri"].encode() in pdf


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_pdf_text_reads_back(sample, tmp_path):
    store, _ = sample
    path = tmp_path / "s.pdf"
    path.write_bytes(render(summarise(store, "fixture-coalition-120"), "pdf"))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "stated 150 trucks but 100" in text and "Al-Busayrah" in text


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
