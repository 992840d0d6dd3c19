"""Pausing Python's cyclic garbage collector around a step that builds objects that stay.

One helper for every stage: the loader's YAML parse, the checks, the diff, and the
``protocolkit`` program's :func:`protocolkit.cli.settling` (which adds ``freeze``). It
lives in the first stage so that every later one may use it (data flows one way), and
in a module of its own that imports nothing else, so that the program can pause the
collector before it imports what a command needs.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(freeze: bool = False) -> Iterator[None]:
    """The cyclic garbage collector paused, and resumed as it was (it stays paused if
    it was): for a bounded step that builds many objects that stay alive and makes no
    reference cycles, where each of the collector's passes would walk them all again.
    With ``freeze``, what exists when the step ends well is moved out of the
    collector's sight (``gc.freeze()``) before it resumes: for a process that keeps it
    until it ends (the ``protocolkit`` program, :func:`protocolkit.cli.settling`).

    Composing a file makes a node tree and its data: some hundred thousand objects
    that all stay alive until the data is built, and that hold no cycles (an alias
    cycle, refused later, is collected once the collector resumes). With the collector
    running, its passes took four times the parsing itself on a 1 MiB file, and grew
    faster than the file. Garbage that does hold cycles is not lost, only collected
    after the step; the pause is process-wide, so other threads' cycles wait too.

    >>> import gc
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        if freeze:
            gc.freeze()
    finally:
        if enabled:
            gc.enable()
