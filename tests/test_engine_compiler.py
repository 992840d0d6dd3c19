"""The compiler: a protocol becomes a ruleset as pure data, and the rules fire exactly
where protocolkit.semantics says, for every scenario of every protocol."""

from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from protocolkit.engine.adapter import MAX_EXPRESSION_COST, RulesEngine, expression_cost
from protocolkit.engine.compiler import (
    CASE_KIND,
    OPEN_KIND,
    OUTCOME_KIND,
    SUBSTITUTION_KIND,
    case_fact,
    compile_protocol,
    cover,
    outcome_fact,
)
from protocolkit.format.loader import load_protocol, load_text
from protocolkit.format.model import Protocol
from protocolkit.semantics import (
    Scenario,
    entry_step,
    fact_conditions,
    holding_substitutions,
    resolve_step,
    route_graph,
    scenario_space,
)

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"
PROTOCOLS = [MINIMAL, *sorted((ROOT / "protocols").glob("*.yaml"))]


def load(path: Path) -> Protocol:
    result = load_protocol(path)
    # A shipped protocol that stops loading is a regression, never a skip.
    assert result.protocol is not None, [f.render() for f in result.findings[:3]]
    return result.protocol


def holds(expression: dict[str, Any], fact: dict[str, Any]) -> bool:
    """The compiled conditions, evaluated as durable-rules documents them."""
    [(key, value)] = expression.items()
    if key == "$and":
        return all(holds(e, fact) for e in value)
    if key == "$or":
        return any(holds(e, fact) for e in value)
    if key == "$neq":
        [(name, constant)] = value.items()
        return fact.get(name) != constant
    if key in ("$gt", "$lte"):      # fact conditions: a margin compared with 0
        [(name, constant)] = value.items()
        if name not in fact:
            return False
        return fact[name] > constant if key == "$gt" else fact[name] <= constant
    return fact.get(key) == value


def test_the_ruleset_is_pure_json_with_the_conventions_of_the_notes() -> None:
    compiled = compile_protocol(load(MINIMAL))
    rules = compiled.ruleset.rules
    assert json.loads(json.dumps(rules)) == rules
    for name, rule in rules.items():
        assert set(rule) == {"all", "pri", "run"}, name
        assert isinstance(rule["pri"], int) and isinstance(rule["run"], str)
        assert rule["run"] in compiled.ruleset.actions
        [pattern] = rule["all"]
        assert list(pattern) == ["m"]
        text = json.dumps(pattern)
        assert '"kind"' in text and "$s" not in text
    assert compiled.name.startswith("voorbeeld@1.0#")


def test_a_changed_protocol_gets_another_ruleset_name() -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    same = load_text(text, "a.yaml").protocol
    changed = load_text(text.replace("deadline: {amount: 8, unit: weken}",
                                     "deadline: {amount: 6, unit: weken}"), "b.yaml").protocol
    assert same is not None and changed is not None
    assert compile_protocol(same).name == compile_protocol(load(MINIMAL)).name
    assert compile_protocol(changed).name != compile_protocol(same).name
    assert compile_protocol(changed).name.split("#")[0] == "voorbeeld@1.0"


def outcome_edges(graph: Any) -> list[tuple[str, str]]:
    """Every (step, outcome) of a route graph; an outcome that opens parallel tracks has
    one edge to its next step and one per track (keyed ``outcome>track``)."""
    return [(source, key) for source, _, key, track in graph.edges(keys=True, data="track")
            if not track]


def opened_by(graph: Any, step: str, outcome: str) -> list[str]:
    """The steps an outcome opens: its next step and its tracks."""
    return [target for source, target, key in graph.edges(keys=True)
            if source == step and (key == outcome or key.startswith(f"{outcome}>"))]


@pytest.mark.parametrize("path", PROTOCOLS, ids=lambda p: p.name)
def test_compiled_conditions_select_exactly_what_the_semantics_say(path: Path) -> None:
    # Evaluate the JSON conditions in Python for every scenario and every fact a case
    # can assert: exactly the rules for the semantics' answer match.
    protocol = load(path)
    compiled = compile_protocol(protocol)
    rules = compiled.ruleset.rules
    for rule in rules.values():
        assert expression_cost(rule["all"][0]["m"]) <= MAX_EXPRESSION_COST

    def fired(fact: dict[str, Any]) -> list[str]:
        return sorted(rule["run"] for rule in rules.values() if holds(rule["all"][0]["m"], fact))

    covered = 0
    for scenario in scenario_space(protocol):
        plan = compiled.plan(scenario)
        start = entry_step(protocol, scenario)
        if plan is None:
            assert start is None or protocol.step(start) is None
            continue
        covered += 1
        # Every substitution that holds (a role may have several, each scoped to its own
        # phases or steps: Aalsmeer's CvdK per phase), not only the first per role.
        subs = set(holding_substitutions(protocol, scenario))
        expected = sorted([f"open:{start}", *(f"substitution:{s}" for s in subs)])
        assert fired(case_fact(plan, "2026-01-05")) == expected, scenario
        graph = route_graph(protocol, scenario)
        for n, (source, outcome) in enumerate(outcome_edges(graph), start=1):
            fact = outcome_fact(plan, n, source, outcome, "2026-01-05", n - 1,
                                passing(protocol, source, outcome))
            assert fired(fact) == sorted(f"open:{t}" for t in opened_by(graph, source, outcome)), \
                (scenario, source, outcome)
    assert covered > 0


