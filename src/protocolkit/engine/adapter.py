"""The one module that imports durable-rules: a small port for fact-only rulesets.

Everything else in protocolkit talks to the rules engine through :class:`RulesEngine`
and :class:`Session` (one session is one case's working memory). The port takes a
ruleset as pure JSON data (:class:`RulesetSpec`): rules whose ``run`` names an action,
and for each action a :class:`DeriveSpec` saying which fact it derives. No Python is
generated and nothing is evaluated; the port builds one generic action per spec.

durable-rules 2.0.28 has traps (measured, see ``shared/durable-rules-notes.md``); the
port closes each one so that no caller can hit it:

* **1024 states per ruleset, the 1025th corrupts the process.** At most
  ``max_live`` (≤ :data:`MAX_SIDS_PER_RULESET`) sessions of a ruleset are live; the
  least recently used one is evicted (snapshot of state and facts, ``delete_state``)
  and restored on its next use (``complete_get_idle_state``, which replays the
  snapshot without firing actions). Any number of sessions can exist.
* **Sessions are found by a 32-bit FNV-1a hash only**, so two sids can share one
  state. Callers never choose a sid: sessions get internal sids whose hashes are
  distinct from those of every other session in the process, and whose state-message
  id does not collide with any fact id (:func:`fact_id`).
* **Fact ids are hashed too** (a colliding id is "already observed"): :func:`fact_id`
  hands out ids with pairwise distinct hashes.
* **Exceptions inside actions are swallowed** into ``state['exception']``: every
  assert checks it; on any failure the session's state is deleted (so the flag is
  cleared) and :class:`RulesError` is raised. The caller rebuilds from its own log.
* **The default host runs actions on timer threads**: :class:`_Host` never starts
  them; actions run inside :meth:`Session.assert_fact` and nowhere else.
* **Events are consumed by the first rule that matches**: the port has no events,
  only facts, which every matching rule sees.
* **Rulesets cannot be replaced**: a name is registered once; registering a different
  ruleset under a taken name raises :class:`RulesetConflict` (name rulesets by content).
* **A fact no rule matches raises inside the action that derived it**: the port adds a
  sink rule that accepts every kind of fact the ruleset knows and never fires.

Measured while building this port (durable-rules 2.0.28, CPython 3.11):

* A comparison written field-first (``{"who": {"$neq": "ann"}}``) is accepted and then
  matches *every* fact; the documented form is ``{"$neq": {"who": "ann"}}``. The port
  accepts only the documented forms.
* A pattern holds at most 32 expressions and each ``$and``/``$or`` node takes two
  (comparisons none); beyond it the whole ruleset is refused (error 113). The port
  checks :func:`expression_cost` before registering.
* Restoring a snapshot without its state message (``[4, state, ...]``) makes the next
  ``get_state`` segfault; snapshots always start with it.

>>> spec = RulesetSpec(
...     name="demo@1#0",
...     rules={"greet": {"all": [{"m": {"$and": [{"kind": "visit"}, {"who": "ann"}]}}],
...                      "pri": 1, "run": "greet"}},
...     actions={"greet": DeriveSpec(static={"kind": "greeting", "text": "hallo"},
...                                  copy={"id": "reply"})})
>>> rules = RulesEngine(max_live=2)
>>> rules.register(spec)
>>> session = rules.start("demo@1#0")
>>> [f["text"] for f in session.assert_fact({"id": "v1", "kind": "visit", "who": "ann",
...                                          "reply": "g1"})]
['hallo']
>>> [f["id"] for f in session.facts()]
['g1', 'v1']
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import durable_rules_engine as _core
from durable import engine as _durable


def _unix_now() -> float:
    """durable.engine's clock without its ``datetime.utcfromtimestamp(0)`` call, which is
    deprecated since Python 3.12 and warned in every action: the same value (local time
    as seconds since the naive epoch), no warning, and no process-wide warning filter."""
    return (dt.datetime.now() - _EPOCH).total_seconds()


_EPOCH = dt.datetime(1970, 1, 1)
_durable._unix_now = _unix_now

#: The engine's hard limit is 1024 states per ruleset (rete.h); stay clear of it.
MAX_SIDS_PER_RULESET = 1000
#: Memory for live sessions per ruleset when no ``max_live`` is given: a live session
#: costs about 64 KiB plus 13 KiB per rule (measured: 0.8 MiB for Oostzaan's 61 rules,
#: 1.8 MiB for Arnhem's 141), so a ruleset keeps ``budget / that`` sessions live (at
#: least 16, at most :data:`MAX_SIDS_PER_RULESET`) and evicts idle ones beyond it.
DEFAULT_MEMORY_BUDGET = 256 * 1024 * 1024
_SESSION_BASE_BYTES = 64 * 1024
_SESSION_RULE_BYTES = 13 * 1024


def live_limit(rules: int, budget: int = DEFAULT_MEMORY_BUDGET) -> int:
    """How many sessions of a ruleset with ``rules`` rules fit in ``budget`` bytes.

    >>> live_limit(61), live_limit(141), live_limit(10)
    (305, 138, 1000)
    """
    per_session = _SESSION_BASE_BYTES + _SESSION_RULE_BYTES * rules
    return max(16, min(MAX_SIDS_PER_RULESET, budget // per_session))
#: Highest priority a rule may use; the sink rule sits above it.
MAX_PRIORITY = 60000
#: durable-rules keeps at most 32 expressions per pattern (MAX_SEQUENCE_EXPRESSIONS);
#: each ``$and``/``$or`` node takes two, comparisons none (measured), so a pattern may
#: hold 15 such nodes. Beyond it the engine refuses the whole ruleset (error 113).
MAX_EXPRESSION_COST = 30

SINK_RULE = "__sink__"
_NEVER_KIND = "__never__"
_STATE_ID_PREFIX = "sid-"

_OPERATORS = frozenset({"$and", "$or"})
_COMPARISONS = frozenset({"$lt", "$gt", "$lte", "$gte", "$neq", "$ex", "$nex", "$mt"})
_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SCALARS = (str, int, float, bool)


class RulesError(RuntimeError):
    """The rules engine failed on an assert. The session's state was deleted, so the
    caller must rebuild it (from its own event log) before using it again."""


class RulesetConflict(RulesError):
    """A different ruleset is already registered under this name."""


class RulesetSpecError(ValueError):
    """A ruleset or fact breaks the conventions that keep durable-rules' traps shut."""


