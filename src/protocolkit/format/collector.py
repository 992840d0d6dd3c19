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
def collector_paused(freeze: bool = False, settle: bool = False) -> Iterator[None]:
    """The cyclic garbage collector paused, and resumed as it was (it stays paused if
    it was): for a bounded step that builds many objects that stay alive and makes no
    reference cycles, where each of the collector's passes would walk them all again.
    With ``freeze``, what exists when the step ends well is moved out of the
    collector's sight (``gc.freeze()``) before it resumes: for a process that keeps it
    until it ends (the ``protocolkit`` program, :func:`protocolkit.cli.settling`).

    With ``settle`` (for a library call: the loader's parse, the checks), the caller's
    young garbage is collected when the step starts (``gc.collect(1)``), and what the
    step leaves alive is handed to the oldest generation when it ends (``gc.freeze()``
    then ``gc.unfreeze()``, with nothing else frozen): the collector's young passes do
    not walk it again. Otherwise its first pass after the checks walked everything they
    keep at once (some 200,000 objects at 8,000 steps), out of the cache: 0.19 s of
    the checks' 2.0. Skipped when the collector was paused already or something is
    frozen (unfreezing would thaw it). Garbage with cycles that the step itself makes
    (or another thread makes meanwhile) waits for a full collection.

    Composing a file makes a node tree and its data: some hundred thousand objects
    that all stay alive until the data is built, and that hold no cycles (an alias
    cycle, refused later, waits for a full collection). With the collector
    running, its passes took four times the parsing itself on a 1 MiB file, and grew
    faster than the file. Garbage that does hold cycles is not lost, only collected
    after the step; the pause is process-wide, so other threads' cycles wait too.

    >>> import gc
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    >>> with collector_paused(settle=True):
    ...     kept = [[n] for n in range(100)]
    >>> any(o is kept for o in gc.get_objects(2)) or gc.get_freeze_count() > 0
    True
    """
    enabled = gc.isenabled()
    gc.disable()
    settle = settle and enabled and not freeze and gc.get_freeze_count() == 0
    if settle:
        gc.collect(1)
    try:
        yield
        if freeze:
            gc.freeze()
        elif settle:
            gc.freeze()
            gc.unfreeze()
    finally:
        if enabled:
            gc.enable()
