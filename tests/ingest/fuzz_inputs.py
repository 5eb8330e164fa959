"""A seeded generator of malformed and unusual inputs for `annotator import` and `extract`.

Each Case is a small folder of files plus the command line to run on it. Every case also holds `good.txt`,
a plain valid report, so a case also checks that one bad file never stops the others. The expectation of
each file is one of:
  a string   the text it must be stored with (after normalisation), or be refused with a message;
             stored with any other text is a silent mis-decoding
  REFUSE     it must be refused with a one-line message naming it
  ANY        stored or refused, as long as nothing raises or hangs
The texts are written here (fictional), never taken from ../shared.
"""
from __future__ import annotations

import codecs
import json
import random
from dataclasses import dataclass, field

REFUSE = "<refuse>"
ANY = "<any>"

GOOD = ("Forty-second month of fictional operations\n\n"
        "On 3 May, a convoy of 25 trucks entered the province through the northern crossing, heading to a base.\n\n"
        "On 9 May, two civilians were injured when a drone struck a car near the village of Tall Hamra.\n")

_SUBJECTS = ["A convoy of {n} trucks", "Local sources", "The monitoring team", "Two patrols", "A column of {n} vehicles",
             "Residents of the town", "The joint force", "An armoured unit"]
_VERBS = ["entered the region through the crossing", "was seen heading towards the airbase",
          "reported {n} arrests after a raid", "withdrew from the outskirts", "passed the checkpoint at dawn",
          "carried fuel tanks and cement blocks", "said {n} people were killed in the clashes"]
_EXTRA_LATIN = ["caf\u00e9", "na\u00efve", "Z\u00fcrich", "S\u00e3o Paulo", "r\u00e9sum\u00e9", "fa\u00e7ade",
                "K\u00f6ln", "Se\u00f1or Pe\u00f1a", "\u00e9lite", "d\u00e9j\u00e0 vu", "Ma\u00f1ana", "Gen\u00e8ve"]
_TYPOGRAPHY = ["\u2019s sources", " \u201cthe crossing\u201d", " \u2013 ", " reinforcements\u2026", " \u2022 note"]
_CENTRAL = ["\u0141\u00f3d\u017a", "P\u0159\u00edbram", "Gda\u0144sk", "\u017d\u010f\u00e1r", "Bratislav\u011b",
            "\u0161koda", "Wroc\u0142aw", "\u010cesk\u00fd"]
_ARABIC = ["\u062f\u062e\u0644\u062a \u0642\u0627\u0641\u0644\u0629", "\u0645\u0646 {n} \u0634\u0627\u062d\u0646\u0629",
           "\u0625\u0644\u0649 \u0627\u0644\u0645\u0646\u0637\u0642\u0629", "\u0639\u0628\u0631 \u0627\u0644\u0645\u0639\u0628\u0631",
           "\u0648\u0642\u0627\u0644\u062a \u0645\u0635\u0627\u062f\u0631 \u0645\u062d\u0644\u064a\u0629",
           "\u0641\u064a \u0631\u064a\u0641 \u0627\u0644\u0645\u062f\u064a\u0646\u0629"]


@dataclass
class Case:
    name: str
    category: str
    files: dict[str, bytes]  # path relative to the case folder -> content
    expect: dict[str, str]  # path -> expected text, REFUSE or ANY (good.txt is added by the runner)
    command: str = "import"  # or "extract"
    args: list[str] = field(default_factory=list)  # extra options; the folder's files are the paths
    paths: list[str] | None = None  # the PATH arguments, relative to the folder; default: every file
    symlinks: dict[str, str] = field(default_factory=dict)  # link -> target (relative)
    size: int = 0  # bytes of input, for the time bound
    expect_usage_error: bool = False  # click refuses the command line itself (exit 2, one line)

    def __post_init__(self) -> None:
        self.size = sum(len(b) for b in self.files.values())


def prose(rng: random.Random, sentences: int, extra: list[str] | None = None, typography: bool = True) -> str:
    out = []
    for i in range(sentences):
        s = f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)}".format(n=rng.randint(2, 90))
        if extra and rng.random() < 0.6:
            s += f" near {rng.choice(extra)}"
        if typography and rng.random() < 0.5:
            s += rng.choice(_TYPOGRAPHY)
        out.append(s + ".")
        if i % 4 == 3:
            out.append("\n\n")
    return "Report of the month\n\n" + " ".join(out).replace(" \n\n ", "\n\n") + "\n"


