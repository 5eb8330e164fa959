"""A .spacy file written as Docs arrive, in bounded memory: the same bytes DocBin(...).to_disk(path) writes.

spaCy's DocBin keeps every added Doc's arrays and serialised spans and user data until to_bytes packs them into
one msgpack map and compresses it: 1.2 GB peak for a 10,000-report export (issue 13). The map's members are
lists and byte strings, and msgpack writes a list as a header and its items one after another, so each Doc's
parts are packed as it is added into spool files beside the output, and close() writes the map's headers and
streams the spools through one zlib stream (zlib gives the same bytes however its input is cut). What stays in
memory is the string table (each distinct string and its hash) and four bytes per Doc.
"""
from __future__ import annotations

import struct
import tempfile
import zlib
from array import array
from pathlib import Path
from typing import IO

import numpy as np

_STRING_ATTRS = ("ORTH", "TAG", "LEMMA", "NORM", "DEP", "ENT_TYPE", "ENT_KB_ID", "ENT_ID")
_SPOOLS = ("tokens", "spaces", "cats", "flags", "span_groups", "user_data")


def _bin_header(n: int) -> bytes:
    """msgpack's header for a byte string of n bytes (bin 8/16/32, the smallest that fits, as msgpack packs)."""
    if n < 1 << 8:
        return b"\xc4" + struct.pack(">B", n)
    if n < 1 << 16:
        return b"\xc5" + struct.pack(">H", n)
    return b"\xc6" + struct.pack(">I", n)


class DocBinWriter:
    """Add Docs, then close(): `path` then holds DocBin(attrs, store_user_data).add(each doc).to_disk(path)."""

    def __init__(self, path: Path, attrs: list[str] | None = None, store_user_data: bool = False) -> None:
        import srsly
        from spacy.attrs import IDS
        from spacy.tokens import DocBin

        reference = DocBin(attrs=attrs or ["ORTH"], store_user_data=store_user_data)
        self.path = Path(path)
        self.attrs, self.version, self.store_user_data = reference.attrs, reference.version, store_user_data
        self._columns = [*self.attrs, IDS["SPACY"], IDS["MORPH"], *(IDS[a] for a in _STRING_ATTRS)]
        self._constants: dict[tuple, bytes] = {}
        self._packer = srsly.msgpack.Packer(use_bin_type=True)  # what srsly.msgpack_dumps packs with
        self._spools: dict[str, IO[bytes]] = {
            name: tempfile.TemporaryFile(dir=self.path.parent, prefix=f".{self.path.name}.{name}-")
            for name in _SPOOLS}
        self.lengths = array("i")
        self.strings: set[str] = set()
        self._seen_hashes: set[int] = set()
        self._seen_morphs: set[int] = set()
        self._token_bytes = self._space_bytes = 0

    def __len__(self) -> int:
        return len(self.lengths)

    def add(self, doc) -> None:
        """What DocBin.add keeps, packed now."""
        pack, spools, k = self._packer.pack, self._spools, len(self.attrs)
        arr = doc.to_array(self._columns)  # the DocBin's attributes, then SPACY, MORPH and the string attributes
        tokens = np.ascontiguousarray(arr[:, :k]).tobytes("C")
        spools["tokens"].write(tokens)
        self._token_bytes += len(tokens)
        spaces = np.asarray(arr[:, k], dtype=bool).tobytes("C")
        spools["spaces"].write(spaces)
        self._space_bytes += len(spaces)
        self.lengths.append(len(arr))
        spools["flags"].write(self._packed(("flags", doc.has_unknown_spaces),
                                           {"has_unknown_spaces": doc.has_unknown_spaces}))
        cats = doc.cats
        spools["cats"].write(self._packed(("cats",), cats) if not cats else pack(cats))
        if self.store_user_data:
            spools["user_data"].write(pack(pack(doc.user_data)))
        spools["span_groups"].write(pack(doc.spans.to_bytes()))
        if len(arr):
            self._add_strings(doc, arr[:, k + 1], arr[:, k + 2:])
        for group in doc.spans.values():
            for span in group:
                self.strings.add(span.label_)
                if span.kb_id in span.doc.vocab.strings:
                    self.strings.add(span.kb_id_)
                if span.id in span.doc.vocab.strings:
                    self.strings.add(span.id_)

    def _packed(self, key: tuple, value) -> bytes:
        """The packing of a value that repeats (no categories, the same flags), kept."""
        found = self._constants.get(key)
        if found is None:
            found = self._constants[key] = self._packer.pack(value)
        return found

    def _add_strings(self, doc, morphs: np.ndarray, hashes: np.ndarray) -> None:
        """DocBin.add's per-token strings (text, tag, lemma, norm, morph, dep, entity type, kb id, entity id),
        from the Doc's hash arrays: each distinct hash is looked up once for the whole file."""
        new = set(hashes.ravel().tolist()) - self._seen_hashes
        if new:
            lookup = doc.vocab.strings
            self.strings.update(lookup[h] for h in new)
            self._seen_hashes |= new
        for h in set(morphs.tolist()) - self._seen_morphs:
            self.strings.add(str(doc[int(np.flatnonzero(morphs == h)[0])].morph))
            self._seen_morphs.add(h)

    def close(self) -> None:
        pack = self._packer.pack
        n = len(self.lengths)
        members = 10 if self.store_user_data else 9
        z = zlib.compressobj()
        with self.path.open("wb") as out:
            def put(data: bytes) -> None:
                out.write(z.compress(data))

            def stream(name: str) -> None:
                spool = self._spools[name]
                spool.seek(0)
                while chunk := spool.read(1 << 16):
                    put(chunk)

            put(self._packer.pack_map_header(members))
            put(pack("version") + pack(self.version) + pack("attrs") + pack(self.attrs))
            put(pack("tokens") + _bin_header(self._token_bytes))
            stream("tokens")
            put(pack("spaces") + _bin_header(self._space_bytes))
            stream("spaces")
            lengths = np.asarray(self.lengths, dtype="int32").tobytes("C")
            put(pack("lengths") + _bin_header(len(lengths)) + lengths)
            put(pack("strings") + self._packer.pack_array_header(len(self.strings)))
            put(b"".join(map(pack, sorted(self.strings))))
            for name in ("cats", "flags", "span_groups") + (("user_data",) if self.store_user_data else ()):
                put(pack(name) + self._packer.pack_array_header(n))
                stream(name)
            out.write(z.flush())
        self.discard()

    def discard(self) -> None:
        for spool in self._spools.values():
            spool.close()