# --------------------------------------------------------------------------- hashing


def fnv1a32(text: str) -> int:
    """FNV-1a, 32 bit, exactly as durable-rules hashes sids and fact ids.

    The C code XORs a plain ``char``, which is signed on the platforms we run on, so
    bytes above 0x7f are sign-extended.

    >>> fnv1a32("case-478212") == fnv1a32("case-1221200")   # a real collision
    True
    """
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value ^= byte | 0xFFFFFF00 if byte & 0x80 else byte
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value


class _IdSpace:
    """Process-wide registry of message ids (fact ids and state ids) and sids, so that
    no two share a hash where durable-rules compares hashes only."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._issued: dict[str, str] = {}
        self._message_hashes: dict[int, str] = {}
        self._sid_hashes: dict[int, str] = {}
        self._counter = 0

    def fact_id(self, wanted: str) -> str:
        issued = self._issued.get(wanted)
        if issued is not None:
            return issued
        with self._lock:
            issued = self._issued.get(wanted)
            if issued is None:
                candidate, suffix = wanted, 0
                while fnv1a32(candidate) in self._message_hashes:
                    suffix += 1
                    candidate = f"{wanted}~{suffix}"
                self._message_hashes[fnv1a32(candidate)] = candidate
                self._issued[wanted] = issued = candidate
        return issued

    def new_sid(self) -> str:
        with self._lock:
            while True:
                self._counter += 1
                sid = f"s{self._counter}"
                sid_hash = fnv1a32(sid)
                state_hash = fnv1a32(_STATE_ID_PREFIX + sid)
                if sid_hash in self._sid_hashes or state_hash in self._message_hashes:
                    continue
                self._sid_hashes[sid_hash] = sid
                self._message_hashes[state_hash] = _STATE_ID_PREFIX + sid
                return sid

    def release_sid(self, sid: str) -> None:
        with self._lock:
            self._sid_hashes.pop(fnv1a32(sid), None)
            self._message_hashes.pop(fnv1a32(_STATE_ID_PREFIX + sid), None)


_IDS = _IdSpace()


def fact_id(wanted: str) -> str:
    """A fact id for ``wanted`` (``"e12"``) whose hash no other id or state id shares.

    Stable within a process: the same ``wanted`` always gives the same id.

    >>> fact_id("e1") == fact_id("e1")
    True
    """
    return _IDS.fact_id(wanted)


# --------------------------------------------------------------------------- specs


@dataclass(frozen=True, eq=True)
class DeriveSpec:
    """What an action derives from the fact that made its rule fire.

    The derived fact is ``static``, plus ``copy`` (derived field <- field of the
    matched fact), plus ``lookup`` (derived field <- ``table[matched[field]]``). The
    fact must get an explicit ``id`` (from ``static`` or ``copy``) and a ``kind``.
    """

    static: Mapping[str, Any]
    copy: Mapping[str, str] = field(default_factory=dict)
    lookup: Mapping[str, tuple[str, Mapping[str, Any]]] = field(default_factory=dict)

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True, eq=True)
class RulesetSpec:
    """A ruleset as data: ``rules`` is durable-rules' JSON format with string ``run``
    names; ``actions`` maps each name to what it derives.

    Conventions (checked by :meth:`RulesEngine.register`): every rule has one pattern
    named ``m``, an explicit ``pri`` in ``0..MAX_PRIORITY`` and compares ``kind`` for
    equality (in every branch of an ``$or``); no joins, no state (``$s``), no timers.
    """

    name: str
    rules: Mapping[str, Any]
    actions: Mapping[str, DeriveSpec]

    __hash__ = None  # type: ignore[assignment]


def _kinds_of(expression: Any) -> set[str] | None:
    """The ``kind`` values an expression requires, or ``None`` when some branch does
    not compare ``kind`` for equality."""
    if not isinstance(expression, dict):
        return None
    if "$or" in expression:
        found: set[str] = set()
        for branch in expression["$or"]:
            kinds = _kinds_of(branch)
            if kinds is None:
                return None
            found |= kinds
        return found
    if "$and" in expression:
        for part in expression["$and"]:
            kinds = _kinds_of(part)
            if kinds is not None:
                return kinds
        return None
    kind = expression.get("kind")
    return {kind} if isinstance(kind, str) else None


def _check_expression(expression: Any, where: str) -> None:
    """Accept only ``{"$and"|"$or": [...]}``, ``{field: constant}`` and
    ``{"$op": {field: constant}}``. durable-rules silently accepts a reversed
    comparison (``{field: {"$neq": x}}``) and then matches every fact."""
    if not isinstance(expression, dict) or len(expression) != 1:
        raise RulesetSpecError(f"{where}: each condition is a mapping with one key "
                               "(combine several with $and)")
    key, value = next(iter(expression.items()))
    if key in _OPERATORS:
        if not isinstance(value, list) or not value:
            raise RulesetSpecError(f"{where}: {key} needs a non-empty list")
        for item in value:
            _check_expression(item, where)
    elif key in _COMPARISONS:
        if not isinstance(value, dict) or len(value) != 1:
            raise RulesetSpecError(f"{where}: {key} takes one {{field: constant}}")
        name, constant = next(iter(value.items()))
        if not _FIELD.match(name) or not isinstance(constant, _SCALARS):
            raise RulesetSpecError(f"{where}: {key} compares a field with a constant "
                                   "(no joins, no state)")
    elif key.startswith(("$", "+")) or not _FIELD.match(key):
        raise RulesetSpecError(f"{where}: '{key}' is not allowed (no state, timers or "
                               "special fields)")
    elif not isinstance(value, _SCALARS):
        raise RulesetSpecError(f"{where}: '{key}' must equal a constant; a comparison is "
                               f"written {{\"$op\": {{\"{key}\": value}}}}")


def expression_cost(expression: Any) -> int:
    """What a condition takes of durable-rules' expression budget per pattern."""
    if isinstance(expression, dict) and len(expression) == 1:
        key, value = next(iter(expression.items()))
        if key in _OPERATORS and isinstance(value, list):
            return 2 + sum(expression_cost(item) for item in value)
    return 0


