"""The durable-rules adapter: each measured trap of durable-rules 2.0.28 is impossible to
hit through the port (shared/durable-rules-notes.md), one test per trap."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocolkit.engine import adapter
from protocolkit.engine.adapter import (
    CASE_FIELD,
    MAX_EXPRESSION_COST,
    DeriveSpec,
    RulesEngine,
    RulesError,
    RulesetConflict,
    RulesetSpec,
    RulesetSpecError,
    expression_cost,
    fact_id,
    fnv1a32,
)

_names = iter(range(10**9))


def spec(rules: dict[str, Any] | None = None, actions: dict[str, DeriveSpec] | None = None,
         name: str | None = None) -> RulesetSpec:
    """A two-rule ruleset: a 'visit' by ann derives a greeting; any visit derives a log."""
    return RulesetSpec(
        name=name or f"test@1#{next(_names)}",
        rules=rules if rules is not None else {
            "greet": {"all": [{"m": {"$and": [{"kind": "visit"}, {"who": "ann"}]}}],
                      "pri": 1, "run": "greet"},
            "log": {"all": [{"m": {"kind": "visit"}}], "pri": 2, "run": "log"},
        },
        actions=actions if actions is not None else {
            "greet": DeriveSpec(static={"kind": "greeting"}, copy={"id": "reply", "to": "who"}),
            "log": DeriveSpec(static={"kind": "log"}, copy={"id": "logid"},
                              lookup={"weekday": ("day", {"d1": "monday", "d2": "tuesday"})}),
        })


def visit(n: int, who: str = "ann", day: str = "d1") -> dict[str, Any]:
    return {"id": fact_id(f"v{n}"), "kind": "visit", "who": who, "day": day,
            "reply": fact_id(f"g{n}"), "logid": fact_id(f"l{n}")}


@pytest.fixture
def rules() -> Iterator[RulesEngine]:
    engine = RulesEngine()
    yield engine
    engine.release()


def joined(name: str | None = None) -> RulesetSpec:
    """A ruleset with a join: a visit and a ticket of the same case admit; any visit logs."""
    return spec(rules={
        "admit": {"all": [{"m": {"kind": "visit"}}, {"t": {"kind": "ticket"}}],
                  "pri": 1, "run": "admit"},
        "log": {"all": [{"m": {"kind": "visit"}}], "pri": 2, "run": "log"},
    }, actions={
        "admit": DeriveSpec(static={"kind": "admitted"}, copy={"id": "reply", "who": "who"}),
        "log": DeriveSpec(static={"kind": "log"}, copy={"id": "logid"}),
    }, name=name)


def ticket(n: int) -> dict[str, Any]:
    return {"id": f"t{n}", "kind": "ticket"}


# --------------------------------------------------------------- 1024 states per ruleset


def test_more_sessions_than_durable_rules_holds_share_one_state(rules: RulesEngine) -> None:
    # The 1025th state of a ruleset raises MemoryError and touching it segfaults; the
    # port keeps every session of a ruleset in one shared state, so there is no limit.
    s = spec()
    rules.register(s)
    sessions = [rules.start(s.name) for _ in range(1024 + 200)]
    for n, session in enumerate(sessions):
        derived = session.assert_fact(visit(n, who="ann" if n % 2 else "bob"))
        assert sorted(f["kind"] for f in derived) == (["greeting", "log"] if n % 2 else ["log"])
    assert rules.stats()[s.name] == {"live": len(sessions), "parked": 0, "facts": 0}
    assert all(session.live for session in sessions)
    derived = sessions[0].assert_fact(visit(10_000, who="ann", day="d2"))
    assert sorted(f["kind"] for f in derived) == ["greeting", "log"]


def test_spent_facts_are_retracted_and_derive_shows_them(rules: RulesEngine) -> None:
    # A fact only single-pattern rules match can match nothing after its assert: the
    # port retracts it (each stored fact costs ~8 KiB in durable-rules).
    s = spec()
    rules.register(s)
    session = rules.start(s.name)
    session.assert_fact(visit(1))
    assert session.facts() == []
    assert rules.stats()[s.name]["facts"] == 0
    everything = rules.derive(s.name, [visit(1), visit(2, who="bob")])
    assert [f["kind"] for f in everything] == ["greeting", "log", "log", "visit", "visit"]
    assert all(CASE_FIELD not in f and "sid" not in f for f in everything)
    assert rules.stats()[s.name]["live"] == 1        # derive's own session is dropped


def test_joins_see_only_the_facts_of_their_own_case(rules: RulesEngine) -> None:
    # Every pattern after the first is joined on the case key: a ticket of one case
    # never completes a visit of another, however they interleave.
    s = joined()
    rules.register(s)
    ann, bob = rules.start(s.name), rules.start(s.name)
    assert [f["kind"] for f in ann.assert_fact(visit(1))] == ["log"]
    assert bob.assert_fact(ticket(1)) == []
    assert [f["kind"] for f in bob.facts()] == ["ticket"]   # joined kinds stay
    assert [f["kind"] for f in ann.facts()] == ["visit"]
    assert [(f["kind"], f["who"]) for f in ann.assert_fact(ticket(2))] == [("admitted", "ann")]
    assert rules.stats()[s.name]["facts"] == 3
    bob.drop()
    ann.reset()
    assert ann.facts() == [] and rules.stats()[s.name] == {"live": 1, "parked": 0, "facts": 0}


def test_max_live_is_accepted_and_bounds_nothing() -> None:
    with pytest.raises(ValueError):
        RulesEngine(max_live=0)
    engine = RulesEngine(max_live=1)
    s = joined()
    engine.register(s)
    sessions = [engine.start(s.name) for _ in range(3)]
    for n, session in enumerate(sessions):
        session.assert_fact(visit(n))
    assert all(session.live for session in sessions)
    assert [f["kind"] for f in sessions[0].facts()] == ["visit"]
    engine.release()


# --------------------------------------------------------------- sids are hashes


def test_fnv1a_is_the_hash_durable_rules_compares() -> None:
    # Two case ids that durable-rules would treat as one state (measured).
    assert fnv1a32("case-478212") == fnv1a32("case-1221200")
    assert fnv1a32("") == 0x811C9DC5
    assert fnv1a32("a") == 0xE40C292C                 # the FNV-1a test vector


@settings(max_examples=200)
@given(st.text(max_size=12), st.text(max_size=12))
def test_fnv1a_goes_on_from_the_hash_of_a_prefix(prefix: str, rest: str) -> None:
    # A message id's hash is the case key's prefix hash continued; the ASCII path and
    # the sign-extending one must agree wherever the text is split.
    assert adapter._fnv_continue(fnv1a32(prefix), rest) == fnv1a32(prefix + rest)


def test_sessions_never_share_a_case_key_hash(rules: RulesEngine) -> None:
    s = spec()
    rules.register(s)
    sessions = [rules.start(s.name) for _ in range(3000)]
    assert len({fnv1a32(x.key) for x in sessions}) == len(sessions)
    for session in sessions:
        session.drop()


def test_the_key_allocator_skips_a_colliding_hash(monkeypatch: pytest.MonkeyPatch,
                                                  rules: RulesEngine) -> None:
    s = spec()
    rules.register(s)
    ids = adapter._IDS
    upcoming = f"c{ids._counter + 1}"
    monkeypatch.setattr(ids, "_key_hashes", {*ids._key_hashes, fnv1a32(upcoming)})
    session = rules.start(s.name)
    assert session.key != upcoming
    assert fnv1a32(session.key) != fnv1a32(upcoming)


def test_shared_states_never_share_a_sid_hash() -> None:
    engines = [RulesEngine() for _ in range(3)]
    names = []
    for engine in engines:
        s = spec()
        engine.register(s)
        names.append(engine._runtimes[s.name].sid)
    assert len({fnv1a32(sid) for sid in names}) == len(names)
    for engine in engines:
        engine.release()


def test_fact_ids_never_share_a_hash() -> None:
    # "case-478212" and "case-1221200" collide; as fact ids in one state the second
    # would be "already observed". The port hands out a different id for the second.
    first, second = fact_id("case-478212"), fact_id("case-1221200")
    assert first == "case-478212"
    assert fnv1a32(first) != fnv1a32(second)
    assert fact_id("case-1221200") == second          # stable


def test_colliding_ids_in_one_state_are_all_kept(rules: RulesEngine) -> None:
    # The engine id of a fact is '<case key>:<id>'; where its hash equals that of a
    # message the shared state holds, the port picks another, so none is "already
    # observed" and no case's fact is taken for another's.
    s = joined()
    rules.register(s)
    first, second = rules.start(s.name), rules.start(s.name)
    for session in (first, second):
        for wanted in ("case-478212", "case-1221200"):    # FNV twins as fact ids
            session.assert_fact({"id": wanted, "kind": "ticket"})
    runtime = rules._runtimes[s.name]
    third = rules.start(s.name)
    runtime.hashes.add(fnv1a32(f"{third.key}:x"))      # as if a stored fact had its hash
    third.assert_fact({"id": "x", "kind": "ticket"})
    expected = sorted(["case-478212", "case-1221200"], key=adapter._natural)
    assert [f["id"] for f in first.facts()] == expected
    assert [f["id"] for f in second.facts()] == expected
    assert [f["id"] for f in third.facts()] == ["x"]
    assert [m["id"] for _, m in third._kept if m] == [f"{third.key}:x~1"]
    stored = {m["id"] for session in (first, second, third) for _, m in session._kept if m}
    assert len({fnv1a32(i) for i in stored}) == len(stored) == 5


# --------------------------------------------------------------- swallowed exceptions


def test_a_failing_action_raises_and_leaves_a_clean_session(rules: RulesEngine) -> None:
    # durable-rules swallows exceptions inside actions into state['exception'] of the
    # shared state; here the lookup table has no entry for day 'd9'. The failing case
    # is emptied, the flag cleared, and the other cases keep their facts.
    s = spec(rules={**joined().rules, "weekday": {"all": [{"m": {"kind": "visit"}}],
                                                  "pri": 3, "run": "weekday"}},
             actions={**joined().actions, "weekday": DeriveSpec(
                 static={"kind": "log"}, copy={"id": "dayid"},
                 lookup={"weekday": ("day", {"d1": "monday"})})})
    rules.register(s)
    session, other = rules.start(s.name), rules.start(s.name)
    other.assert_fact(ticket(1))
    session.assert_fact({**visit(1), "dayid": "w1"})
    with pytest.raises(RulesError, match="KeyError"):
        session.assert_fact({**visit(2, day="d9"), "dayid": "w2"})
    assert session.facts() == []                      # reset: the caller replays its log
    assert [f["id"] for f in other.facts()] == ["t1"]
    derived = session.assert_fact({**visit(3), "dayid": "w3"})   # no stale exception
    assert sorted(f["kind"] for f in derived) == ["log", "log"]
    derived = other.assert_fact({**visit(4), "dayid": "w4"})
    assert sorted(f["kind"] for f in derived) == ["admitted", "log", "log"]


def test_an_engine_refusal_is_an_error_not_a_crash(rules: RulesEngine,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    s = joined()
    rules.register(s)
    session, other = rules.start(s.name), rules.start(s.name)
    other.assert_fact(ticket(1))
    session.assert_fact(ticket(2))
    runtime = rules._runtimes[s.name]

    def refuse(fact: Any) -> Any:
        raise RuntimeError("refused by the C engine")

    monkeypatch.setattr(runtime.ruleset, "assert_fact", refuse)
    with pytest.raises(RulesError, match="refused"):
        session.assert_fact(visit(1))
    monkeypatch.undo()
    assert session.facts() == [] and [f["id"] for f in other.facts()] == ["t1"]
    with pytest.raises(RulesetSpecError):
        session.assert_fact({"id": "x", "kind": "unknown"})
    with pytest.raises(RulesetSpecError):
        session.assert_fact({"kind": "visit", "who": "ann"})
    with pytest.raises(RulesetSpecError, match="port"):
        session.assert_fact({**visit(5), CASE_FIELD: other.key})   # no posing as a case


# --------------------------------------------------------------- timer threads


def test_no_timer_threads_and_actions_run_inside_the_call() -> None:
    before = {t.ident for t in threading.enumerate()}
    engine = RulesEngine(max_live=4)
    s = spec()
    engine.register(s)
    session = engine.start(s.name)
    s2 = joined()
    engine.register(s2)
    waiting = engine.start(s2.name)
    waiting.assert_fact(ticket(1))
    derived = session.assert_fact(visit(1))
    assert sorted(f["kind"] for f in derived) == ["greeting", "log"]
    facts = waiting.facts()
    time.sleep(0.6)                                   # the default host dispatches every 0.2 s
    assert waiting.facts() == facts
    new = [t for t in threading.enumerate() if t.ident not in before]
    assert new == []
    engine.close()


# --------------------------------------------------------------- events are consumed


def test_every_matching_rule_sees_a_fact(rules: RulesEngine) -> None:
    # Events would be consumed by the first rule that fires; the port has facts only.
    s = spec()
    rules.register(s)
    derived = rules.start(s.name).assert_fact(visit(1))
    assert sorted(f["kind"] for f in derived) == ["greeting", "log"]
    assert not hasattr(rules.start(s.name), "post")


# --------------------------------------------------------------- rulesets are forever


def test_a_ruleset_name_is_registered_once(rules: RulesEngine) -> None:
    s = spec(name="voorbeeld@1#abc")
    rules.register(s)
    rules.register(spec(name="voorbeeld@1#abc"))      # the same content: a no-op
    changed = spec(name="voorbeeld@1#abc", actions={
        "greet": DeriveSpec(static={"kind": "greeting", "text": "dag"}, copy={"id": "reply"}),
        "log": DeriveSpec(static={"kind": "log"}, copy={"id": "logid"})})
    with pytest.raises(RulesetConflict):
        rules.register(changed)


# --------------------------------------------------------------- conventions


@pytest.mark.parametrize("rule, message", [
    ({"all": [{"m": {"kind": "visit"}}], "run": "log"}, "pri"),
    ({"all": [{"m": {"kind": "visit"}}], "pri": -1, "run": "log"}, "pri"),
    ({"all": [{"m": {"who": "ann"}}], "pri": 1, "run": "log"}, "kind"),
    ({"all": [{"m": {"$or": [{"kind": "visit"}, {"who": "ann"}]}}], "pri": 1, "run": "log"},
     "kind"),
    ({"all": [{"n": {"kind": "visit"}}], "pri": 1, "run": "log"}, "first named 'm'"),
    ({"all": [{"m": {"kind": "visit"}}, {"n$not": {"kind": "visit"}}], "pri": 1, "run": "log"},
     "absence"),
    ({"all": [{"m": {"kind": "visit"}}, {"m": {"kind": "visit"}}], "pri": 1, "run": "log"},
     "unique"),
    ({"all": [{"m": {"kind": "visit"}}, {"n": {"$and": [{"kind": "visit"},
                                                        {"cid": {"m": "cid"}}]}}],
      "pri": 1, "run": "log"}, "case key"),
    ({"all": [{"m": {"$and": [{"kind": "visit"}, {"who": {"n": "who"}}]}},
              {"n": {"kind": "visit"}}], "pri": 1, "run": "log"}, "constant"),
    ({"all": [{"m": {"$and": [{"kind": "visit"}, {"$s": 1}]}}], "pri": 1, "run": "log"},
     "state"),
    ({"all": [{"m": {"$and": [{"kind": "visit"}, {"who": {"$neq": "ann"}}]}}], "pri": 1,
      "run": "log"}, "constant"),
    ({"all": [{"m": {"$and": [{"kind": "visit"}, {"$lt": {"n": {"m": "x"}}}]}}], "pri": 1,
      "run": "log"}, "constant"),
    ({"all": [{"m": {"kind": "visit"}}], "pri": 1, "run": "nothing"}, "actions"),
])
def test_rules_that_would_spring_a_trap_are_refused(rule: dict[str, Any], message: str) -> None:
    with pytest.raises(RulesetSpecError, match=message):
        RulesEngine(max_live=2).register(spec(rules={"r": rule}))


def test_a_reversed_comparison_would_match_everything_so_it_is_refused(
        rules: RulesEngine) -> None:
    # {"who": {"$neq": "ann"}} is accepted by durable-rules and then matches every fact
    # (measured); the correct form {"$neq": {"who": "ann"}} works.
    s = spec(rules={"not_ann": {"all": [{"m": {"$and": [{"kind": "visit"},
                                                          {"$neq": {"who": "ann"}}]}}],
                                "pri": 1, "run": "log"}})
    rules.register(s)
    session = rules.start(s.name)
    assert session.assert_fact(visit(1, who="ann")) == []
    assert [f["kind"] for f in session.assert_fact(visit(2, who="bob"))] == ["log"]


def test_derived_facts_no_rule_matches_are_still_handled(rules: RulesEngine) -> None:
    # No rule matches 'greeting' or 'log' facts; without the sink rule, deriving them
    # raises MessageNotHandled inside the action, which durable-rules swallows.
    s = spec()
    rules.register(s)
    session = rules.start(s.name)
    assert {f["kind"] for f in session.assert_fact(visit(1))} == {"greeting", "log"}
    assert {f["kind"] for f in rules.derive(s.name, [visit(1)])} == {"visit", "greeting", "log"}


# --------------------------------------------------------------- the expression budget


def _tree(rnd: random.Random, depth: int) -> dict[str, Any]:
    if depth > 3 or rnd.random() < 0.4:
        field = rnd.choice("abcde")
        if rnd.random() < 0.7:
            return {field: f"v{rnd.randint(0, 3)}"}
        return {"$neq": {field: "w"}}
    return {rnd.choice(["$and", "$or"]): [_tree(rnd, depth + 1)
                                          for _ in range(rnd.randint(1, 6))]}


@settings(max_examples=60)
@given(st.integers(0, 2**32))
def test_the_expression_budget_is_exactly_what_durable_rules_accepts(seed: int) -> None:
    # A pattern with too many $and/$or nodes makes durable-rules refuse the whole
    # ruleset (error 113). The port's check predicts it exactly: with the check lifted,
    # durable-rules accepts every condition within the budget and refuses every other.
    rnd = random.Random(seed)
    condition = {"$and": [{"kind": "visit"}, _tree(rnd, 0)]}
    rules = {"r": {"all": [{"m": condition}], "pri": 1, "run": "log"}}
    within = expression_cost(condition) <= MAX_EXPRESSION_COST
    if not within:
        with pytest.raises(RulesetSpecError, match="at most"):
            RulesEngine(max_live=1).register(spec(rules=rules))
    engine = RulesEngine(max_live=1)
    original = adapter.MAX_EXPRESSION_COST
    adapter.MAX_EXPRESSION_COST = 10**6
    try:
        if within:
            engine.register(spec(rules=rules))
        else:
            with pytest.raises(RulesError, match="refused"):
                engine.register(spec(rules=rules))
    finally:
        adapter.MAX_EXPRESSION_COST = original


def test_importing_the_adapter_leaves_the_warning_filters_alone() -> None:
    # A library must not silence warnings for the whole process (it used to ignore every
    # DeprecationWarning from durable.engine); the deprecated call is avoided instead.
    script = ("import warnings; before = list(warnings.filters); "
              "import protocolkit.engine.adapter; "
              "assert warnings.filters == before, 'filters changed'")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr


def test_durable_rules_clock_warns_nothing_and_keeps_its_value() -> None:
    import datetime as dt
    import warnings

    from durable import engine as durable_engine

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        now = durable_engine._unix_now()
    assert caught == []
    expected = (dt.datetime.now() - dt.datetime(1970, 1, 1)).total_seconds()
    assert abs(now - expected) < 5


# --------------------------------------------------------------- one state, many sessions


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.sampled_from(["visit", "ticket", "reset"]),
                          st.sampled_from(["ann", "bob"])), max_size=40))
def test_sessions_sharing_a_state_derive_what_each_derives_alone(
        steps: list[tuple[int, str, str]]) -> None:
    # Joins (a visit and a ticket admit) across interleaved sessions of one shared state
    # fire exactly as in a state of the session's own: never on another session's fact.
    def fact(kind: str, n: int, who: str) -> dict[str, Any]:
        if kind == "ticket":
            return ticket(n)
        return {**visit(n, who=who), "reply": f"a{n}"}

    def run(engine: RulesEngine, name: str, only: int | None) -> dict[int, list[Any]]:
        sessions: dict[int, Any] = {}
        seen: dict[int, list[Any]] = {}
        for n, (who_index, kind, who) in enumerate(steps):
            if only is not None and who_index != only:
                continue
            session = sessions.setdefault(who_index, engine.start(name))
            if kind == "reset":
                session.reset()
                derived: Any = "reset"
            else:
                derived = session.assert_fact(fact(kind, n, who))
            seen.setdefault(who_index, []).append((derived, session.facts()))
        return seen

    s = joined()
    shared_engine = RulesEngine()
    shared_engine.register(s)
    shared = run(shared_engine, s.name, None)
    for index, observed in shared.items():
        alone_engine = RulesEngine()
        alone_engine.register(s)
        assert run(alone_engine, s.name, index)[index] == observed
        alone_engine.release()
    shared_engine.release()