@pytest.mark.parametrize("path", PROTOCOLS, ids=lambda p: p.name)
def test_the_engine_derives_what_the_semantics_say_for_every_scenario(path: Path) -> None:
    # The same through durable-rules itself: for each scenario, the entry step with its
    # effective actor and the substitutions in force; for each edge of the scenario's
    # route graph, the step it leads to with its effective actor.
    protocol = load(path)
    compiled = compile_protocol(protocol)
    rules = RulesEngine(max_live=4)
    rules.register(compiled.ruleset)
    for scenario, plan in compiled.plans.items():
        session = rules.start(compiled.name)
        derived = session.assert_fact(case_fact(plan, "2026-01-05"))
        [opened] = [f for f in derived if f["kind"] == OPEN_KIND]
        start = entry_step(protocol, scenario)
        assert (opened["step"], opened["actor"]) == (
            start, resolve_step(protocol, start, scenario).actor.role)
        assert {f["substitution"] for f in derived if f["kind"] == SUBSTITUTION_KIND} == set(
            holding_substitutions(protocol, scenario))
        for n, (source, outcome) in enumerate(outcome_edges(plan.graph), start=1):
            derived = session.assert_fact(
                outcome_fact(plan, n, source, outcome, "2026-01-06", 0,
                             passing(protocol, source, outcome)))
            assert sorted((f["kind"], f["step"], f["actor"]) for f in derived) == sorted(
                (OPEN_KIND, target, resolve_step(protocol, target, scenario).actor.role)
                for target in opened_by(plan.graph, source, outcome)), (scenario, source, outcome)
        session.drop()
    rules.close()


def passing(protocol: Protocol, step: str, outcome: str) -> dict[int, int]:
    """Margins that meet the outcome's fact conditions (1 day older, or on the limit)."""
    return {index: 1 if condition.older_than is not None else 0
            for index, condition in fact_conditions(protocol).get((step, outcome), ())}


def test_a_failing_fact_condition_opens_nothing() -> None:
    # Oostzaan art. 2.2: 'ontvankelijk' needs the facts within four years (margin <= 0).
    protocol = load(ROOT / "protocols" / "oostzaan.yaml")
    compiled = compile_protocol(protocol)
    rules = RulesEngine()
    rules.register(compiled.ruleset)
    scenario = Scenario("burger", "wethouder", "uitgevoerd", attributes={"aanleiding": "vermoeden"})
    plan = compiled.plan(scenario)
    assert plan is not None
    [(index, _)] = fact_conditions(protocol)[("ontvankelijkheidstoets", "ontvankelijk")]
    for margin, opens in ((0, True), (-30, True), (1, False)):
        session = rules.start(compiled.name)
        session.assert_fact(case_fact(plan, "2026-01-05"))
        derived = session.assert_fact(outcome_fact(
            plan, 1, "ontvankelijkheidstoets", "ontvankelijk", "2026-01-06", 0, {index: margin}))
        assert bool(derived) is opens, margin
        session.drop()


def test_facts_carry_the_scenario_the_conditions_read() -> None:
    protocol = load(MINIMAL)
    compiled = compile_protocol(protocol)
    plan = compiled.plan(Scenario("raadslid", "burgemeester", "uitgevoerd"))
    assert plan is not None
    fact = case_fact(plan, "2026-01-05")
    assert fact["kind"] == CASE_KIND
    assert (fact["s_reporter"], fact["s_subject"], fact["s_act"], fact["s_own"]) == (
        "raadslid", "burgemeester", "uitgevoerd", "false")
    assert outcome_fact(plan, 3, "melding", "gemeld", "2026-01-06", 0)["kind"] == OUTCOME_KIND
    assert compiled.plan(Scenario("burgemeester", "burgemeester", "uitgevoerd")) is None


def test_a_step_with_many_ways_in_is_split_over_rules() -> None:
    # durable-rules takes at most 15 $and/$or nodes per pattern; a step reached from
    # twenty steps needs two rules that run the same action.
    data = load_text(MINIMAL.read_text(encoding="utf-8"), "m.yaml").data
    data = copy.deepcopy(data)
    extra = [{"id": f"tussenstap_{i}", "phase": "melden", "kind": "informeren",
              "title": f"Tussenstap {i}", "actor": "burgemeester",
              "outcomes": [{"id": "klaar", "next": "afgedaan"}], "source": "art. 2"}
             for i in range(20)]
    data["steps"] = extra + data["steps"]
    melding = next(s for s in data["steps"] if s["id"] == "melding")
    melding["outcomes"] = [{"id": f"naar_{i}", "next": f"tussenstap_{i}"} for i in range(20)]
    text = json.dumps(data)
    result = load_text(text, "many.yaml")
    assert result.protocol is not None, [f.render() for f in result.findings]
    compiled = compile_protocol(result.protocol)
    runs = [r["run"] for r in compiled.ruleset.rules.values()]
    assert runs.count("open:afgedaan") == 2
    RulesEngine(max_live=1).register(compiled.ruleset)      # durable-rules accepts it


def _scenarios(values: tuple[int, int, int]) -> list[Scenario]:
    return [Scenario(f"r{x}", f"s{y}", f"act{z}") for x, y, z in
            itertools.product(*(range(v) for v in values))]


@given(st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 3)), st.data())
def test_cover_selects_exactly_the_set(shape: tuple[int, int, int], data: st.DataObject) -> None:
    domain = _scenarios(shape)
    selected = set(data.draw(st.lists(st.sampled_from(domain), unique=True)))
    boxes = cover(selected, set(domain), ("reporter", "subject", "act"))
    chosen = {s for s in domain for box in boxes
              if all(s.value(a) in v for a, v in box.items())}
    assert chosen == selected
