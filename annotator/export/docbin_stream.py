"""A .spacy file written as Docs arrive, in bounded memory: the same bytes DocBin(...).to_disk(path) writes.

spaCy's DocBin keeps every added Doc's arrays and serialised spans and user data until to_bytes packs them into
one msgpack map and compresses it: 1.2 GB peak for a 10,000-report export (issue 13). The map's members are
lists and byte strings, and msgpack writes a list as a header and its items one after another, so each Doc's
parts are packed as it is added into spool files beside the output, and close() writes the map's headers and
streams the spools through one zlib stream (zlib gives the same bytes however its input is cut). What stays in
memory is the string table (each distinct string and its hash) and four bytes per Doc.
"""
from __future__ import annotations

import io
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
    """Add Docs, then close(): `path` then holds DocBin(attrs, store_user_data).add(each doc).to_disk(path).

    path=None keeps the parts in memory, for a block of examples that write_part hands to another writer's
    add_part (a parallel export's worker, export/parallel.py): the file is then the one a single writer given
    every example in block order writes."""

    def __init__(self, path: Path | None, attrs: list[str] | None = None, store_user_data: bool = False) -> None:
        import srsly
        from spacy.attrs import IDS
        from spacy.tokens import DocBin

        reference = DocBin(attrs=attrs or ["ORTH"], store_user_data=store_user_data)
        self.path = Path(path) if path is not None else None
        self.attrs, self.version, self.store_user_data = reference.attrs, reference.version, store_user_data
        # Doc.to_array of these gives what DocBin.add reads: its attributes, then SPACY, MORPH and the string ones
        self.columns = [*self.attrs, IDS["SPACY"], IDS["MORPH"], *(IDS[a] for a in _STRING_ATTRS)]
        self._constants: dict[tuple, bytes] = {}
        self._packer = srsly.msgpack.Packer(use_bin_type=True)  # what srsly.msgpack_dumps packs with
        self._spools: dict[str, IO[bytes]] = {
            # a large buffer: a report's tokens (~8 kB) went to the file in a system call each (45 ms a month)
            name: (tempfile.TemporaryFile(dir=self.path.parent, prefix=f".{self.path.name}.{name}-",
                                          buffering=1 << 20)
                   if self.path is not None else io.BytesIO())
            for name in _SPOOLS}
        self.lengths = array("i")
        self.strings: set[str] = set()
        self._seen_hashes: set[int] = set()
        self._seen_morphs: set[int] = set()
        self._seen_numbers = np.zeros(0, dtype=bool)
        self._token_bytes = self._space_bytes = 0

    def __len__(self) -> int:
        return len(self.lengths)

    def add(self, doc) -> None:
        """What DocBin.add keeps, packed now."""
        pack, spools = self._packer.pack, self._spools
        arr = doc.to_array(self.columns)
        k = len(self.attrs)
        self._write_tokens(arr[:, :k], arr[:, k], [len(arr)])
        if len(arr):
            self._add_strings(doc, arr[:, k + 1], arr[:, k + 2:])
        spools["flags"].write(self._packed(("flags", doc.has_unknown_spaces),
                                           {"has_unknown_spaces": doc.has_unknown_spaces}))
        cats = doc.cats
        spools["cats"].write(self._packed(("cats",), cats) if not cats else pack(cats))
        if self.store_user_data:
            spools["user_data"].write(pack(pack(doc.user_data)))
        spools["span_groups"].write(pack(doc.spans.to_bytes()))
        for group in doc.spans.values():
            for span in group:
                self.strings.add(span.label_)
                if span.kb_id in span.doc.vocab.strings:
                    self.strings.add(span.kb_id_)
                if span.id in span.doc.vocab.strings:
                    self.strings.add(span.id_)

    def add_rows(self, tokens: np.ndarray, spaces: np.ndarray, hashes: list, strings_of, lengths: list[int],
                 span_groups: list[bytes], user_data: list[bytes], span_strings: set[str]) -> None:
        """Several examples at once, as add() would add their Docs (no categories, no unknown spaces): `tokens`
        is their Doc.to_array(self.attrs) rows one after another, `spaces` their SPACY column, `lengths` each
        one's token count, `hashes` arrays of every string hash the tokens use (text, norm, ..., the morphology's
        string's), looked up in `strings_of` (a StringStore), span_groups each one's Doc.spans.to_bytes(),
        user_data each one's packed Doc.user_data, span_strings the spans' labels, knowledge-base ids and ids."""
        pack, spools, n = self._packer.pack, self._spools, len(lengths)
        self._write_tokens(tokens, spaces, lengths)
        self._add_hashes(hashes, strings_of)
        spools["flags"].write(self._packed(("flags", False), {"has_unknown_spaces": False}) * n)
        spools["cats"].write(self._packed(("cats",), {}) * n)
        if self.store_user_data:
            spools["user_data"].write(b"".join(map(pack, user_data)))
        spools["span_groups"].write(b"".join(map(pack, span_groups)))
        self.strings |= span_strings

    def add_packed(self, tokens: np.ndarray, spaces: np.ndarray, lengths: list[int], span_groups: bytes,
                   user_data: bytes, span_strings: set[str]) -> None:
        """add_rows with the examples' span groups and user data already packed as add_rows packs them
        (b"".join(map(pack, span_groups)), and the same of user_data), and no hashes to look up."""
        n = len(lengths)
        self._write_tokens(tokens, spaces, lengths)
        spools = self._spools
        spools["flags"].write(self._packed(("flags", False), {"has_unknown_spaces": False}) * n)
        spools["cats"].write(self._packed(("cats",), {}) * n)
        if self.store_user_data:
            spools["user_data"].write(user_data)
        spools["span_groups"].write(span_groups)
        self.strings |= span_strings

    def first_seen(self, numbers: np.ndarray) -> np.ndarray:
        """The distinct numbers among `numbers` (>= 0) not given here before: a caller that numbers its strings
        (token_index.TokenIndex) adds each string once per file without a set operation over every token
        (np.unique over each report's hashes was a tenth of the export's time)."""
        if not len(numbers):
            return numbers
        seen = self._seen_numbers
        top = int(numbers.max()) + 1
        if top > len(seen):
            grown = np.zeros(max(top, 2 * len(seen)), dtype=bool)
            grown[:len(seen)] = seen
            seen = self._seen_numbers = grown
        new = numbers[~seen[numbers]]
        if len(new) > 1:  # distinct, sorted (np.unique's first call imports numpy.ma: 50 ms)
            new.sort()
            new = new[np.concatenate(([True], new[1:] != new[:-1]))]
        seen[new] = True
        return new

    def _write_tokens(self, tokens: np.ndarray, spaces: np.ndarray, lengths: list[int]) -> None:
        data = np.ascontiguousarray(tokens, dtype="uint64").tobytes("C")
        self._spools["tokens"].write(data)
        self._token_bytes += len(data)
        data = np.asarray(spaces, dtype=bool).tobytes("C")
        self._spools["spaces"].write(data)
        self._space_bytes += len(data)
        self.lengths.extend(lengths)

    def _add_hashes(self, hashes: list, strings_of) -> None:
        if not hashes:
            return
        new = set().union(*(np.unique(h).tolist() for h in hashes)) - self._seen_hashes
        if new:
            self.strings.update(strings_of[h] for h in new)
            self._seen_hashes |= new

    def _packed(self, key: tuple, value) -> bytes:
        """The packing of a value that repeats (no categories, the same flags), kept."""
        found = self._constants.get(key)
        if found is None:
            found = self._constants[key] = self._packer.pack(value)
        return found

    def _add_strings(self, doc, morphs: np.ndarray, hashes: np.ndarray) -> None:
        """DocBin.add's per-token strings (text, tag, lemma, norm, morph, dep, entity type, kb id, entity id),
        from the Doc's hash arrays: each distinct hash is looked up once for the whole file."""
        self._add_hashes([hashes], doc.vocab.strings)
        for h in set(np.unique(morphs).tolist()) - self._seen_morphs:
            self.strings.add(str(doc[int(np.flatnonzero(morphs == h)[0])].morph))
            self._seen_morphs.add(h)

    # -- blocks: one writer's examples appended to another's ------------------------------------------------------
    def write_part(self, out: IO[bytes]) -> None:
        """This writer's examples, for add_part: a header (counts, lengths, strings, each part's size), then the
        parts' bytes."""
        sizes = [self._spools[name].seek(0, io.SEEK_END) for name in _SPOOLS]
        header = self._packer.pack([self._token_bytes, self._space_bytes, self.lengths.tobytes(),
                                    sorted(self.strings), sizes])
        out.write(struct.pack("<I", len(header)) + header)
        for name in _SPOOLS:
            _copy(self._spools[name], out, None, rewind=True)

    def add_part(self, src: IO[bytes]) -> None:
        """The examples another writer's write_part wrote to `src` (read from its position), after this one's."""
        import srsly

        (size,) = struct.unpack("<I", src.read(4))
        token_bytes, space_bytes, lengths, strings, sizes = srsly.msgpack_loads(src.read(size))
        self._token_bytes += token_bytes
        self._space_bytes += space_bytes
        self.lengths.frombytes(lengths)
        self.strings.update(strings)
        for name, n in zip(_SPOOLS, sizes):
            _copy(src, self._spools[name], n)

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


def close_all(writers: list[DocBinWriter]) -> None:
    """close() each writer, each in its own thread: zlib lets go of the GIL while it compresses (most of a
    close's time: 1.1 s for a 180 MB train.spacy), so two files take the time of the larger."""
    import threading

    errors: list[BaseException] = []

    def run(w: DocBinWriter) -> None:
        try:
            w.close()
        except BaseException as e:  # raised below, in the caller's thread
            errors.append(e)

    threads = [threading.Thread(target=run, args=(w,)) for w in writers[1:]]
    for t in threads:
        t.start()
    if writers:
        run(writers[0])
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


def _copy(src: IO[bytes], dst: IO[bytes], n: int | None, rewind: bool = False) -> None:
    """n bytes (None: all that is left) from src to dst."""
    if rewind:
        src.seek(0)
    while n is None or n > 0:
        chunk = src.read(1 << 20 if n is None else min(n, 1 << 20))
        if not chunk:
            if n:
                raise ValueError("a block of examples ended early")
            break
        dst.write(chunk)
        if n is not None:
            n -= len(chunk)
