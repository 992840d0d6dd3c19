"""Memos on a protocol are shared by the threads that use it (a web tool's request
threads, two case engines on one protocol): a memo is published only once complete, so
no thread ever reads a half-built table and keeps a wrong answer (review of issue 17)."""
from __future__ import annotations

import threading

import pytest

import protocolkit.semantics as sem
from protocolkit import load
from protocolkit.format.model import Protocol
from protocolkit.semantics.step_guards import space_index, step_parts


def _split_alike(protocol: Protocol) -> tuple[str, str]:
    """Two steps with the same parts of the scenario space, the second seen differently
    in different parts (so a wrong part number gives a wrong view)."""
    space = list(space_index(protocol))
    groups: dict[tuple[int, ...], list[str]] = {}
    for step in protocol.steps:
        parts = step_parts(protocol, step.id)
        if len(parts) > 1:
            groups.setdefault(tuple(parts), []).append(step.id)
    for parts, steps in groups.items():
        for b in steps:
            views = {repr(sem.resolve_step(protocol, b, space[(part & -part).bit_length() - 1]))
                     for part in parts}
            if len(views) > 1 and len(steps) > 1:
                return next(s for s in steps if s != b), b
    raise AssertionError("no two steps split alike with different views")


def test_a_thread_never_reads_a_view_table_another_thread_is_still_filling(
        monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = _split_alike(load("protocols/oostzaan.yaml").protocol)
    protocol = load("protocols/oostzaan.yaml").protocol
    index = space_index(protocol)
    real = sem.positions
    first_started, second_done = threading.Event(), threading.Event()

    def slow_in_first(bits: int) -> list[int]:
        # Thread "first" pauses half-way through filling its table until "second"
        # has resolved every scenario of a step split alike.
        if threading.current_thread().name == "first" and not first_started.is_set():
            first_started.set()
            second_done.wait(timeout=10)
        return real(bits)

    monkeypatch.setattr(sem, "positions", slow_in_first)
    seen: dict[str, list[sem.StepView]] = {}

    def views_of(step: str) -> None:
        if threading.current_thread().name == "second":
            first_started.wait(timeout=10)
        try:
            seen[step] = [sem.space_view(protocol, step, at) for at in range(len(index))]
        finally:
            if threading.current_thread().name == "second":
                second_done.set()

    first = threading.Thread(target=views_of, args=(a,), name="first")
    second = threading.Thread(target=views_of, args=(b,), name="second")
    first.start()
    second.start()
    first.join()
    second.join()
    monkeypatch.setattr(sem, "positions", real)
    fresh = load("protocols/oostzaan.yaml").protocol
    for step in (a, b):
        wrong = [scenario for scenario, at in index.items()
                 if seen[step][at] != sem.resolve_step(fresh, step, scenario)]
        assert wrong == [], f"{step}: {len(wrong)} scenarios see a wrong view"
    # And what stays memoized is right too (later callers read it).
    for scenario, at in index.items():
        assert sem.space_view(protocol, b, at) == sem.resolve_step(fresh, b, scenario)
