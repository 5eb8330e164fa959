"""brat's own rules for standoff files, as its server checks them (server/src/annotation.py and the
configuration docs), written out for the tests: ids, T/E/A/N/# line shapes, offsets against the text, types
and roles declared in annotation.conf, attribute values, normalisation resources declared in tools.conf, and
the warnings brat shows (an event trigger shared by two events, identical textbounds)."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path


def _sections(conf: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    current = None
    for line in conf.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r"\[(\w+)\]", line)
        if m:
            current = m.group(1)
            out.setdefault(current, [])
        elif current:
            out[current].append(line)
    return out


def check_folder(folder: Path) -> list[str]:
    """Problems brat would report (errors and warnings) for every .ann in the folder; [] when clean."""
    conf = _sections((folder / "annotation.conf").read_text(encoding="utf-8"))
    tools = _sections((folder / "tools.conf").read_text(encoding="utf-8")) if (folder / "tools.conf").exists() else {}
    entities = {e.split("\t")[0] for e in conf.get("entities", [])}
    events = {}
    for line in conf.get("events", []):
        name, _, args = line.partition("\t")
        roles = {}
        for arg in filter(None, (a.strip() for a in args.split(","))):
            role, _, types = arg.partition(":")
            roles[role.rstrip("*?+{}0123456789")] = set(types.split("|"))
        events[name] = roles
    attributes = {}
    for line in conf.get("attributes", []):
        name, _, spec = line.partition("\t")
        parts = dict(p.strip().split(":", 1) for p in spec.split(","))
        attributes[name] = (set(parts["Arg"].split("|")), set(parts.get("Value", "").split("|")) - {""})
    resources = {line.split("\t")[0] for line in tools.get("normalization", [])}
    problems = []
    for ann_path in sorted(folder.glob("*.ann")):
        text = ann_path.with_suffix(".txt").read_text(encoding="utf-8")
        lines = ann_path.read_text(encoding="utf-8").splitlines()
        where = ann_path.name
        ids, types, spans = set(), {}, {}
        for line in lines:
            ident = line.split("\t", 1)[0]
            if ident in ids:
                problems.append(f"{where}: duplicate id {ident}")
            ids.add(ident)
            if ident.startswith("T"):
                m = re.fullmatch(r"(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)", line)
                if not m:
                    problems.append(f"{where}: malformed textbound {line!r}")
                    continue
                frags = [tuple(map(int, f.split())) for f in m.group(3).split(";")]
                if any(a >= b for a, b in frags) or any(b1 > a2 for (_, b1), (a2, _) in zip(frags, frags[1:])):
                    problems.append(f"{where}: {ident} fragments out of order")
                if m.group(4) != " ".join(text[a:b] for a, b in frags):
                    problems.append(f"{where}: {ident} text does not match the offsets")
                if m.group(2) not in entities and m.group(2) not in events:
                    problems.append(f"{where}: {ident} type {m.group(2)} not declared")
                types[ident], spans[ident] = m.group(2), (m.group(2), tuple(frags))
        for dup, n in Counter(spans.values()).items():
            if n > 1:
                problems.append(f"{where}: {n} identical textbounds {dup}")
        triggers = Counter()
        for line in lines:
            ident, _, rest = line.partition("\t")
            if ident.startswith("E"):
                parts = rest.split(" ")
                etype, _, trig = parts[0].partition(":")
                triggers[trig] += 1
                if types.get(trig) != etype or etype not in events:
                    problems.append(f"{where}: {ident} trigger {trig} is not a {etype}")
                for part in parts[1:]:
                    role, _, target = part.partition(":")
                    allowed = events.get(etype, {}).get(role.rstrip("0123456789"))
                    if target not in ids:
                        problems.append(f"{where}: {ident} argument {target} missing")
                    elif allowed is None or types.get(target) not in allowed:
                        problems.append(f"{where}: {ident} role {role} cannot take {types.get(target)}")
                types[ident] = etype
            elif ident.startswith("A"):
                name, target, *value = rest.split(" ")
                arg_types, values = attributes.get(name, (set(), set()))
                if name not in attributes or target not in ids:
                    problems.append(f"{where}: {ident} attribute {name} on {target} undeclared or dangling")
                elif not ({types.get(target), "<EVENT>" if types.get(target) in events else ""} & arg_types):
                    problems.append(f"{where}: {ident} {name} not allowed on {types.get(target)}")
                elif values and (len(value) != 1 or value[0] not in values):
                    problems.append(f"{where}: {ident} {name} value {value} not declared")
            elif ident.startswith("N"):
                m = re.fullmatch(r"Reference (\S+) (\w+):(\S+)\t(.*)", rest)
                if not m or m.group(1) not in ids:
                    problems.append(f"{where}: malformed or dangling normalisation {line!r}")
                elif m.group(2) not in resources:
                    problems.append(f"{where}: {ident} resource {m.group(2)} not declared in tools.conf")
            elif ident.startswith("#"):
                m = re.fullmatch(r"AnnotatorNotes (\S+)\t(.*)", rest)
                if not m or m.group(1) not in ids:
                    problems.append(f"{where}: malformed or dangling note {line!r}")
            elif not ident.startswith("T"):
                problems.append(f"{where}: unknown line {line!r}")
        for trig, n in triggers.items():
            if n > 1:
                problems.append(f"{where}: trigger {trig} shared by {n} events")
    return problems
