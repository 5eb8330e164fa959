"""A guard against a reference-counting fault in the installed PySide6 on Python 3.11.

With PySide6/shiboken6 6.12 on CPython 3.11, every Qt method that returns nothing (and every one that returns
a null pointer, e.g. focusWidget() with no focus) hands back None without taking a reference to it, so each
call lowers None's reference count by one. Python 3.12+ does not care (None is immortal there), but on 3.11
the count reaches zero after a few thousand calls and the interpreter aborts with "none_dealloc: deallocating
None" (bools were seen to suffer the same way). The build looks like it assumes 3.12's immortal singletons.

The guard detects the fault once at start-up and, only when present, gives None, True and False the huge
reference count that Python 3.12 gives immortal objects, so the lost references can never reach zero.
Nothing else changes: these singletons are never freed in a running interpreter anyway.
"""
from __future__ import annotations

import ctypes
import sys

_IMMORTAL = 1 << 60
_applied = False


def none_refcount_fault() -> bool:
    """True when calling a void Qt method loses a reference to None."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(50):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - 25


def guard_singletons() -> bool:
    """Apply the guard when the fault is present; returns whether it is (idempotent, cheap after the first call)."""
    global _applied
    if _applied:
        return True
    if not none_refcount_fault():
        return False
    for obj in (None, True, False):
        # ob_refcnt is the first field of every object in a release build of CPython.
        ctypes.c_ssize_t.from_address(id(obj)).value = _IMMORTAL
    _applied = True
    return True