def _check_spec(spec: RulesetSpec) -> set[str]:
    """Validate the conventions; the set of fact kinds the ruleset knows."""
    if not spec.name or not isinstance(spec.name, str):
        raise RulesetSpecError("a ruleset needs a name")
    kinds: set[str] = set()
    for rule_name, rule in spec.rules.items():
        where = f"rule '{rule_name}'"
        if rule_name == SINK_RULE:
            raise RulesetSpecError(f"{where}: the name is reserved")
        if not isinstance(rule, dict) or set(rule) != {"all", "pri", "run"}:
            raise RulesetSpecError(f"{where}: a rule has exactly 'all', 'pri' and 'run'")
        patterns = rule["all"]
        if not (isinstance(patterns, list) and len(patterns) == 1
                and isinstance(patterns[0], dict) and list(patterns[0]) == ["m"]):
            raise RulesetSpecError(f"{where}: one pattern named 'm' (no joins)")
        pri = rule["pri"]
        if not isinstance(pri, int) or isinstance(pri, bool) or not 0 <= pri <= MAX_PRIORITY:
            raise RulesetSpecError(f"{where}: 'pri' must be an integer 0..{MAX_PRIORITY}")
        if not isinstance(rule["run"], str) or rule["run"] not in spec.actions:
            raise RulesetSpecError(f"{where}: 'run' must name one of the actions")
        expression = patterns[0]["m"]
        _check_expression(expression, where)
        if expression_cost(expression) > MAX_EXPRESSION_COST:
            raise RulesetSpecError(
                f"{where}: the condition nests {expression_cost(expression) // 2} $and/$or "
                f"nodes; durable-rules takes at most {MAX_EXPRESSION_COST // 2} per pattern "
                "(split it over several rules)")
        found = _kinds_of(expression)
        if found is None:
            raise RulesetSpecError(f"{where}: every pattern compares 'kind' for equality")
        kinds |= found
    for action_name, action in spec.actions.items():
        kind = action.static.get("kind")
        if not isinstance(kind, str):
            raise RulesetSpecError(f"action '{action_name}': the derived fact needs a 'kind'")
        if "id" not in action.static and "id" not in action.copy:
            raise RulesetSpecError(f"action '{action_name}': the derived fact needs an 'id'")
        kinds.add(kind)
    if _NEVER_KIND in kinds:
        raise RulesetSpecError(f"the kind '{_NEVER_KIND}' is reserved")
    return kinds


