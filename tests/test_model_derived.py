"""Data derived from a protocol (lookups, scenario space, signatures, compiled rules) is
the protocol's own: never shared with a different model, never stale, safe across
threads."""

from __future__ import annotations

import copy
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from protocolkit.format.loader import load_protocol
from protocolkit.format.model import Outcome, Protocol
from protocolkit.semantics import (
    Scenario,
    responsibilities,
    scenario_from_shared,
    scenario_space,
    view_signature,
)

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"


def fresh(path: Path = MINIMAL) -> Protocol:
    protocol = load_protocol(path).protocol
    assert protocol is not None
    return protocol


def about_the_burgemeester(protocol: Protocol) -> Scenario:
    return scenario_from_shared(protocol, "raadslid", "burgemeester", "uitgevoerd")


def test_a_copy_with_changed_fields_answers_from_its_own_fields() -> None:
    # minimal.yaml, art. 1: the CvdK replaces the burgemeester when he is the subject.
    original = fresh()
    scenario = about_the_burgemeester(original)
    assert responsibilities(original, scenario).first_contact == ["cvdk"]
    without = original.model_copy(update={"substitutions": []})
    assert responsibilities(without, scenario).first_contact == ["burgemeester"]
    assert responsibilities(original, scenario).first_contact == ["cvdk"]


def test_a_copy_with_other_steps_looks_up_its_own_steps() -> None:
    original = fresh()
    melding = original.step("melding")
    assert melding is not None
    renamed = melding.model_copy(update={"title": "Melding bij de griffier"})
    steps = [renamed if s.id == "melding" else s for s in original.steps]
    changed = original.model_copy(update={"steps": steps})
    assert changed.step("melding") is renamed
    assert original.step("melding") is melding


@pytest.mark.parametrize("make_copy", [copy.copy, copy.deepcopy, lambda p: p.model_copy(),
                                       lambda p: p.model_copy(deep=True)])
def test_every_kind_of_copy_has_a_memo_of_its_own(make_copy: Any) -> None:
    original = fresh()
    original.memo("probe")["key"] = "original"
    copied = make_copy(original)
    assert copied == original
    assert "key" not in copied.memo("probe")
    copied.memo("probe")["key"] = "copy"
    assert original.memo("probe")["key"] == "original"


@pytest.mark.parametrize("change", [
    lambda p: p.substitutions.clear(),
    lambda p: p.steps.append(p.steps[0]),
    lambda p: p.steps.__setitem__(0, p.steps[1]),
    lambda p: p.roles.pop(),
    lambda p: p.steps[0].outcomes.append(Outcome(id="x", next="afgedaan")),
    lambda p: p.scenarios.reporters.remove("raadslid"),
    lambda p: p.scenarios.attributes.update({"ernst": ["zwaar"]}),
    lambda p: p.entry_routes[0].when.conditions.update({"subject": ["raadslid"]}),
], ids=["clear", "append", "setitem", "pop", "nested", "scenario-space", "dict", "guard"])
def test_fields_cannot_be_changed_in_place(change: Any) -> None:
    protocol = fresh()
    before = protocol.model_dump()
    with pytest.raises(TypeError, match="model_copy"):
        change(protocol)
    assert protocol.model_dump() == before



def test_empty_list_fields_are_one_frozen_list_that_refuses_change() -> None:
    # Most list fields are empty: they share one immutable value instead of a list each.
    protocol = fresh()
    empties = [value for model in [protocol, *protocol.steps, *protocol.roles]
               for value in model.__dict__.values() if isinstance(value, list) and not value]
    assert len(empties) > 10 and len({id(value) for value in empties}) == 1
    with pytest.raises(TypeError, match="model_copy"):
        empties[0].append("x")
    with pytest.raises(TypeError, match="model_copy"):
        empties[0].__init__(["x"])      # type: ignore[misc]  # list's own re-initialisation
    copied = protocol.steps[0].model_copy(update={"informed": ["griffier"]})
    assert copied.informed == ["griffier"] and empties[0] == []


class SlowHash(str):
    """A role id whose hashing lets other threads run: it widens any window between
    reading a table and writing to it, as a busy machine would."""

    __slots__ = ()

    def __hash__(self) -> int:
        time.sleep(0.002)
        return str.__hash__(self)


def test_concurrent_scenarios_never_share_a_signature() -> None:
    protocol = fresh()
    pairs = [(r, s) for r in ("raadslid", "burgemeester") for s in ("raadslid", "burgemeester")]
    scenarios = [Scenario(SlowHash(r), SlowHash(s), "uitgevoerd") for r, s in pairs]
    start = threading.Barrier(len(scenarios))
    signatures: dict[int, int] = {}

    def run(index: int) -> None:
        start.wait()
        signatures[index] = view_signature(protocol, scenarios[index])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(scenarios))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Reporter and subject are part of the signature: four pairs, four signatures.
    assert len(set(signatures.values())) == len(pairs), signatures


def test_a_derived_value_is_computed_once_however_many_threads_ask() -> None:
    protocol = fresh()
    calls: list[int] = []

    def compute(p: Protocol) -> object:
        calls.append(1)
        time.sleep(0.02)
        return object()

    start = threading.Barrier(8)
    seen: list[object] = []

    def run() -> None:
        start.wait()
        seen.append(protocol.derived("test.slow", compute))

    threads = [threading.Thread(target=run) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len(seen) == 8 and len({id(v) for v in seen}) == 1


def test_threads_answer_every_scenario_as_one_thread_does() -> None:
    path = ROOT / "protocols" / "arnhem.yaml"
    alone = fresh(path)
    expected = {s: responsibilities(alone, s).to_dict() for s in scenario_space(alone)}
    shared = fresh(path)
    scenarios = list(expected)
    answers: dict[Scenario, dict[str, Any]] = {}
    start = threading.Barrier(4)

    def run(part: int) -> None:
        start.wait()
        for scenario in scenarios[part::4]:
            answers[scenario] = responsibilities(shared, scenario).to_dict()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == expected
