"""The diff observes each class of alike scenarios once, and each route structure once:
the answer must be what observing every scenario on its own gives.

The behavioural diff computes what one side does in a scenario once per class of
scenarios that side treats alike (:meth:`protocolkit.diff.scenarios.SideSpace.alike`:
the same reporter, subject and ``own`` and the same truth of every guard), what a route's
structure decides once per structure, and the differences once per pair of
observations. These tests hold that against the plain computation (a fresh comparison
per scenario, nothing shared) on the shipped protocols and on generated ones, and hold
the premise of the classes: every guard a protocol holds is one
:func:`~protocolkit.format.references.iter_guards` yields, and alike scenarios get the
same answers from the semantics.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import BaseModel

from protocolkit.diff.behavioral import behavioral_rows, compare_scenario, observe
from protocolkit.diff.rows import BehavioralRow
from protocolkit.diff.scenarios import SideSpace, union_space
from protocolkit.diff.structural import Context, SideName, structural_changes
from protocolkit.format.loader import load_protocol
from protocolkit.format.model import Guard, Protocol, citations
from protocolkit.format.references import iter_guards
from protocolkit.semantics import (
    Scenario,
    entry_routes,
    responsibilities,
    route_adjacency,
    scenario_space,
    scope_open_points,
)

from .strategies import examples, protocols

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = [*sorted((ROOT / "protocols").glob("*.yaml")),
           *(p for p in sorted((ROOT / "tests" / "data").glob("*.yaml"))
             if not p.name.endswith(".tests.yaml"))]


def _load(path: Path) -> Protocol | None:
    return load_protocol(path).protocol


def _context(left: Protocol, right: Protocol) -> tuple[Context, list[Any]]:
    left_space, right_space = SideSpace.of(left), SideSpace.of(right)
    union = union_space(left_space, right_space)
    common = [k for k in union if left_space.own(k) is not None
              and right_space.own(k) is not None]
    ctx = Context(left_space, right_space, common)
    structural_changes(ctx)      # the matchings the behavioural rows name
    return ctx, union


def _one_by_one(ctx: Context, union: list[Any]) -> list[BehavioralRow]:
    """Every key on its own: a fresh comparison (with the structural matching's tokens)
    per scenario, so that no observation, route structure or difference is shared."""
    rows: list[BehavioralRow] = []
    for key in union:
        left, right = ctx.left.own(key), ctx.right.own(key)
        if left is None or right is None:
            side: SideName = "left" if left is not None else "right"
            scenario = left if left is not None else right
            assert scenario is not None
            has, cites = _has(ctx.protocol(side), scenario)
            # The side that does not cover it reads it through an alias of its own (as
            # every command reads --subject fractievoorzitter in Arnhem: raadslid), else
            # says "no", or "still open" where its open points leave the reporter's or
            # subject's place open (Aalsmeer's reikwijdte).
            other: SideName = "right" if side == "left" else "left"
            aliases = {a.id: a for a in ctx.protocol(other).scenarios.aliases}
            read = [a for a in dict.fromkeys((key.reporter, key.subject)) if a in aliases]
            as_own = ctx.space(other).own(Scenario(
                *(aliases[r].role if r in aliases else r for r in (key.reporter, key.subject)),
                key.act, key.own, dict(key.attributes))) if read else None
            points = {o["id"]: o for role in (key.reporter, key.subject)
                      for o in scope_open_points(ctx.protocol(other), role)}
            missing: Any = {"open_points": list(points.values())} if points else False
            if as_own is not None:
                value = _has(ctx.protocol(other), as_own)[0]
                missing = {**({"covered": True} if value is True else value), "read_as": [
                    {"alias": a, "role": aliases[a].role,
                     "source": list(citations(aliases[a].source))} for a in read]}
            rows.append(BehavioralRow(key, "covered", has if left is not None else missing,
                                      has if right is not None else missing,
                                      cites if left is not None else (),
                                      cites if right is not None else ()))
            continue
        fresh = Context(SideSpace.of(ctx.protocol("left")), SideSpace.of(ctx.protocol("right")),
                        ctx.common, tokens=dict(ctx.tokens))
        rows.extend(compare_scenario(
            fresh, key,
            observe(fresh, "left", left, route_adjacency(ctx.protocol("left"), left)),
            observe(fresh, "right", right, route_adjacency(ctx.protocol("right"), right))))
    return sorted(rows, key=lambda r: (r.aspect, r.scenario))


def _has(protocol: Protocol, scenario: Any) -> tuple[Any, tuple[str, ...]]:
    """Whether ``protocol`` covers its own ``scenario`` (``True``) or excludes it, with the
    entry route's citations: a side whose entry step ends the case outside the protocol,
    doing nothing inside it (no actor), excludes it."""
    routes = entry_routes(protocol, scenario)
    cites = tuple(citations(routes[0].source)) if routes else ()
    first = protocol.step(routes[0].step) if routes else None
    gone = (first.out_of_scope if first is not None and first.end
            and first.actor is None else None)
    has: Any = True if gone is None else {"excluded": {
        "regime": gone if isinstance(gone, str) else gone.regime, "source": list(cites)}}
    return has, cites


def _shared(ctx: Context, union: list[Any]) -> list[BehavioralRow]:
    return sorted(behavioral_rows(ctx, union), key=lambda r: (r.aspect, r.scenario))


@pytest.mark.parametrize(("left", "right"), [("arnhem", "oostzaan"),
                                             ("aalsmeer_draft", "oostzaan")])
def test_shared_observations_equal_observing_every_scenario_alone(left: str,
                                                                   right: str) -> None:
    a = _load(ROOT / "protocols" / f"{left}.yaml")
    b = _load(ROOT / "protocols" / f"{right}.yaml")
    assert a is not None and b is not None
    ctx, union = _context(a, b)
    rows = _shared(ctx, union)
    assert rows == _one_by_one(ctx, union)
    assert len({r.aspect for r in rows}) > 3     # the pair differs in several aspects


settings.register_profile("protocolkit-diff-observation", max_examples=examples(10),
                          deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.data_too_large])


@settings(settings.get_profile("protocolkit-diff-observation"))
@given(protocols(), protocols())
def test_shared_observations_on_generated_protocols(a: Protocol, b: Protocol) -> None:
    ctx, union = _context(a, b)
    assert _shared(ctx, union) == _one_by_one(ctx, union)


def _every_guard(value: Any, found: dict[int, Guard]) -> None:
    """Every :class:`Guard` object in the model, by a walk over all fields."""
    if isinstance(value, Guard):
        found[id(value)] = value
        return
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _every_guard(getattr(value, name), found)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _every_guard(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            _every_guard(item, found)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_guard_of_a_protocol_is_one_iter_guards_yields(path: Path) -> None:
    protocol = _load(path)
    if protocol is None:        # a test file meant to fail loading
        pytest.skip(f"{path.name} does not load")
    found: dict[int, Guard] = {}
    _every_guard(protocol, found)
    assert found, "every shipped protocol has guards"
    assert set(found) == {id(g) for _, g in iter_guards(protocol)}


@pytest.mark.parametrize("name", ["oostzaan", "arnhem", "aalsmeer_draft"])
def test_alike_scenarios_get_the_same_answers_and_route(name: str) -> None:
    protocol = _load(ROOT / "protocols" / f"{name}.yaml")
    assert protocol is not None
    space = SideSpace.of(protocol)
    classes: dict[Any, list[Any]] = {}
    for scenario in scenario_space(protocol):
        classes.setdefault(space.alike(scenario), []).append(scenario)
    for first, members in classes.items():
        assert members[0] is first
        answers = responsibilities(protocol, first).to_dict()
        answers.pop("scenario")
        route = route_adjacency(protocol, first)
        for other in members[1:]:
            theirs = responsibilities(protocol, other).to_dict()
            theirs.pop("scenario")
            assert theirs == answers, (first, other)
            assert route_adjacency(protocol, other).succ is route.succ
    if name == "oostzaan":     # its attributes make a difference only in some scenarios
        assert len(classes) < len(scenario_space(protocol))
