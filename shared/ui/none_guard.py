"""Keep ``None`` alive under PySide6 6.12 on Python 3.11.

PySide6 6.12.0 (an abi3 wheel) returns ``None`` from every void method (``setText``,
``resize``, ``fillRect``…) without taking a new reference. From Python 3.12 ``None`` is
immortal so nothing happens; on 3.11 each call takes one from None's reference count, which
starts near 4,500, and the process aborts with "Fatal Python error: none_dealloc" after a few
thousand Qt calls (a QR code paint is enough). Measured with ``sys.getrefcount(None)``.

The fix here gives ``None`` 2**40 extra references once, as Python 3.12 does in spirit
(PEP 683). It only runs on CPython < 3.12 and is harmless where the bug is absent. Remove it
when the project requires Python ≥ 3.12 or a PySide6 that increments the reference.
"""

from __future__ import annotations

import ctypes
import platform
import sys

_EXTRA_REFERENCES = 1 << 40
_guarded = False


def keep_none_alive() -> bool:
    """Make None effectively immortal on CPython < 3.12; True if this call did it."""
    global _guarded
    if _guarded or sys.version_info >= (3, 12) or platform.python_implementation() != "CPython":
        return False
    # ob_refcnt is the first field of every CPython object (release builds).
    refcount = ctypes.c_ssize_t.from_address(id(None))
    refcount.value += _EXTRA_REFERENCES
    _guarded = True
    return True
