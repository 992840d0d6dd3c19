"""The one module that imports durable-rules: a small port for fact-only rulesets.

Everything else in protocolkit talks to the rules engine through :class:`RulesEngine`
and :class:`Session` (one session is one case's share of the working memory). The port
takes a ruleset as pure JSON data (:class:`RulesetSpec`): rules whose ``run`` names an
action, and for each action a :class:`DeriveSpec` saying which fact it derives. No
Python is generated and nothing is evaluated; the port builds one generic action per spec.

**One durable-rules session per ruleset, every case in it.** A ruleset's cases share one
durable-rules state (sid). Each session gets a collision-free *case key*; every fact it
asserts or derives carries it in the field ``cid`` (:data:`CASE_FIELD`), and every
pattern after the first of a rule is joined on it (``{"cid": {"m": "cid"}}``, added by the
port), so a rule only ever combines facts of one case. A single-pattern rule sees one
fact, so it is per case anyway. The working memory holds what a rule can still match: a
fact whose kind no multi-pattern rule names can match nothing after the rules fired on its
assert (no ``$s``, no ``$not``, no timers), so the port retracts it after the call, with
the next :data:`SPENT_BATCH` spent facts in one call (durable-rules keeps each stored
fact in a fixed ~8 KiB node, so at most some 500 KiB wait); facts of joined kinds stay
until the session is reset or dropped. A derived fact of a kind no rule names at all is
spent at birth: the port returns it without asserting it (asserting and retracting it
would change nothing but the time taken). :meth:`RulesEngine.derive` re-derives all facts
of a list of asserted facts (for inspection: what the rules make of a case's events).

durable-rules 2.0.28 has traps (measured, see ``shared/durable-rules-notes.md``); the
port closes each one so that no caller can hit it:

* **1024 states per ruleset, the 1025th corrupts the process.** The port uses one state
  per ruleset, whatever the number of sessions; nothing is evicted or restored.
* **States are found by a 32-bit FNV-1a hash only**, and so are fact ids (a colliding id
  is "already observed"). Callers never choose a sid or the id a fact has in the engine:
  the shared sids and the case keys have pairwise distinct hashes, and every fact gets
  the engine id ``<case key>:<its id>``, suffixed where its hash equals that of a fact
  (or the state) the shared state holds; callers see their own ids.
* **Exceptions inside actions are swallowed** into ``state['exception']``: every
  assert checks it; on any failure the session's facts are retracted, the flag is
  cleared (the other cases of the state are untouched) and :class:`RulesError` is
  raised. The caller rebuilds from its own log.
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
  checks :func:`expression_cost` (the case join included) before registering.
* A stored fact costs about 8.3 KiB of resident memory however small it is (its
  ``jsonObject`` holds 255 property slots), so keeping every fact of 10,000 cases would
  cost some 80 KiB per case; retracting spent facts keeps the state small and its hash
  chains (512 buckets) short.
* ``update_state`` with the state minus ``exception`` clears the flag; deleting the
  state (what a state per case allowed) would drop every case of the ruleset.

>>> spec = RulesetSpec(
...     name="demo@1#0",
...     rules={"greet": {"all": [{"m": {"$and": [{"kind": "visit"}, {"who": "ann"}]}}],
...                      "pri": 1, "run": "greet"}},
...     actions={"greet": DeriveSpec(static={"kind": "greeting", "text": "hallo"},
...                                  copy={"id": "reply"})})
>>> rules = RulesEngine()
>>> rules.register(spec)
>>> session = rules.start("demo@1#0")
>>> visit = {"id": "v1", "kind": "visit", "who": "ann", "reply": "g1"}
>>> [f["text"] for f in session.assert_fact(visit)]
['hallo']
>>> session.facts()                  # nothing left that a rule could still match
[]
>>> [f["id"] for f in rules.derive("demo@1#0", [visit])]
['g1', 'v1']
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections.abc import Callable, Mapping, Sequence
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

#: The field that carries a fact's case key; the port sets it and joins on it.
CASE_FIELD = "cid"
#: Spent facts are retracted in batches of this many: each waits at most this long in
#: durable-rules (about 8 KiB each), matched by nothing.
SPENT_BATCH = 64
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
    caller must rebuild it (from its own event log) before using it again.

    ``str(error)`` is English; for a reader in any language the failure is data:
    ``kind`` says what failed (``fact-refused``, ``ruleset-refused``, ``action-failed``,
    ``dropped``, ``outside-assert``, ``other-case``; texts ``rules.<kind>``), ``name``
    the ruleset (for ``ruleset-refused``), and ``original`` durable-rules' (or the
    failing action's) own words, untranslated, or ``None``."""

    def __init__(self, message: str, *, kind: str, original: str | None = None,
                 name: str | None = None) -> None:
        super().__init__(f"{message}: {original}" if original else message)
        self.kind, self.original, self.name = kind, original, name


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
    return _fnv_continue(0x811C9DC5, text)


