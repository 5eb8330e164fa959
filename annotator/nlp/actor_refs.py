"""Actor phrases that name their actor through another mention: a party's proxies and a speaker's own men.

- "Turkey and its mercenaries shelled ...", "regime forces and their militias": "its/their" + a proxy noun
  refers back to the party named just before in the same sentence; the proxies are the actor the
  configuration gives for that party (Turkey's are the Syrian National Army), else the party itself.
- "our units raided a house" in a statement or an interview, outside quotation marks: the organisation the
  headline names (one actor, no other) speaks; the phrase is that actor, and its argument is written with the
  headline's name (`antecedents`), since the phrase itself does not name it. "Our forces of X" names X itself.

resources/nlp/actors.json ("referents") holds the words. Measured on the regression sets (annotator evaluate, this
rule alone): actors registers 0.869 -> 0.885, outlets 0.870 -> 0.913; precision 0.935 -> 0.919 at first, as two of its
golds left a speaker's own men out, then 0.952 with roles.py `_defenders` ("our fighters repelled an attack by X")
and press-sdf-shuhayl's gold brought to the interview's convention (docs/annotation.md). Dev corpus unchanged.
"""
from __future__ import annotations

import numpy as np
from spacy.tokens import Doc

from .docutil import Found, LexemeSet, doc_text

ANTECEDENTS = "annotator.actor_antecedents"  # doc.user_data: mention start -> (start, end) of the name it refers to


def antecedent(doc: Doc, start: int) -> tuple[int, int] | None:
    """The (start, end) of the name a referring actor phrase at token `start` stands for, if any."""
    return (doc.user_data.get(ANTECEDENTS) or {}).get(start)


class ActorReferents:
    def __init__(self, cfg: dict, vocab, table) -> None:
        add = vocab.strings.add
        ids = lambda key: {add(w) for w in cfg.get(key, [])}  # noqa: E731
        self.possessives = ids("possessives")
        self.proxy_heads = ids("proxy_heads")
        self.ours = ids("ours")
        self.own_heads = ids("own_heads")
        self.modifiers = ids("modifiers")
        self.stops = ids("sentence_stops")
        self.of = add("of")
        self.window = int(cfg.get("window", 12))
        self.proxies = {}
        for party, proxy in cfg.get("proxies", {}).items():
            if table.get(party) is None or table.get(proxy) is None:
                raise ValueError(f"actors.json referents: unknown actor in proxies ({party!r} -> {proxy!r})")
            self.proxies[party] = table.get(proxy)
        self._cues = LexemeSet(vocab, "LOWER", [*cfg.get("possessives", []), *cfg.get("ours", [])])

    def find(self, doc: Doc, lower, found: list[Found]) -> list[Found]:
        """The referring phrases of `doc` (not inside a found mention), as Found with their actor."""
        cues = np.flatnonzero(self._cues.mask(doc)).tolist()  # a few per report: one array test
        if not cues:
            return []
        out: list[Found] = []
        speaker = None
        for i in cues:
            head = self._head(lower, i + 1)
            if head is None or (lower[head] not in self.proxy_heads and lower[head] not in self.own_heads) \
                    or any(f.start <= i < f.end for f in found):
                continue  # most "its" and "their" own something else; a cue inside a mention is its name's
            if lower[i] in self.possessives and lower[head] in self.proxy_heads:
                party = self._party_before(lower, i, found)
                if party is not None:
                    value = self.proxies.get(party.value.name, party.value)
                    out.append(Found(i, head + 1, doc[i:head + 1].text, value))
            elif lower[i] in self.ours and lower[head] in self.own_heads:
                if head + 1 < len(lower) and lower[head + 1] == self.of:
                    continue  # "our heroic forces of the Border Guards Command" names them
                if speaker is None:
                    speaker = self._headline_actor(doc, found) or False
                if speaker and not self._quoted(doc, i):
                    out.append(Found(i, head + 1, doc[i:head + 1].text, speaker.value))
                    doc.user_data.setdefault(ANTECEDENTS, {})[i] = (speaker.start, speaker.end)
        return out

    def _head(self, lower, k: int) -> int | None:
        n = len(lower)
        while k < n and lower[k] in self.modifiers:
            k += 1
        return k if k < n else None

    def _party_before(self, lower, i: int, found: list[Found]) -> Found | None:
        """The nearest mention that ends before token i in its sentence, within the window."""
        best = None
        for f in found:
            if f.end <= i and i - f.end <= self.window:
                best = f
            elif f.start >= i:
                break
        if best is None or any(lower[k] in self.stops for k in range(best.end, i)):
            return None
        return best

    @staticmethod
    def _headline_actor(doc: Doc, found: list[Found]) -> Found | None:
        """The one actor the document's first block (its headline) names, when it names exactly one."""
        blocks = doc._.blocks or []
        if len(blocks) < 2:
            return None
        b = blocks[0]
        named = [f for f in found if b.start <= f.start and f.end <= b.end]
        if not named or len({f.value.name for f in named}) != 1:
            return None
        return named[0]

    @staticmethod
    def _quoted(doc: Doc, i: int) -> bool:
        """Whether token i stands inside quotation marks of its line (an odd number of them before it)."""
        text = doc_text(doc)
        at = doc[i].idx
        line = text.rfind("\n", 0, at) + 1
        before = text[line:at]
        return (before.count('"') % 2 == 1) or before.count("“") > before.count("”")