def arabic(rng: random.Random, sentences: int) -> str:
    out = [" ".join(rng.choice(_ARABIC) for _ in range(5)).format(n=rng.randint(2, 90)) + "." for _ in range(sentences)]
    return "\u062a\u0642\u0631\u064a\u0631 \u0627\u0644\u0634\u0647\u0631\n\n" + " ".join(out) + "\n"


def encoding_cases(rng: random.Random, seeds: int) -> list[Case]:
    cases = []
    for i in range(seeds):
        western = prose(rng, 12, _EXTRA_LATIN)
        plain = prose(rng, 12, _EXTRA_LATIN, typography=False)
        central = prose(rng, 12, _CENTRAL, typography=False)
        ar = arabic(rng, 10)
        for enc, text in (("cp1252", western), ("latin-1", plain), ("mac-roman", western), ("cp1250", central),
                          ("cp1256", ar), ("utf-16", western), ("utf-8-sig", western)):
            cases.append(Case(f"enc-{enc}-{i}", "encoding", {"report.txt": text.encode(enc)}, {"report.txt": text}))
        # UTF-8 with one to three stray cp1252 bytes (typed into a UTF-8 file): repaired, or refused
        spaces = [k for k, ch in enumerate(western) if ch == " "]
        cuts = sorted(rng.sample(spaces, 1 + i % 3))
        pieces = [western[a:b] for a, b in zip([0] + cuts, cuts + [len(western)])]
        chars = [rng.choice(["\u2019", "\u00e9", "\u2013"]) for _ in cuts]
        data = pieces[0].encode("utf-8") + b"".join(c.encode("cp1252") + p.encode("utf-8")
                                                      for c, p in zip(chars, pieces[1:]))
        stray = pieces[0] + "".join(c + p for c, p in zip(chars, pieces[1:]))
        cases.append(Case(f"enc-utf8-stray-{i}", "encoding", {"report.txt": data}, {"report.txt": stray}))
        # the right --encoding always works
        cases.append(Case(f"enc-option-macroman-{i}", "encoding", {"report.txt": western.encode("mac-roman")},
                          {"report.txt": western}, args=["--encoding", "mac-roman"]))
    return cases


def long_cases(rng: random.Random, sizes: list[int]) -> list[Case]:
    cases = []
    for size in sizes:
        paragraphs, total = [], 0
        while total < size:
            p = prose(rng, 8)
            paragraphs.append(p)
            total += len(p) + 1
        text = "\n".join(paragraphs)
        cases.append(Case(f"long-{size}", "long", {"long.txt": text.encode("utf-8")}, {"long.txt": text}))
    cases.append(Case("long-over-limit", "long", {"huge.txt": b"a" * (20 * 1024 * 1024 + 1)}, {"huge.txt": REFUSE}))
    one_line = ("word " * 220_000).strip()  # over 1,000,000 characters without a line break
    cases.append(Case("long-one-line", "long", {"line.txt": one_line.encode()}, {"line.txt": one_line}))
    cases.append(Case("long-extract", "long", {"long.txt": ("\n\n".join([GOOD] * 5000)).encode()},
                      {"long.txt": ANY}, command="extract"))
    return cases


