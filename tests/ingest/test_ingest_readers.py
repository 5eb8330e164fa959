"""Each reader: .txt, .md, .html, .jsonl, folders."""
from __future__ import annotations

import json

from conftest import read_all, read_one

from annotator.ingest import read_file, read_text_document

COALITION_TXT = (
    "96th month of Coalition operations in Syria | Convoys and raids\n\n"
    "In the past month a convoy of 40 trucks entered Syria through Al-Waleed crossing on the 3rd of September.\n"
)


def test_txt_reader_keeps_text_and_takes_title_from_first_line(tmp_path):
    path = tmp_path / "report-096.txt"
    path.write_text(COALITION_TXT, encoding="utf-8")
    doc = read_one(path)
    assert doc.text == COALITION_TXT
    assert doc.title == "96th month of Coalition operations in Syria | Convoys and raids"
    assert doc.key == "report-096"
    assert doc.source_kind == "txt"
    assert doc.source == str(path.absolute())
    assert doc.meta == {"encoding": "utf-8"}


def test_txt_title_is_trimmed_to_a_sensible_length(tmp_path):
    long_line = "A headline that goes on " + "and on " * 60
    path = tmp_path / "long.txt"
    path.write_text(long_line + "\n\nBody.\n", encoding="utf-8")
    title = read_one(path).title
    assert len(title) <= 201 and title.endswith("…")
    assert long_line.startswith(title[:-1])


def test_txt_title_prefers_the_series_headline_over_a_site_name(tmp_path):
    path = tmp_path / "isis.txt"
    path.write_text("The Monitor\n\n78 months since the declaration of Caliphate State | Attacks go on\n\nBody.\n")
    doc = read_one(path)
    assert doc.title == "78 months since the declaration of Caliphate State | Attacks go on"
    assert doc.series == "sohr-isis"


def test_markdown_reader_keeps_markup_and_takes_the_first_heading(tmp_path):
    text = "Intro line before the heading\n\n# The **98th month** of Coalition operations in Syria #\n\n- item one\n"
    path = tmp_path / "notes.markdown"
    path.write_text(text, encoding="utf-8")
    doc = read_one(path)
    assert doc.text == text  # what a reviewer reads, markup included
    assert doc.title == "The 98th month of Coalition operations in Syria"
    assert doc.source_kind == "md"
    assert doc.month_number == 98


def test_markdown_setext_heading(tmp_path):
    path = tmp_path / "setext.md"
    path.write_text("Monthly digest\n==============\n\nText.\n", encoding="utf-8")
    assert read_one(path).title == "Monthly digest"


