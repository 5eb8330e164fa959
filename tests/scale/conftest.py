"""A small generated database built by the benchmark's fast fill, with a cheap stand-in for extraction."""
from pathlib import Path
from types import SimpleNamespace

import pytest

from annotator.domain import Argument, Count, Event, Fact


def cheap_extraction(docs):
    """Two events and one stated total per report, placed on the report's own first lines: enough rows for the
    fill to copy and the queries and exports to read, without loading the rules pipeline."""
    out = []
    for d in docs:
        lines = [i for i, ch in enumerate(d.text) if ch == "\n"][:3]
        a, b, c = lines[0], lines[1], lines[2]
        day = (d.period.start if d.period else "2022-01-01")[:8] + "10"
        out.append(SimpleNamespace(
            events=[Event(type="convoy", start=0, end=a, evidence=d.text[:a], date=day, direction="entering",
                          counts={"trucks": Count(20)}, location="Semalka",
                          arguments=[Argument("location", 0, min(5, a), d.text[:min(5, a)], "Semalka", None)]),
                    Event(type="security_operation", start=a + 1, end=b, evidence=d.text[a + 1:b], date=day,
                          actors=["SDF"], counts={"arrested": Count(2)})],
            facts=[Fact(kind="trucks", value=20, start=b + 1, end=c, evidence=d.text[b + 1:c])]))
    return out


def build(path: Path, n: int) -> Path:
    from annotator.bench_fill import fill

    fill(path, n, pool=5, extract=cheap_extraction, per_month=10)  # six months of ten reports at 60
    return path


@pytest.fixture(scope="module")
def scale_db(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("scale") / "scale.db", 60)