def _sink_rule(kinds: set[str]) -> dict[str, Any]:
    """Accepts every known kind (so no fact is "not handled") and never fires: its
    second pattern waits for a kind no fact can have."""
    return {"all": [{"m": {"$or": [{"kind": k} for k in sorted(kinds)]}},
                    {"never": {"kind": _NEVER_KIND}}],
            "pri": MAX_PRIORITY + 1, "run": SINK_RULE}


# --------------------------------------------------------------------------- engine


class _Host(_durable.Host):  # type: ignore[misc]  # durable-rules is untyped (subclassing Any)
    """A durable-rules host that never starts timer threads and resolves action names
    through its :class:`RulesEngine`."""

    def __init__(self, resolve: Callable[[str], Callable[[Any], None]]) -> None:
        self._resolve = resolve
        super().__init__()

    def _run(self) -> None:
        """No dispatch or timer threads: actions run only inside our own calls."""

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        return self._resolve(action_name)


class _Runtime:
    __slots__ = (
        "collected",
        "failure",
        "kinds",
        "live",
        "max_live",
        "name",
        "parked",
        "ruleset",
        "spec",
    )

    def __init__(self, spec: RulesetSpec, kinds: frozenset[str], max_live: int) -> None:
        self.name = spec.name
        self.spec = spec
        self.kinds = kinds
        self.max_live = max_live
        self.live: OrderedDict[str, None] = OrderedDict()
        self.parked: dict[str, str] = {}
        self.collected: list[dict[str, Any]] | None = None
        self.failure: str | None = None
        self.ruleset: Any = None