def hang_cases() -> list[Case]:
    cases = []
    for char in "#@([-.*'/=_!a1\u0663\u00e9<&%":
        for size in (16_000, 100_000):
            cases.append(Case(f"run-{ord(char)}-{size}", "hang", {"run.txt": (char * size).encode("utf-8")},
                              {"run.txt": ANY}))
    for size in (10_000, 150_000):
        for pattern in ("[", "[](", "*_", "![", "`", "\\["):
            heading = "# " + pattern * (size // len(pattern)) + "\n\nbody text of the report.\n"
            cases.append(Case(f"md-heading-{len(pattern)}-{pattern[0]!r}-{size}", "hang",
                              {"heading.md": heading.encode()}, {"heading.md": ANY}))
    attrs = " ".join(f'a{i}="v{i}"' for i in range(40_000))
    cases.append(Case("html-40k-attributes", "hang",
                      {"page.html": f"<html><body><p {attrs}>A convoy entered the town.</p></body></html>".encode()},
                      {"page.html": ANY}))
    for depth in (5_000, 50_000):
        html = "<html><body>" + "<div>" * depth + "A convoy entered the town." + "</div>" * depth + "</body></html>"
        cases.append(Case(f"html-nested-{depth}", "hang", {"deep.html": html.encode()}, {"deep.html": ANY}))
    many = "<html><body>" + "<p>A convoy entered.</p>" * 100_000 + "</body></html>"
    cases.append(Case("html-100k-paragraphs", "hang", {"many.html": many.encode()}, {"many.html": ANY}))
    cases.append(Case("html-lt-run", "hang", {"lt.html": ("<" * 200_000).encode()}, {"lt.html": ANY}))
    cases.append(Case("md-front-matter-open", "hang", {"fm.md": ("---\n" + "title: x\n" * 50_000).encode()},
                      {"fm.md": ANY}))
    cases.append(Case("digits-run-spaced", "hang", {"n.txt": ("1 " * 200_000).encode()}, {"n.txt": ANY}))
    return cases


def _jsonl(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")


def jsonl_cases() -> list[Case]:
    good = json.dumps({"text": GOOD.replace("25", "77"), "meta": {"id": "line-good"}})
    text = "On 3 May a convoy of 25 trucks entered Tall Hamra.\n"
    bad_lines = {
        "nest-list-50k": "[" * 50_000 + "]" * 50_000,
        "nest-obj-50k": '{"a":' * 50_000 + "1" + "}" * 50_000,
        "nest-text-2k": json.dumps({"text": text, "meta": {"x": json.loads("[" * 900 + "]" * 900)}}),
        "digits-5000": '{"text": "a report", "meta": {"n": ' + "9" * 5000 + "}}",
        "digits-5000-spans": '{"text": "' + text.strip() + '", "spans": [{"start": ' + "1" * 5000 + ', "end": 3}]}',
        "float-huge": '{"text": "a report", "meta": {"n": 1e999999}}',
        "lone-surrogate-text": '{"text": "a convoy \\ud800 entered"}',
        "lone-surrogate-meta": '{"text": "a convoy entered", "meta": {"title": "\\udfff"}}',
        "lone-surrogate-key": '{"text": "a convoy entered", "meta": {"id": "\\ud801"}}',
        "spans-string": json.dumps({"text": text, "spans": "convoy"}),
        "spans-number": json.dumps({"text": text, "spans": 7}),
        "spans-list-of-strings": json.dumps({"text": text, "spans": ["convoy"]}),
        "spans-no-start": json.dumps({"text": text, "spans": [{"label": "convoy", "end": 5}]}),
        "spans-beyond": json.dumps({"text": text, "spans": [{"label": "convoy", "start": 2, "end": 99999}]}),
        "spans-negative": json.dumps({"text": text, "spans": [{"label": "convoy", "start": -5, "end": 3}]}),
        "spans-reversed": json.dumps({"text": text, "spans": [{"label": "convoy", "start": 9, "end": 3}]}),
        "spans-float": json.dumps({"text": text, "spans": [{"label": "convoy", "start": 1.5, "end": 3}]}),
        "spans-bool": json.dumps({"text": text, "spans": [{"label": "convoy", "start": True, "end": 3}]}),
        "spans-label-list": json.dumps({"text": text, "spans": [{"label": ["convoy"], "start": 0, "end": 3}]}),
        "annotator-string": json.dumps({"text": text, "_annotator": "all"}),
        "annotator-list": json.dumps({"text": text, "_annotator": ["all"]}),
        "annotator-number": json.dumps({"text": text, "_annotator": 3}),
        "events-string": json.dumps({"text": text, "events": "none"}),
        "events-list-of-numbers": json.dumps({"text": text, "events": [1, 2]}),
        "events-bad-type": json.dumps({"text": text, "events": [{"type": 5, "start": 0, "end": 5}]}),
        "events-unknown-type": json.dumps({"text": text, "events": [{"type": "party", "start": 0, "end": 5}]}),
        "events-lat-string": json.dumps({"text": text, "events": [{"type": "convoy", "start": 0, "end": 20,
                                                                   "status": "accepted", "lat": "north",
                                                                   "lon": "east"}]}),
        "events-lat-list": json.dumps({"text": text, "events": [{"type": "convoy", "start": 0, "end": 20,
                                                                 "status": "accepted", "lat": [1], "lon": 2}]}),
        "events-lat-nan": '{"text": ' + json.dumps(text) + ', "events": [{"type": "convoy", "start": 0, "end": 20, '
                          '"status": "accepted", "lat": NaN, "lon": Infinity}]}',
        "events-lat-range": json.dumps({"text": text, "events": [{"type": "convoy", "start": 0, "end": 20,
                                                                  "status": "accepted", "lat": 400, "lon": -999}]}),
        "events-counts-bad": json.dumps({"text": text, "events": [{"type": "convoy", "start": 0, "end": 20,
                                                                   "counts": {"trucks": "many"}}]}),
        "events-counts-list": json.dumps({"text": text, "events": [{"type": "convoy", "start": 0, "end": 20,
                                                                    "counts": [25]}]}),
        "events-args-bad": json.dumps({"text": text, "events": [{"type": "convoy", "start": 0, "end": 20,
                                                                 "arguments": [{"role": "actor"}]}]}),
        "events-status-bad": json.dumps({"text": text, "events": [{"type": "convoy", "start": 0, "end": 20,
                                                                   "status": 5}]}),
        "events-date-bad": json.dumps({"text": text, "events": [{"type": "convoy", "start": 0, "end": 20,
                                                                 "date": {"y": 1}}]}),
        "events-confidence-bad": json.dumps({"text": text, "events": [{"type": "convoy", "start": 0, "end": 20,
                                                                       "confidence": "high"}]}),
        "facts-bad": json.dumps({"text": text, "facts": [{"kind": "trucks", "value": "x", "start": "a"}]}),
        "facts-string": json.dumps({"text": text, "facts": "none"}),
        "answer-list": json.dumps({"text": text, "answer": ["accept"], "spans": []}),
        "meta-list": json.dumps({"text": text, "meta": [1]}),
        "meta-published-bad": json.dumps({"text": text, "meta": {"published": "yesterday"}}),
        "meta-published-number": json.dumps({"text": text, "meta": {"published": 20220101}}),
        "meta-id-object": json.dumps({"text": text, "meta": {"id": {"a": 1}}}),
        "meta-title-long": json.dumps({"text": text, "meta": {"title": "[" * 100_000}}),
        "text-number": json.dumps({"text": 5}),
        "text-empty": json.dumps({"text": "  "}),
        "text-nul": json.dumps({"text": "a convoy\u0000 entered"}),
        "no-text": json.dumps({"meta": {}}),
        "array-line": "[1, 2, 3]",
        "string-line": '"just a string"',
        "truncated": '{"text": "a conv',
        "trailing-garbage": json.dumps({"text": text}) + " xyz",
        "crlf-annotated": json.dumps({"text": "a convoy\r\nentered", "spans": [{"label": "convoy", "start": 0,
                                                                              "end": 8}]}),
    }
    cases = []
    for name, line in bad_lines.items():
        cases.append(Case(f"jsonl-{name}", "jsonl", {"lines.jsonl": _jsonl(good, line)}, {"lines.jsonl": ANY}))
    cases.append(Case("jsonl-bom", "jsonl", {"lines.jsonl": codecs.BOM_UTF8 + _jsonl(good)}, {"lines.jsonl": ANY}))
    cases.append(Case("jsonl-only-blank", "jsonl", {"lines.jsonl": b"\n\n\n"}, {"lines.jsonl": REFUSE}))
    cases.append(Case("jsonl-6000-events", "jsonl", {"lines.jsonl": _jsonl(json.dumps({
        "text": text * 600, "events": [{"type": "convoy", "start": i * len(text), "end": i * len(text) + 20,
                                        "status": "accepted"} for i in range(600)]}))}, {"lines.jsonl": ANY}))
    return cases


def path_cases() -> list[Case]:
    return [
        Case("path-symlink-loop-file", "paths", {}, {}, symlinks={"loop.txt": "loop.txt"}, paths=["."]),
        Case("path-symlink-loop-dir", "paths", {"sub/a.txt": GOOD.replace("25", "26").encode()},
             {"sub/a.txt": ANY}, symlinks={"sub/again": ".."}, paths=["."]),
        Case("path-symlink-loop-named", "paths", {}, {}, symlinks={"loop.txt": "loop.txt"}, paths=["loop.txt"]),
        Case("path-dangling", "paths", {}, {}, symlinks={"gone.txt": "nowhere.txt"}, paths=["gone.txt"]),
        Case("path-empty-string", "paths", {}, {}, paths=[""]),
        Case("path-non-utf8-name", "paths", {b"caf\xe9.txt".decode("utf-8", "surrogateescape"):
                                             GOOD.replace("25", "27").encode()},
             {b"caf\xe9.txt".decode("utf-8", "surrogateescape"): ANY}),
        Case("path-newline-name", "paths", {"two\nlines.txt": GOOD.replace("25", "28").encode()},
             {"two\nlines.txt": ANY}),
        Case("path-dir-named-txt", "paths", {"folder.txt/inner.md": GOOD.replace("25", "29").encode()},
             {"folder.txt/inner.md": ANY}, paths=["folder.txt"]),
        Case("path-missing", "paths", {}, {}, paths=["missing.txt"]),
        Case("extract-published-bad", "paths", {"r.txt": GOOD.replace("25", "30").encode()}, {"r.txt": ANY},
             command="extract", args=["--published", "not-a-date"], expect_usage_error=True),
        Case("import-published-bad", "paths", {"r.txt": GOOD.replace("25", "31").encode()}, {"r.txt": ANY},
             args=["--published", "2022-13-45"], expect_usage_error=True),
        Case("encoding-unknown", "paths", {"r.txt": GOOD.replace("25", "32").encode()}, {"r.txt": ANY},
             args=["--encoding", "klingon"], expect_usage_error=True),
        Case("extract-encoding-wrong", "paths", {"r.txt": "caf\u00e9 \u2019".encode("utf-8")}, {"r.txt": REFUSE},
             command="extract", args=["--encoding", "ascii"]),
    ]


def basic_cases(rng: random.Random, seeds: int) -> list[Case]:
    cases = [
        Case("empty", "basic", {"e.txt": b""}, {"e.txt": REFUSE}),
        Case("whitespace", "basic", {"w.md": b" \n\t\r\n"}, {"w.md": REFUSE}),
        Case("bom-only", "basic", {"b.txt": codecs.BOM_UTF8}, {"b.txt": REFUSE}),
        Case("unsupported-ext", "basic", {"r.pdf": b"%PDF-1.4"}, {"r.pdf": REFUSE}, paths=["r.pdf"]),
        Case("html-script-only", "basic", {"s.html": b"<html><script>var a=1;</script></html>"}, {"s.html": REFUSE}),
        Case("html-empty-body", "basic", {"s.html": b"<html><body></body></html>"}, {"s.html": REFUSE}),
        Case("utf16-odd", "basic", {"u.txt": codecs.BOM_UTF16_LE + "a convoy".encode("utf-16-le") + b"\x00"},
             {"u.txt": ANY}),
        Case("utf8-truncated-end", "basic", {"t.txt": (GOOD + "\u2019").encode()[:-1]}, {"t.txt": ANY}),
        Case("pdf-as-txt", "basic", {"p.txt": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nstream\n\x00\x01\xff"},
             {"p.txt": REFUSE}),
        Case("zip-as-md", "basic", {"z.md": b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256))},
             {"z.md": REFUSE}),
        Case("superscript", "basic", {"s.txt": b"An area of 3\xc2\xb2 km was shelled; 25 trucks entered on 3 May."},
             {"s.txt": "An area of 3\u00b2 km was shelled; 25 trucks entered on 3 May."}),
    ]
    for i in range(seeds):
        n = rng.choice([10, 100, 1000, 5000, 50_000])
        cases.append(Case(f"binary-{i}", "basic", {"b.txt": bytes(rng.randrange(256) for _ in range(n))},
                          {"b.txt": ANY}))
        controls = "".join(rng.choice("\x01\x02\x07\x1b\x7f abc") for _ in range(2000))
        cases.append(Case(f"controls-{i}", "basic", {"c.txt": controls.encode()}, {"c.txt": ANY}))
    return cases


def random_text_cases(rng: random.Random, seeds: int) -> list[Case]:
    """Random Unicode (every plane but surrogates) mixed into report-like prose, as .txt .md and .html."""
    pools = [
        lambda: chr(rng.randrange(0x20, 0x250)),
        lambda: chr(rng.choice([0x2070, 0x00b2, 0x00b3, 0x00b9, 0x2074, 0x2075, 0x2080, 0x2081, 0x0663, 0x0966,
                                0x00bd, 0x2153, 0x216b, 0x3007, 0x1d7ce, 0xff11])),
        lambda: chr(rng.randrange(0x600, 0x700)),
        lambda: chr(rng.choice([0x200e, 0x200f, 0x202e, 0x2066, 0xfeff, 0x00ad, 0x200b, 0x2028, 0x2029])),
        lambda: chr(rng.randrange(0x1f300, 0x1f6ff)),
        lambda: rng.choice(["12", "3,000", "1.5", "25th", "2nd", "IV", "½", "-", "–", "—", "$", "%", "\n", "  "]),
    ]
    cases = []
    for i in range(seeds):
        base = prose(rng, 10, _EXTRA_LATIN)
        chars = list(base)
        for _ in range(rng.randint(5, 200)):
            pos = rng.randrange(len(chars))
            chars.insert(pos, rng.choice(pools)())
        text = "".join(chars)
        ext = rng.choice([".txt", ".md", ".txt"])
        cases.append(Case(f"random-{i}", "random", {f"r{ext}": text.encode("utf-8")}, {f"r{ext}": ANY}))
    return cases


def mixed_cases(rng: random.Random) -> list[Case]:
    """Folders of many good reports and one bad one: the good ones must all go in."""
    bads = {"empty.txt": b"", "binary.txt": bytes(range(256)) * 10, "sup.txt": "Fields of 4\u00b3 and 3\u00b2.".encode(),
            "hash.txt": b"#" * 16_000, "bad.jsonl": b'{"text": 5}\n'}
    cases = []
    for name, data in bads.items():
        files = {f"good-{k:02d}.txt": GOOD.replace("25", str(100 + k)).encode() for k in range(40)}
        files[name] = data
        expect = {f: GOOD.replace("25", str(100 + k)) for k, f in enumerate(sorted(f for f in files if f != name))}
        expect[name] = ANY
        cases.append(Case(f"mixed-{name}", "mixed", files, expect, paths=["."]))
    return cases


def ci_cases(seed: int = 11) -> list[Case]:
    """The pytest selection: every kind of case, fewer seeds, no multi-megabyte texts (the sweep has those)."""
    rng = random.Random(seed)
    cases = (encoding_cases(rng, 3) + [c for c in long_cases(rng, []) if c.name == "long-over-limit"]
             + hang_cases() + jsonl_cases() + path_cases() + basic_cases(rng, 10) + random_text_cases(rng, 40)
             + mixed_cases(rng)[:2])
    return [c for c in cases if c.name != "jsonl-6000-events"]  # a slow import, not a malformed one


def all_cases(seed: int = 9, scale: int = 1) -> list[Case]:
    """About 620 cases at scale 1 (the sweep); a smaller scale keeps the pytest run fast."""
    rng = random.Random(seed)
    cases = (encoding_cases(rng, 12 * scale) + long_cases(rng, [1_050_000, 2_000_000, 5_000_000][:1 + 2 * (scale > 0)])
             + hang_cases() + jsonl_cases() + path_cases() + basic_cases(rng, 70 * scale)
             + random_text_cases(rng, 222 * scale) + mixed_cases(rng))
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases


# -- running a case and judging its outcome -------------------------------------------------------------------
def materialize(case: Case, root) -> tuple[object, list[str]]:
    """Write the case's files under root (a pathlib.Path); return (folder, the CLI's argv without the command)."""
    import os
    from pathlib import Path

    folder = Path(root) / case.name
    folder.mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    for rel, data in case.files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for link, target in case.symlinks.items():
        os.symlink(target, folder / link)
    paths = case.paths if case.paths is not None else sorted(case.files)
    argv = [p if p == "" else str(folder / p) for p in paths]
    if "." not in (case.paths or []):
        argv.append(str(folder / "good.txt"))
    return folder, argv + list(case.args)


def shown(name: str) -> str:
    """How a file name may appear in a message: undecodable bytes escaped, line breaks escaped."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def classify(case: Case, folder, db, exit_code: int | None, stdout: str, stderr: str, exception: str | None
             ) -> list[str]:
    """The bad outcomes of one run: traceback, aborted, misdecoded, partial, unnamed, usage (no time here)."""
    import sqlite3
    import unicodedata

    problems = []
    if exception or "Traceback" in stdout + stderr or exit_code not in (0, 1, 2):
        problems.append("traceback")
    if case.expect_usage_error:
        if exit_code != 2 and "traceback" not in problems:
            problems.append("usage-not-refused")
        return problems
    if exit_code == 2:
        problems.append("usage-error")
        return problems
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    stored: dict[str, str] = {}
    if case.command == "import" and db.exists():
        con = sqlite3.connect(db)
        try:
            rows = con.execute("SELECT source, text, pipeline_version FROM documents").fetchall()
        except sqlite3.Error:
            rows = []
        con.close()
        for source, text, version in rows:
            stored[source] = text
            if version is None:
                problems.append("partial")  # stored without its extraction
        con = sqlite3.connect(db)
        try:  # accepted, then breaking an export later: coordinates that are not numbers
            odd = con.execute("SELECT count(*) FROM events WHERE typeof(lat) NOT IN ('real', 'integer', 'null') "
                              "OR typeof(lon) NOT IN ('real', 'integer', 'null') OR abs(lat) > 90 "
                              "OR abs(lon) > 180").fetchone()[0]
        except sqlite3.Error:
            odd = 0
        con.close()
        if odd:
            problems.append("bad-data")
        if not any(s.endswith("good.txt") for s in stored):
            problems.append("aborted")
    elif case.command == "extract" and '"id": "good"' not in stdout:
        problems.append("aborted")
    for rel, want in case.expect.items():
        path = str((folder / rel).absolute())
        text = stored.get(path, stored.get(shown(path).replace("\n", "\\n"))) if case.command == "import" else None
        named = any(shown(rel.rsplit("/", 1)[-1]).replace("\n", "\\n") in ln
                    or rel.rsplit("/", 1)[-1] in ln for ln in lines)
        if text is not None and want not in (REFUSE, ANY):
            expected = unicodedata.normalize("NFC", want.lstrip("\ufeff").replace("\r\n", "\n"))
            if text != expected:
                problems.append("misdecoded")
        if text is None and case.command == "import" and not named and not rel.endswith(".jsonl"):
            problems.append("unnamed")  # neither stored nor named in a message
        if want == REFUSE and text is not None:
            problems.append("accepted-bad")
    return problems


# -- `--db` given something that cannot be (or must not become) an annotator database ---------------------------
@dataclass
class DbCase:
    name: str
    kind: str  # how make_db builds it
    words: str  # what the one-line message must say ("" : any problem, as long as it is one line naming the file)
    exit_code: int = 1  # 2: click refuses the option itself (a folder)


def db_cases() -> list[DbCase]:
    return [
        DbCase("db-under-a-file", "under_file", "is a file, not a folder"),
        DbCase("db-name-300", "long_name", "too long"),
        DbCase("db-in-proc", "proc", "unable to open"),
        DbCase("db-a-folder", "folder", "is a directory", exit_code=2),
        DbCase("db-text-file", "text", "not an SQLite database"),
        DbCase("db-other-program", "foreign", "not an annotator database"),
        DbCase("db-newer-rollback-journal", "newer", "newer version"),
        DbCase("db-header-then-garbage", "garbage", ""),
    ]


def make_db(case: DbCase, root) -> tuple[object, bytes | None]:
    """Build the case's --db target under root; return (its path, its bytes when it exists: it must stay so)."""
    import sqlite3
    from pathlib import Path

    root = Path(root)
    if case.kind == "under_file":
        (root / "notes.txt").write_text("a file")
        return root / "notes.txt" / "x.db", None
    if case.kind == "long_name":
        return root / ("d" * 300 + ".db"), None
    if case.kind == "proc":
        return Path("/proc/annotator-fuzz.db"), None
    db = root / "case.db"
    if case.kind == "folder":
        db.mkdir()
        return db, None
    if case.kind == "text":
        db.write_text("minutes of the weekly meeting\n" * 20)
    elif case.kind == "garbage":
        db.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 8)
    else:
        con = sqlite3.connect(db)
        if case.kind == "foreign":
            con.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        else:  # newer: an annotator file whose schema this version does not know, in rollback-journal mode
            con.execute("CREATE TABLE _sqlite_migrations (migration_set TEXT, name TEXT, applied_at TEXT)")
            con.execute("INSERT INTO _sqlite_migrations VALUES ('annotator', '9999_from_the_future', '2099')")
        con.commit()
        con.close()
    return db, db.read_bytes()