def _fnv_continue(value: int, text: str) -> int:
    """FNV-1a of ``text`` from the state ``value`` (the hash of a prefix)."""
    data = text.encode("utf-8")
    if data.isascii():                # every id the port makes: no byte to sign-extend
        for byte in data:
            value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
        return value
    for byte in data:
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
        self._key_hashes: set[int] = set()
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

    def new_key(self) -> tuple[str, int]:
        """A case key whose hash no other live case key shares (durable-rules indexes
        join values by hash), and that hash."""
        with self._lock:
            while True:
                self._counter += 1
                key = f"c{self._counter}"
                found = fnv1a32(key)
                if found not in self._key_hashes:
                    self._key_hashes.add(found)
                    return key, found

    def release_key(self, key_hash: int) -> None:
        """Release the case key with hash ``key_hash`` (:meth:`new_key`)."""
        with self._lock:
            self._key_hashes.discard(key_hash)


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

    Conventions (checked by :meth:`RulesEngine.register`): every rule has an explicit
    ``pri`` in ``0..MAX_PRIORITY`` and one or more patterns, the first named ``m`` (the
    fact a :class:`DeriveSpec` copies from); every pattern compares ``kind`` for equality
    (in every branch of an ``$or``) and otherwise fields with constants or, in a later
    pattern, with a field of an earlier one (``{"step": {"m": "next"}}``). The port joins
    every later pattern on the case key; ``cid`` is its field, no rule names it. No
    absence (``$not``), no state (``$s``), no timers.
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


def _check_expression(expression: Any, where: str, earlier: tuple[str, ...] = ()) -> None:
    """Accept only ``{"$and"|"$or": [...]}``, ``{field: constant}``,
    ``{"$op": {field: constant}}`` and, with ``earlier`` patterns, the equality join
    ``{field: {pattern: field}}``. durable-rules silently accepts a reversed
    comparison (``{field: {"$neq": x}}``) and then matches every fact."""
    if not isinstance(expression, dict) or len(expression) != 1:
        raise RulesetSpecError(f"{where}: each condition is a mapping with one key "
                               "(combine several with $and)")
    key, value = next(iter(expression.items()))
    if key in _OPERATORS:
        if not isinstance(value, list) or not value:
            raise RulesetSpecError(f"{where}: {key} needs a non-empty list")
        for item in value:
            _check_expression(item, where, earlier)
    elif key in _COMPARISONS:
        if not isinstance(value, dict) or len(value) != 1:
            raise RulesetSpecError(f"{where}: {key} takes one {{field: constant}}")
        name, constant = next(iter(value.items()))
        if not _FIELD.match(name) or not isinstance(constant, _SCALARS):
            raise RulesetSpecError(f"{where}: {key} compares a field with a constant "
                                   "(no joins, no state)")
    elif key.startswith(("$", "+")) or not _FIELD.match(key) or key == CASE_FIELD:
        raise RulesetSpecError(f"{where}: '{key}' is not allowed (no state, timers, "
                               "special fields or the case key)")
    elif _is_join(value, earlier):
        return
    elif not isinstance(value, _SCALARS):
        raise RulesetSpecError(f"{where}: '{key}' must equal a constant; a comparison is "
                               f"written {{\"$op\": {{\"{key}\": value}}}}")


def _is_join(value: Any, earlier: tuple[str, ...]) -> bool:
    """``{pattern: field}`` naming an earlier pattern of the rule (an equality join)."""
    if not isinstance(value, dict) or len(value) != 1:
        return False
    pattern, other = next(iter(value.items()))
    return (pattern in earlier and isinstance(other, str) and bool(_FIELD.match(other))
            and other != CASE_FIELD)