HTML = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>98th month of Coalition operations in Syria | Page title – Example site</title>
<meta property="og:title" content="98th month of Coalition operations in Syria | Raids go on">
<script>var secretTracker = "TRACKER_TOKEN";</script><style>.menu{color:red}</style></head>
<body><nav class="menu"><ul><li><a href="/">Homepage link</a></li><li><a href="/x">Archive link</a></li></ul></nav>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience on this site.</p>
<button>Accept cookies</button></div>
<article><h1>98th month of Coalition operations in Syria</h1>
<p>Completing the 98th consecutive month, the Coalition sent reinforcements to its bases in north-east Syria,
according to monitors who followed the convoys throughout the month.</p>
<p>On November 3, a convoy of 40 trucks entered Syria through Al-Waleed crossing from the Kurdistan Region of Iraq
and headed to Al-Shaddadi base.</p>
<ul><li>November 5: 30 trucks entered via Semalka crossing.</li><li>November 9: 25 trucks reached Rmilan.</li></ul>
</article>
<footer><p>Copyright notice of the example site.</p></footer>
<script>document.write("SECOND_SCRIPT")</script></body></html>"""


def test_html_reader_removes_boilerplate_and_keeps_the_article(tmp_path):
    path = tmp_path / "page.htm"
    path.write_text(HTML, encoding="utf-8")
    doc = read_one(path)
    assert doc.source_kind == "html"
    assert "a convoy of 40 trucks entered Syria through Al-Waleed crossing" in doc.text
    assert "November 5: 30 trucks entered via Semalka crossing." in doc.text
    for boilerplate in ("TRACKER_TOKEN", "SECOND_SCRIPT", "cookies", "Homepage link", "Archive link", ".menu",
                        "Copyright notice"):
        assert boilerplate not in doc.text
    assert doc.title == "98th month of Coalition operations in Syria | Raids go on"  # og:title
    assert doc.period.start == "2022-10-23"


def test_html_fallback_keeps_paragraphs_when_trafilatura_finds_nothing(tmp_path, monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *a, **k: None)
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    doc = read_one(path)
    lines = doc.text.split("\n")
    assert lines[0] == "98th month of Coalition operations in Syria"
    assert "- November 9: 25 trucks reached Rmilan." in lines
    for boilerplate in ("TRACKER_TOKEN", "SECOND_SCRIPT", "cookies", "Homepage link", "Copyright notice"):
        assert boilerplate not in doc.text


def test_html_title_falls_back_to_title_then_h1(tmp_path):
    page = "<html><head><title>Report title • Site</title></head><body><h1>Heading</h1>" + \
           "<p>" + "Convoy text. " * 40 + "</p></body></html>"
    path = tmp_path / "t.html"
    path.write_text(page, encoding="utf-8")
    assert read_one(path).title == "Report title"
    path.write_text(page.replace("<title>Report title • Site</title>", ""), encoding="utf-8")
    assert read_one(path).title == "Heading"


def test_jsonl_reader_one_document_per_line_with_meta(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        {"text": "First report\nbody one", "meta": {"id": "r-1", "title": "Meta title", "url": "https://x.test/1",
                                                    "published": "2022-09-23"}},
        {"text": "Second report\nbody two", "id": 7},
        {"text": "Third report\nbody three", "meta": {}},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n\n", encoding="utf-8")
    docs, errors = read_all(path)
    assert errors == []
    assert [d.key for d in docs] == ["r-1", "7", "batch-3"]
    assert [d.title for d in docs] == ["Meta title", "Second report", "Third report"]
    assert [d.source for d in docs] == ["https://x.test/1", str(path.absolute()), str(path.absolute())]
    assert docs[0].meta == lines[0]["meta"]  # the meta object, nothing added for a UTF-8 file
    assert docs[0].published == "2022-09-23" and docs[0].published_source == "meta"
    assert docs[1].meta == {} and docs[1].source_kind == "jsonl"


def test_folders_are_read_recursively_in_sorted_order_skipping_other_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("z report\n")
    (tmp_path / "b" / "a.md").write_text("# a report\n")
    (tmp_path / "c.TXT").write_text("c report\n")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "notes.docx").write_text("not read")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "h.txt").write_text("hidden report\n")
    docs, errors = read_all(tmp_path)
    assert errors == []
    assert [d.key for d in docs] == ["c", "a", "z"]  # files of a folder first, then its sub-folders, each sorted


def test_a_file_named_twice_is_read_once(tmp_path):
    path = tmp_path / "once.txt"
    path.write_text("once\n")
    docs, _ = read_all(path, tmp_path, str(path))
    assert len(docs) == 1


def test_read_file_and_read_text_document_agree(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text(COALITION_TXT)
    (from_file,) = list(read_file(path))
    in_memory = read_text_document(COALITION_TXT, source=str(path.absolute()), key="x", meta={"encoding": "utf-8"})
    assert from_file == in_memory


def test_markdown_front_matter_title_and_no_false_setext_heading(tmp_path):
    path = tmp_path / "front.md"
    path.write_text("---\nlayout: post\ndate: 2024-01-01\n---\n\nFirst paragraph.\n\n## Section\n", encoding="utf-8")
    assert read_one(path).title == "Section"  # not "date: 2024-01-01" underlined by the closing ---
    path.write_text('---\ntitle: "Front matter title"\n---\n\n# Heading\n', encoding="utf-8")
    assert read_one(path).title == "Front matter title"