def _natural(value: Any) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", str(value)) if p)


def _fact_order(fact: Mapping[str, Any]) -> tuple[Any, ...]:
    return _natural(fact.get("id"))


def _describe(error: BaseException) -> str:
    text = getattr(error, "message", None) or str(error) or type(error).__name__
    return str(text).splitlines()[0][:500]


class Session:
    """One working memory in one ruleset (for protocolkit: one case).

    Not created directly: :meth:`RulesEngine.start`. The sid is internal; callers keep
    their own ids and map them to sessions.
    """

    __slots__ = ("__weakref__", "_dropped", "_engine", "_runtime", "sid")

    def __init__(self, engine: RulesEngine, runtime: _Runtime, sid: str) -> None:
        self._engine = engine
        self._runtime = runtime
        self.sid = sid
        self._dropped = False

    @property
    def ruleset(self) -> str:
        return self._runtime.name

    @property
    def live(self) -> bool:
        """Whether the session is in the engine now (not evicted)."""
        return self.sid in self._runtime.live

    @property
    def dropped(self) -> bool:
        return self._dropped

    def assert_fact(self, fact: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Assert one fact and fire the rules; the facts the actions derived, in order.

        Raises :class:`RulesError` (the session is then empty) when the engine fails.
        """
        return self._engine._assert(self, fact)

    def facts(self) -> list[dict[str, Any]]:
        """All facts of this session, sorted by id (without the internal sid)."""
        return self._engine._facts(self)

    def reset(self) -> None:
        """Forget all facts (the session stays usable, empty)."""
        self._engine._reset(self._runtime, self.sid)

    def drop(self) -> None:
        """Delete this session's state for good; its sid is released."""
        self._engine._drop(self)


class RulesEngine:
    """One durable-rules host with its rulesets and sessions.

    Thread-safe: one operation at a time. ``max_live`` bounds the live sessions per
    ruleset (at most :data:`MAX_SIDS_PER_RULESET`); without it each ruleset gets
    :func:`live_limit` of its size. Beyond the limit the least recently used sessions
    are evicted and restored transparently.
    """

    def __init__(self, max_live: int | None = None) -> None:
        if max_live is not None and (not isinstance(max_live, int) or isinstance(max_live, bool)
                                     or not 1 <= max_live <= MAX_SIDS_PER_RULESET):
            raise ValueError(f"max_live must be between 1 and {MAX_SIDS_PER_RULESET} "
                             "(durable-rules breaks beyond 1024 sessions per ruleset)")
        self.max_live = max_live
        self._lock = threading.RLock()
        self._runtimes: dict[str, _Runtime] = {}
        self._registering: _Runtime | None = None
        self._host = _Host(self._action)

    # ----------------------------------------------------------------- rulesets

    def register(self, spec: RulesetSpec) -> None:
        """Register a ruleset once; registering the same spec again is a no-op."""
        with self._lock:
            existing = self._runtimes.get(spec.name)
            if existing is not None:
                if existing.spec is spec or existing.spec == spec:
                    return
                raise RulesetConflict(
                    f"a different ruleset named '{spec.name}' is already registered; "
                    "rulesets cannot be replaced, so a changed ruleset needs a new name")
            kinds = _check_spec(spec)
            definition = json.loads(json.dumps(spec.rules))
            definition[SINK_RULE] = _sink_rule(kinds)
            limit = self.max_live or live_limit(len(definition))
            runtime = _Runtime(spec, frozenset(kinds), limit)
            self._registering = runtime
            try:
                self._host.register_rulesets({spec.name: definition})
            except RulesetSpecError:
                raise
            except Exception as error:  # durable-rules raises a bare Exception on refusal
                raise RulesError(f"durable-rules refused ruleset '{spec.name}': "
                                 f"{_describe(error)}") from error
            finally:
                self._registering = None
            runtime.ruleset = self._host.get_ruleset(spec.name)
            self._runtimes[spec.name] = runtime

    def registered(self, name: str) -> bool:
        return name in self._runtimes

    def _action(self, name: str) -> Callable[[Any], None]:
        runtime = self._registering
        if runtime is None:
            raise RulesetSpecError(f"no action '{name}' outside registration")
        if name == SINK_RULE:
            return _sink_action
        return _derive_action(runtime, runtime.spec.actions[name])

    # ----------------------------------------------------------------- sessions

    def start(self, ruleset: str) -> Session:
        """A new, empty session in a registered ruleset."""
        with self._lock:
            runtime = self._runtimes.get(ruleset)
            if runtime is None:
                raise KeyError(f"no ruleset '{ruleset}' is registered")
            return Session(self, runtime, _IDS.new_sid())

    def stats(self) -> dict[str, dict[str, int]]:
        """Per ruleset: live and evicted (parked) sessions and the live limit."""
        with self._lock:
            return {name: {"live": len(rt.live), "parked": len(rt.parked),
                           "max_live": rt.max_live}
                    for name, rt in self._runtimes.items()}

    def close(self) -> None:
        """Delete every session's state (the rulesets stay registered)."""
        with self._lock:
            for runtime in self._runtimes.values():
                for sid in list(runtime.live):
                    self._delete_state(runtime, sid)
                runtime.live.clear()
                runtime.parked.clear()

    def release(self) -> None:
        """Delete every session and every ruleset in the C engine, for good: the memory
        a ruleset holds (about 2 MB) is otherwise never returned. The engine is unusable
        afterwards."""
        with self._lock:
            self.close()
            for runtime in self._runtimes.values():
                handle = getattr(runtime.ruleset, "_handle", None)
                if handle is not None:
                    try:
                        _core.delete_ruleset(handle)
                    except _core.error:
                        pass
                    runtime.ruleset._handle = None
                runtime.ruleset = None
            self._runtimes.clear()
            self._host = None  # type: ignore[assignment]

    # ----------------------------------------------------------------- internals

    def _assert(self, session: Session, fact: Mapping[str, Any]) -> list[dict[str, Any]]:
        with self._lock:
            if session._dropped:
                raise RulesError("this session was dropped")
            runtime = session._runtime
            if fact.get("kind") not in runtime.kinds:
                raise RulesetSpecError(f"no rule knows facts of kind {fact.get('kind')!r}")
            if "id" not in fact:
                raise RulesetSpecError("a fact needs an explicit 'id'")
            sid = session.sid
            self._ensure_live(runtime, sid)
            message = dict(fact)
            message["sid"] = sid
            collected: list[dict[str, Any]] = []
            runtime.collected = collected
            runtime.failure = None
            try:
                state = self._host.assert_fact(runtime.name, message)
            except Exception as error:  # bare Exception, MessageNotHandled/Observed, the C error
                self._reset(runtime, sid)
                raise RulesError(f"the rules engine refused a fact: {_describe(error)}") from error
            finally:
                runtime.collected = None
            if state is not None and "exception" in state:
                detail = runtime.failure or str(state["exception"]).splitlines()[0][:500]
                runtime.failure = None
                self._reset(runtime, sid)
                raise RulesError(f"a rule action failed: {detail}")
            for derived in collected:
                derived.pop("sid", None)
            return collected

    def _ensure_live(self, runtime: _Runtime, sid: str) -> None:
        live = runtime.live
        if sid in live:
            live.move_to_end(sid)
            return
        while len(live) >= runtime.max_live:
            self._evict(runtime)
        snapshot = runtime.parked.pop(sid, None)
        if snapshot is not None:
            runtime.ruleset.complete_get_idle_state(sid, snapshot)
        live[sid] = None

    def _evict(self, runtime: _Runtime) -> None:
        sid, _ = runtime.live.popitem(last=False)
        ruleset = runtime.ruleset
        try:
            state = ruleset.get_state(sid)
        except _core.error:
            return  # the session never got a fact: nothing to keep
        facts = ruleset.get_facts(sid)
        if ruleset.get_pending_events(sid):
            raise RulesError("a session holds events; this port only asserts facts")
        parts: list[Any] = [4, state]  # 4: update state — restoring without it segfaults
        for item in facts:
            parts.append(1)  # 1: assert fact
            parts.append(item)
        runtime.parked[sid] = json.dumps(parts, ensure_ascii=False)
        ruleset.delete_state(sid)

    def _delete_state(self, runtime: _Runtime, sid: str) -> None:
        try:
            runtime.ruleset.delete_state(sid)
        except _core.error:
            pass  # no state was ever created for this sid

    def _reset(self, runtime: _Runtime, sid: str) -> None:
        with self._lock:
            if sid in runtime.live:
                del runtime.live[sid]
                self._delete_state(runtime, sid)
            runtime.parked.pop(sid, None)

    def _facts(self, session: Session) -> list[dict[str, Any]]:
        with self._lock:
            runtime, sid = session._runtime, session.sid
            if sid in runtime.live:
                try:
                    facts = runtime.ruleset.get_facts(sid)
                except _core.error:
                    facts = []
            elif sid in runtime.parked:
                parts = json.loads(runtime.parked[sid])
                facts = [parts[i + 1] for i in range(0, len(parts), 2) if parts[i] == 1]
            else:
                facts = []
            for item in facts:
                item.pop("sid", None)
            return sorted(facts, key=_fact_order)

    def _drop(self, session: Session) -> None:
        with self._lock:
            if session._dropped:
                return
            self._reset(session._runtime, session.sid)
            session._dropped = True
            _IDS.release_sid(session.sid)


def _sink_action(c: Any) -> None:
    """Never runs: the sink rule waits for a kind no fact has."""


def _derive_action(runtime: _Runtime, spec: DeriveSpec) -> Callable[[Any], None]:
    static = tuple(spec.static.items())
    copy = tuple(spec.copy.items())
    lookup = tuple((target, source, table) for target, (source, table) in spec.lookup.items())

    def derive(c: Any) -> None:
        try:
            matched = c.m._d
            fact = dict(static)
            for target, source in copy:
                fact[target] = matched[source]
            for target, source, table in lookup:
                fact[target] = table[matched[source]]
            c.assert_fact(fact)
            collected = runtime.collected
            if collected is None:
                raise RulesError("an action ran outside an assert")
            collected.append(fact)
        except Exception as error:
            # durable-rules swallows this into state['exception'] without its type.
            runtime.failure = f"{type(error).__name__}: {_describe(error)}"
            raise

    return derive