def _case_join(expression: Any, first: str) -> dict[str, Any]:
    """``expression`` and the fact's case key equal to that of the first pattern."""
    return {"$and": [expression, {CASE_FIELD: {first: CASE_FIELD}}]}


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
        if not (isinstance(patterns, list) and patterns
                and all(isinstance(p, dict) and len(p) == 1 for p in patterns)
                and list(patterns[0]) == ["m"]):
            raise RulesetSpecError(f"{where}: 'all' is a list of patterns, each one "
                                   "mapping of a name to a condition, the first named 'm'")
        pri = rule["pri"]
        if not isinstance(pri, int) or isinstance(pri, bool) or not 0 <= pri <= MAX_PRIORITY:
            raise RulesetSpecError(f"{where}: 'pri' must be an integer 0..{MAX_PRIORITY}")
        if not isinstance(rule["run"], str) or rule["run"] not in spec.actions:
            raise RulesetSpecError(f"{where}: 'run' must name one of the actions")
        earlier: tuple[str, ...] = ()
        for pattern in patterns:
            name, expression = next(iter(pattern.items()))
            if not isinstance(name, str) or not _FIELD.match(name) or name in earlier:
                raise RulesetSpecError(f"{where}: pattern '{name}' needs a plain, unique "
                                       "name (no absence '$not', no state)")
            _check_expression(expression, where, earlier)
            cost = expression_cost(_case_join(expression, "m") if earlier else expression)
            if cost > MAX_EXPRESSION_COST:
                raise RulesetSpecError(
                    f"{where}: the condition nests {cost // 2} $and/$or nodes (the case "
                    f"join included); durable-rules takes at most {MAX_EXPRESSION_COST // 2} "
                    "per pattern (split it over several rules)")
            found = _kinds_of(expression)
            if found is None:
                raise RulesetSpecError(f"{where}: every pattern compares 'kind' for equality")
            kinds |= found
            earlier = (*earlier, name)
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


def joined_kinds(spec: RulesetSpec) -> frozenset[str]:
    """The kinds some pattern of a multi-pattern rule names: facts of these kinds can
    still match after their assert, so they stay in the working memory."""
    found: set[str] = set()
    for rule in spec.rules.values():
        if len(rule["all"]) > 1:
            for pattern in rule["all"]:
                found |= _kinds_of(next(iter(pattern.values()))) or set()
    return frozenset(found)


def _definition(spec: RulesetSpec, kinds: set[str]) -> dict[str, Any]:
    """The rules as durable-rules gets them: every pattern after the first joined on the
    case key, and the sink rule."""
    definition: dict[str, Any] = json.loads(json.dumps(spec.rules))
    for rule in definition.values():
        first = next(iter(rule["all"][0]))
        rule["all"] = [rule["all"][0]] + [
            {name: _case_join(expression, first)}
            for pattern in rule["all"][1:] for name, expression in pattern.items()]
    definition[SINK_RULE] = _sink_rule(kinds)
    return definition


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


#: A fact as its caller sees it, and the message durable-rules holds for it (``None``
#: for a derived fact no rule can match, which is never asserted).
_Pair = tuple[dict[str, Any], dict[str, Any] | None]


