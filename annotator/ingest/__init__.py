"""Reading reports: files and folders of .txt .md .html .jsonl to DocumentIn, with ReadErrors for bad input.

    for item in read_paths(["reports/"], published=None):
        if isinstance(item, ReadError): print(item)      # "reports/x.txt: empty file"
        else: store(item)                                  # a DocumentIn (annotator.domain)

No Qt and no database here.
"""
from .decoding import MAX_BYTES, content_hash, normalise_text
from .errors import ReadError
from .metadata import read_text_document
from .readers import KINDS, read_file, read_paths
from .series import load_series

__all__ = ["MAX_BYTES", "KINDS", "ReadError", "content_hash", "load_series", "normalise_text", "read_file",
           "read_paths", "read_text_document"]