class _Runtime:
    """One registered ruleset: its shared state (``sid``) and what is stored in it."""

    __slots__ = (
        "acted",
        "case",
        "failure",
        "flight",
        "hash_of",
        "hashes",
        "kept_kinds",
        "kinds",
        "matched_kinds",
        "name",
        "ruleset",
        "sessions",
        "sid",
        "spec",
        "spent",
    )

    def __init__(self, spec: RulesetSpec, kinds: frozenset[str], sid: str) -> None:
        self.name = spec.name
        self.spec = spec
        self.kinds = kinds
        self.kept_kinds = joined_kinds(spec)
        #: The kinds some rule's pattern names (the sink aside): a derived fact of any
        #: other kind can match nothing, so it is spent at birth and never asserted.
        self.matched_kinds = frozenset(
            kind for rule in spec.rules.values() for pattern in rule["all"]
            for kind in _kinds_of(next(iter(pattern.values()))) or ())
        self.sid = sid
        #: FNV hashes of the message ids the shared state holds (its state message too).
        self.hashes: set[int] = {fnv1a32(_STATE_ID_PREFIX + sid)}
        #: engine id -> its hash, for the messages stored now.
        self.hash_of: dict[str, int] = {}
        self.sessions: dict[str, Session] = {}
        #: Spent facts not yet retracted: they can match nothing, so they are retracted
        #: in batches of :data:`SPENT_BATCH` (one call instead of one per assert).
        self.spent: list[dict[str, Any]] = []
        #: During an assert: the case key, and every fact stored so far in the call.
        self.case: str | None = None
        self.flight: list[_Pair] | None = None
        self.failure: str | None = None
        self.ruleset: Any = None
        #: Whether an action ever ran in the shared state (see :meth:`RulesEngine.release`).
        self.acted = False

    def message(self, session: Session, fact: Mapping[str, Any]) -> dict[str, Any]:
        """The message for ``fact`` of ``session``: its case key, the shared sid and the
        engine id ``<case key>:<id>``, suffixed while its hash equals that of a stored
        message."""
        local = str(fact["id"])
        candidate = f"{session.key}:{local}"
        found = _fnv_continue(session.prefix, local)
        suffix = 0
        while found in self.hashes:
            suffix += 1
            candidate = f"{session.key}:{local}~{suffix}"
            found = fnv1a32(candidate)
        self.hashes.add(found)
        self.hash_of[candidate] = found
        return {**fact, "id": candidate, CASE_FIELD: session.key, "sid": self.sid}

    def spend(self, messages: list[dict[str, Any]]) -> None:
        """Retract ``messages`` (spent facts) with the next batch."""
        self.spent.extend(messages)
        if len(self.spent) >= SPENT_BATCH:
            self.flush()

    def flush(self) -> None:
        """Retract every spent fact now."""
        spent, self.spent = self.spent, []
        self.forget(spent)

    def forget(self, messages: list[dict[str, Any]]) -> None:
        """Retract ``messages`` from the shared state. durable-rules finds a stored fact
        by its sid and id alone and removes it from every node (measured), so only those
        are sent."""
        if not messages:
            return
        sid = self.sid
        try:
            self.ruleset.retract_facts([{"sid": sid, "id": m["id"]} for m in messages])
        except Exception:  # noqa: BLE001 - one by one: a failed assert may not have stored it
            for message in messages:
                try:
                    self.ruleset.retract_fact({"sid": sid, "id": message["id"]})
                except Exception:  # noqa: BLE001,S110 - not stored: nothing to retract
                    pass
        hash_of, hashes = self.hash_of, self.hashes
        for message in messages:
            found = hash_of.pop(message["id"], None)
            if found is not None:
                hashes.discard(found)


def _natural(value: Any) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", str(value)) if p)


def _fact_order(fact: Mapping[str, Any]) -> tuple[Any, ...]:
    return _natural(fact.get("id"))


def _describe(error: BaseException) -> str:
    text = getattr(error, "message", None) or str(error) or type(error).__name__
    return str(text).splitlines()[0][:500]


class Session:
    """One case's share of its ruleset's working memory.

    Not created directly: :meth:`RulesEngine.start`. The case key is internal; callers
    keep their own ids and map them to sessions.
    """

    __slots__ = ("__weakref__", "_dropped", "_engine", "_kept", "_runtime", "key",
                 "key_hash", "prefix")

    def __init__(self, engine: RulesEngine, runtime: _Runtime, key: str, key_hash: int,
                 ) -> None:
        self._engine = engine
        self._runtime = runtime
        self.key = key
        self.key_hash = key_hash
        #: The FNV-1a state after ``"<key>:"``, the prefix of its facts' engine ids.
        self.prefix = _fnv_continue(key_hash, ":")
        self._kept: list[_Pair] = []
        self._dropped = False

    @property
    def ruleset(self) -> str:
        return self._runtime.name

    @property
    def live(self) -> bool:
        """Whether the session can take facts now (every session can, until dropped:
        nothing is evicted)."""
        return not self._dropped

    @property
    def dropped(self) -> bool:
        return self._dropped

    def assert_fact(self, fact: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Assert one fact and fire the rules; the facts the actions derived, in order.

        Raises :class:`RulesError` (the session is then empty) when the engine fails.
        """
        return self._engine._assert(self, fact)

    def facts(self) -> list[dict[str, Any]]:
        """The facts of this session the working memory holds now, sorted by id: those
        of kinds a multi-pattern rule names (the others were spent when asserted;
        :meth:`RulesEngine.derive` shows them)."""
        with self._engine._lock:
            return sorted((dict(fact) for fact, _ in self._kept), key=_fact_order)

    def reset(self) -> None:
        """Forget all facts (the session stays usable, empty)."""
        self._engine._reset(self)

    def drop(self) -> None:
        """Retract this session's facts for good; its case key is released."""
        self._engine._drop(self)


class RulesEngine:
    """One durable-rules host with its rulesets, one shared state per ruleset.

    Thread-safe: one operation at a time. Any number of sessions per ruleset; every one
    is live (``max_live`` is accepted for compatibility and bounds nothing: there is no
    eviction any more).
    """

    def __init__(self, max_live: int | None = None) -> None:
        if max_live is not None and (not isinstance(max_live, int) or isinstance(max_live, bool)
                                     or max_live < 1):
            raise ValueError("max_live must be a positive integer (it bounds nothing now)")
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
                    "rulesets cannot be replaced, so a changed ruleset needs a new name",
                    kind="ruleset-conflict", name=spec.name)
            kinds = _check_spec(spec)
            definition = _definition(spec, kinds)
            runtime = _Runtime(spec, frozenset(kinds), _IDS.new_sid())
            self._registering = runtime
            try:
                self._host.register_rulesets({spec.name: definition})
            except RulesetSpecError:
                _IDS.release_sid(runtime.sid)
                raise
            except Exception as error:  # durable-rules raises a bare Exception on refusal
                _IDS.release_sid(runtime.sid)
                raise RulesError(f"durable-rules refused ruleset '{spec.name}'",
                                 kind="ruleset-refused", original=_describe(error),
                                 name=spec.name) from error
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
            session = Session(self, runtime, *_IDS.new_key())
            runtime.sessions[session.key] = session
            return session

    def derive(self, ruleset: str, facts: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Every fact of asserting ``facts`` in order into a new session: the facts
        themselves and all the rules derive from them, sorted by id; the session is
        dropped afterwards. What a case's working memory would hold if no fact were
        ever spent (for inspection and audits)."""
        with self._lock:
            session = self.start(ruleset)
            try:
                found: list[dict[str, Any]] = []
                for fact in facts:
                    found.append(dict(fact))
                    found.extend(session.assert_fact(fact))
                return sorted(found, key=_fact_order)
            finally:
                session.drop()

    def stats(self) -> dict[str, dict[str, int]]:
        """Per ruleset: its sessions (all live; ``parked`` is always 0, kept for
        readers of the old figures) and the facts its shared state holds."""
        with self._lock:
            for runtime in self._runtimes.values():
                runtime.flush()
            return {name: {"live": len(rt.sessions), "parked": 0,
                           "facts": len(rt.hash_of)}
                    for name, rt in self._runtimes.items()}

    def close(self) -> None:
        """Empty every session (the rulesets stay registered, the sessions usable)."""
        with self._lock:
            for runtime in self._runtimes.values():
                # Retracted, not ``delete_state``: the shared state stays for the next
                # case, and delete_state can free garbage (see :meth:`release`).
                for session in runtime.sessions.values():
                    self._reset(session)
                runtime.flush()

    def release(self) -> None:
        """Delete every session and every ruleset in the C engine, for good: the memory
        a ruleset holds (about 2 MB) is otherwise never returned. The engine is unusable
        afterwards."""
        with self._lock:
            self.close()
            for runtime in self._runtimes.values():
                for session in runtime.sessions.values():
                    session._dropped = True
                    _IDS.release_key(session.key_hash)
                runtime.sessions.clear()
                # The state's memory (about 1 MiB for a protocol) is freed by delete_state
                # only; it frees an action context that is never initialised until an
                # action runs (measured: free() of garbage), so a state where no action
                # ever ran is left to the ruleset (a few KiB of its own until then).
                if runtime.acted:
                    try:
                        runtime.ruleset.delete_state(runtime.sid)
                    except _core.error:
                        pass
                _IDS.release_sid(runtime.sid)
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
                raise RulesError("this session was dropped", kind="dropped")
            runtime = session._runtime
            if fact.get("kind") not in runtime.kinds:
                raise RulesetSpecError(f"no rule knows facts of kind {fact.get('kind')!r}")
            if "id" not in fact:
                raise RulesetSpecError("a fact needs an explicit 'id'")
            if CASE_FIELD in fact or "sid" in fact:
                raise RulesetSpecError(f"'{CASE_FIELD}' and 'sid' are the port's fields")
            asserted = dict(fact)
            flight: list[_Pair] = [(asserted, runtime.message(session, asserted))]
            runtime.case, runtime.flight, runtime.failure = session.key, flight, None
            try:
                state = self._host.assert_fact(runtime.name, flight[0][1])
            except Exception as error:  # bare Exception, MessageNotHandled/Observed, the C error
                self._fail(runtime, session, flight)
                raise RulesError("the rules engine refused a fact", kind="fact-refused",
                                 original=_describe(error)) from error
            finally:
                runtime.case, runtime.flight = None, None
            if runtime.failure is not None or (state is not None and "exception" in state):
                detail = runtime.failure or str(state["exception"]).splitlines()[0][:500]
                self._fail(runtime, session, flight)
                raise RulesError("a rule action failed", kind="action-failed", original=detail)
            kept, keep = runtime.kept_kinds, session._kept
            spent: list[dict[str, Any]] = []
            for pair in flight:        # a joined kind stays; the others are spent
                if pair[0]["kind"] in kept:
                    keep.append(pair)
                elif pair[1] is not None:
                    spent.append(pair[1])
            runtime.spend(spent)
            return [derived for derived, _ in flight[1:]]

    def _fail(self, runtime: _Runtime, session: Session, flight: list[_Pair]) -> None:
        """After a failed assert: retract the session's facts and those of the call,
        and clear the shared state's exception flag (other cases stay as they are)."""
        runtime.forget([message for _, message in session._kept + flight
                        if message is not None])
        session._kept = []
        runtime.failure = None
        try:
            state = runtime.ruleset.get_state(runtime.sid)
        except _core.error:
            return
        if "exception" in state:
            del state["exception"]
            runtime.ruleset.update_state(state)

    def _reset(self, session: Session) -> None:
        with self._lock:
            session._runtime.forget([message for _, message in session._kept
                                     if message is not None])
            session._kept = []

    def _drop(self, session: Session) -> None:
        with self._lock:
            if session._dropped:
                return
            self._reset(session)
            session._dropped = True
            session._runtime.sessions.pop(session.key, None)
            _IDS.release_key(session.key_hash)


def _sink_action(c: Any) -> None:
    """Never runs: the sink rule waits for a kind no fact has."""


def _derive_action(runtime: _Runtime, spec: DeriveSpec) -> Callable[[Any], None]:
    static = tuple(spec.static.items())
    copy = tuple(spec.copy.items())
    lookup = tuple((target, source, table) for target, (source, table) in spec.lookup.items())

    def derive(c: Any) -> None:
        runtime.acted = True
        try:
            matched = c.m._d
            fact = dict(static)
            for target, source in copy:
                fact[target] = matched[source]
            for target, source, table in lookup:
                fact[target] = table[matched[source]]
            flight, key = runtime.flight, runtime.case
            if flight is None or key is None:
                raise RulesError("an action ran outside an assert", kind="outside-assert")
            if matched.get(CASE_FIELD) != key:
                raise RulesError("a rule fired on another case's fact", kind="other-case")
            if fact["kind"] not in runtime.matched_kinds:
                flight.append((fact, None))   # no rule can match it: spent at birth
                return
            message = runtime.message(runtime.sessions[key], fact)
            flight.append((fact, message))   # before the assert: a failure retracts it
            c.assert_fact(message)
        except Exception as error:
            # durable-rules swallows this into state['exception'] without its type.
            runtime.failure = f"{type(error).__name__}: {_describe(error)}"
            raise

    return derive
