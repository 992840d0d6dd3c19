"""Scenario tests a stuurgroep or consultant can write: pin what must happen, in YAML.

A test file holds cases; each names a scenario, optionally a case history (opened,
events), and what must be true: the answers of ``responsibilities``, the open steps
with their actors, informed roles and due dates, whether the case is closed, which
findings ``validate`` must (not) report. Every key comes from a fixed set: an unknown
key is a finding with its line, like a typo in a protocol file.

.. code-block:: yaml

    protocol: ../arnhem.yaml
    tests:
      - name: "Melding over de burgemeester gaat naar de CvdK"
        source: "Fase 2, 2.1"
        scenario: {reporter: raadslid, subject: burgemeester, act: uitgevoerd}
        expect:
          responsibilities: {decides_follow_up: [cvdk]}

Running a file gives a :class:`TestReport`: pass or fail per case, with the expected
and actual value of every key that differs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    create_model,
    model_validator,
)

from protocolkit.engine.records import EventSpec, IsoDate
from protocolkit.format import escape
from protocolkit.format.diagnostics import (
    IO_CODES,
    Finding,
    Location,
    Msg,
    TextError,
    counted,
    finding,
    joined,
)
from protocolkit.format.loader import (
    Format,
    LoadResult,
    Locations,
    both,
    load_document,
    load_document_data,
    load_protocol,
)
from protocolkit.format.model import Protocol
from protocolkit.format.vocabulary import QUESTIONS, question
from protocolkit.semantics import Scenario, refusal, responsibilities
from protocolkit.semantics.inputs import ScenarioSpec

if TYPE_CHECKING:
    from protocolkit.engine import Case, CaseEngine


#: The actual value of an expectation about a step that is not open (the data keeps
#: this marker; the text says it in the reader's language, ``t.step-not-open``).
STEP_NOT_OPEN = "(step not open)"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ``expect: responsibilities:`` takes one key per question (protocolkit.format.vocabulary), in
# its order, and ``out_of_scope``: built from the questions, so the two cannot drift.
if TYPE_CHECKING:
    ResponsibilitiesExpect = _Strict
else:
    ResponsibilitiesExpect = create_model(
        "ResponsibilitiesExpect", __base__=_Strict,
        **{key: (list[str] | None, None) for key in QUESTIONS},
        out_of_scope=(str | None, None))


class FindingsExpect(_Strict):
    present: list[str] = Field(default_factory=list)
    absent: list[str] = Field(default_factory=list)


class ActorsExpect(_Strict):
    """Who acts in an open step, and how: ``together`` (a joint step: all of them act
    together) or ``any_of`` (a choice, "en/of": one or more of them act), each naming
    every actor of the step, in any order; exactly one of the two."""

    together: list[str] | None = None
    any_of: list[str] | None = None

    @model_validator(mode="after")
    def _one_way(self) -> ActorsExpect:
        if (self.together is None) == (self.any_of is None):
            raise TextError(Msg.of("t.actors-one-way"))
        if len(set(self.roles)) < 2:
            raise TextError(Msg.of("t.actors-two"))
        return self

    @property
    def roles(self) -> list[str]:
        found = self.any_of if self.any_of is not None else self.together
        assert found is not None
        return found


def _actors_form(value: Any) -> str:
    """Which form an ``actors`` value is written in; a union tag the loader's error
    locations skip, so that a mistake is reported in that form's own words only."""
    return "dict" if isinstance(value, dict) else "list" if isinstance(value, list) else "str"


#: One role, a list of every actor, or every actor and how they act.
ActorsValue = Annotated[Annotated[ActorsExpect, Tag("dict")] | Annotated[str, Tag("str")]
                        | Annotated[list[str], Tag("list")], Discriminator(_actors_form)]


class Expect(_Strict):
    responsibilities: ResponsibilitiesExpect | None = None
    open_steps: list[str] | None = None
    #: Who acts in an open step: one role (the step's first actor, as ``OpenStep.actor``),
    #: a list (every actor of a joint step or a choice, ``any_of``, in any order; how they
    #: act is not compared), or ``{together: [...]}`` / ``{any_of: [...]}``: every actor,
    #: and whether they act together or one or more of them (:class:`ActorsExpect`).
    actors: dict[str, ActorsValue] | None = None
    informed: dict[str, list[str]] | None = None
    due: dict[str, dt.date | None] | None = None
    overdue: list[str] | None = None
    closed: bool | None = None
    ended_in: str | None = None
    passes_kinds: list[str] | None = None
    refused: bool | None = None
    findings: FindingsExpect | None = None

    @model_validator(mode="after")
    def _checks_something(self) -> Expect:
        """An ``expect:`` that checks nothing (``{}``, ``responsibilities: {}``,
        ``findings: {}``) would pass whatever the protocol says: refused, as an empty
        ``tests:`` is."""
        given = [name for name in self.model_fields_set if getattr(self, name) is not None]
        answers, found = self.responsibilities, self.findings
        hollow = [name for name in given
                  if (name == "responsibilities" and answers is not None
                      and not answers.model_fields_set)
                  or (name == "findings" and found is not None
                      and not found.present and not found.absent)]
        if not given or hollow:
            raise TextError(Msg.of("t.expect-empty", keys=", ".join(type(self).model_fields),
                                   hollow=", ".join(hollow) or "expect"))
        return self


class TestCaseSpec(_Strict):
    name: str
    source: str | None = None
    scenario: ScenarioSpec
    opened: IsoDate | None = None
    received: IsoDate | None = None
    facts: dict[str, IsoDate] = Field(default_factory=dict)
    as_of: IsoDate | None = None
    events: list[EventSpec] = Field(default_factory=list)
    expect: Expect


class TestFile(_Strict):
    protocol: str | None = None
    description: str | None = None
    tests: list[TestCaseSpec] = Field(min_length=1)


@dataclass
class Mismatch:
    key: str
    expected: Any
    actual: Any
    #: The sentence for a reader when plain expected/actual would not say it (a refusal).
    text: Msg | None = None

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """The JSON form (a message in ``lang``)."""
        return {key: value.render(lang) if isinstance(value, Msg) else value
                for key, value in (("key", self.key), ("expected", self.expected),
                                   ("actual", self.actual))}


@dataclass
class CaseResult:
    name: str
    location: Location
    mismatches: list[Mismatch] = field(default_factory=list)
    error: str | None = None
    #: Why the case cannot run, as a finding in the test file (a role the protocol does
    #: not have, a mistake in the case's fields), in every language.
    problem: Finding | None = None
    #: ``error`` for every language (the results a raad reads are Dutch by default).
    error_text: Msg | None = field(default=None, compare=False)
    #: The open points governing the answers the test found as expected (a concept's
    #: answer still open, such as a proposal taken from another text): a pass that
    #: rests on them is no settled pass (:attr:`passed_on_open_points`).
    rests_on: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.mismatches and self.error is None and self.problem is None

    @property
    def passed_on_open_points(self) -> bool:
        """Passed, but on answers still open in the protocol (``rests_on``)."""
        return self.passed and bool(self.rests_on)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        error = (self.problem.to_dict(lang)["message"] if self.problem is not None
                 else self.error_text.render(lang) if self.error_text is not None
                 else self.error)
        data = {"name": self.name, "passed": self.passed,
                "rests_on_open_points": list(self.rests_on) if self.passed else [],
                "location": self.location.to_dict(), "error": error,
                "mismatches": [m.to_dict(lang) for m in self.mismatches]}
        if self.problem is not None:
            data["finding"] = self.problem.to_dict(lang)
        return data


@dataclass
class TestReport:
    """What running a scenario-test file gave: a finding per file problem, a result per
    case (exported as ``protocolkit.TestReport``)."""

    __test__ = False  # not a pytest test class, though its name starts with Test

    path: str
    protocol_path: str
    findings: list[Finding] = field(default_factory=list)
    results: list[CaseResult] = field(default_factory=list)
    #: The test file could not be read or parsed (no YAML to run a test from; its
    #: findings say why).
    unreadable: bool = False

    @property
    def passed(self) -> bool:
        return not self.findings and all(r.passed for r in self.results)

    def exit_code(self) -> int:
        """0 when every case passes; 1 when a case fails or a file has findings (the
        protocol's or the test file's: a YAML syntax error, a test's mistake); 2 when a
        file cannot be read at all (missing, a folder, no permission). The rule of
        ``validate``, for both files (docs/diagnostics.md, "Exit codes")."""
        if any(f.code in IO_CODES for f in self.findings):
            return 2
        return 0 if self.passed else 1

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """The JSON form of ``protocolkit test``; messages in ``lang``."""
        return {"path": self.path, "protocol": self.protocol_path, "passed": self.passed,
                "findings": [f.to_dict(lang) for f in self.findings],
                "results": [r.to_dict(lang) for r in self.results],
                "summary": {"passed": sum(r.passed for r in self.results),
                            "passed_on_open_points": sum(r.passed_on_open_points
                                                         for r in self.results),
                            "failed": sum(not r.passed for r in self.results)}}


TESTS_FORMAT = Format(both("scenario-test file", "scenariotestbestand"),
                      "protocol:, description:, tests:",
                      both("write tests: with a name, a scenario and expect: per case",
                           "schrijf tests: met per geval een name, een scenario en expect:"),
                      both("scenario-test", "scenariotest"))


def load_tests(path: str | Path) -> tuple[TestFile | None, Locations, list[Finding]]:
    """Read a scenario-test file with located findings (unknown keys are errors)."""
    return load_document(path, TestFile, TESTS_FORMAT)


def _scenario(protocol: Protocol, spec: ScenarioSpec) -> Scenario:
    from protocolkit.semantics import scenario_from_shared

    return scenario_from_shared(protocol, spec.reporter, spec.subject, spec.act, spec.own,
                                spec.attributes)


def _shared(protocol: Protocol, roles: Any) -> Any:
    if roles is None:
        return None
    if isinstance(roles, str):
        return protocol.shared_id(roles)
    return [protocol.shared_id(r) for r in roles]


def _actors_said(roles: list[str], any_of: bool) -> Msg:
    """Who acts, in both languages, as every text output says it
    (:func:`protocolkit.present.phrases.actors_words`): one role, "a, b en c (samen)" (a
    joint step) or "a en/of b" (a choice)."""
    from protocolkit.present.phrases import actors_words

    return both(actors_words(roles, any_of, "en"), actors_words(roles, any_of, "nl"))


def run_case(protocol: Protocol, spec: TestCaseSpec, load: LoadResult | None,
             findings_cache: dict[str, list[Finding]],
             engine: CaseEngine | None = None,
             rests_on: list[str] | None = None) -> list[Mismatch]:
    """The mismatches between what ``spec`` expects and what the protocol does.

    ``engine`` is a :class:`~protocolkit.engine.CaseEngine` shared by the cases of one
    file (one is made when none is given). ``rests_on``, when given, receives the ids of
    the open points governing the answers the test checked and found as expected (an
    answer still open in a concept, as ``responsibilities`` and the open steps mark it):
    such a pass is no settled one."""
    expect = spec.expect
    scenario = _scenario(protocol, spec.scenario)
    mismatches: list[Mismatch] = []
    resting: list[str] = [] if rests_on is None else rests_on

    def rests(open_points: Any) -> None:
        """What was found as expected rests on these open points."""
        resting.extend(p for p in open_points if p not in resting)

    def compare(key: str, expected: Any, actual: Any, open_points: Any = ()) -> None:
        if expected != actual:
            mismatches.append(Mismatch(key, expected, actual))
        else:
            rests(open_points)

    if expect.responsibilities is not None:
        answers = responsibilities(protocol, scenario)
        given = expect.responsibilities.model_dump(exclude_unset=True)
        if answers.refused is not None:
            # The one refusal every command applies: nothing is answered.
            said = answers.refused.message_text(protocol, scenario)
            mismatches.append(Mismatch("responsibilities", given,
                                       "scenario-not-covered: " + said.render("en"),
                                       Msg.of("t.refused", expected=_answers_text(given),
                                              message=said)))
            given = {}
        for question in (*QUESTIONS, "out_of_scope"):
            if question not in given:
                continue
            if question == "out_of_scope":
                # A phrase the text must contain (the texts are long), or null.
                wanted, actual = given[question], answers.out_of_scope
                if (wanted is None) != (actual is None) or (
                        wanted is not None and wanted.lower() not in str(actual).lower()):
                    mismatches.append(Mismatch("responsibilities.out_of_scope", wanted, actual))
            else:
                compare(f"responsibilities.{question}", given[question],
                        answers.answer(question), answers.open_points.get(question, ()))

    wants_case = any(getattr(expect, key) is not None for key in (
        "open_steps", "actors", "informed", "due", "overdue", "closed", "ended_in",
        "passes_kinds", "refused"))
    if wants_case:
        from protocolkit.engine import CaseEngine, EventRefused
        from protocolkit.engine.case import said_in_all

        own_engine = engine is None
        engine = engine or CaseEngine()
        case: Case | None = None
        try:
            opened = spec.opened or (spec.events[0].date if spec.events else None)
            if opened is None:
                raise TextError(Msg.of("t.needs-opened"))
            case = engine.open(protocol, scenario, opened, received=spec.received,
                               facts=spec.facts)
            refused: str | None = None
            refused_text: Msg | None = None
            for event in spec.events:
                try:
                    case.record(event.step, event.outcome, event.date)
                except EventRefused as error:
                    refused, refused_text = str(error), said_in_all(error)
                    break
            as_of = spec.as_of or (spec.events[-1].date if spec.events else opened)
            open_steps = {s.step: s for s in case.open_steps(as_of)}
            if expect.refused is not None:
                compare("refused", expect.refused, refused is not None)
            elif refused is not None:
                mismatches.append(Mismatch("events", "all events accepted", refused,
                                           Msg.of("t.event-refused", why=refused_text)))
            # Where the case stands (which steps are open, overdue, whether and where it
            # ended, the kinds it passed) rests on the route so far: the open points of
            # the steps it went through and of those now open.
            from protocolkit.semantics import resolve_step

            route = list(dict.fromkeys([*(t.step for t in case.trace()
                                          if t.withdrawn_by is None), *open_steps]))
            on_route = [p for step_id in route
                        for p in resolve_step(protocol, step_id, scenario).open_points]
            if expect.open_steps is not None:
                compare("open_steps", sorted(expect.open_steps), sorted(open_steps), on_route)
            def step_open(step_id: str) -> tuple[str, ...]:
                """The open points of an open step's answer (who acts, is told, by when)."""
                return open_steps[step_id].open_points if step_id in open_steps else ()

            for step_id, role in (expect.actors or {}).items():
                # One role is the first actor (as ever); a list is all of them; together
                # or any_of is all of them and how they act.
                actual_actors: Any = STEP_NOT_OPEN
                if isinstance(role, ActorsExpect):
                    choice = role.any_of is not None
                    wanted = role.roles
                    if step_id in open_steps:
                        step = open_steps[step_id]
                        found = _shared(protocol, list(step.actors))
                        if (choice, sorted(wanted)) == (step.any_of, sorted(found)):
                            rests(step_open(step_id))
                            continue
                        actual_actors = _actors_said(found, step.any_of)
                    mismatches.append(Mismatch(f"actors.{step_id}",
                                               _actors_said(wanted, choice), actual_actors))
                    continue
                if step_id in open_steps and isinstance(role, list):
                    role = sorted(role)
                    actual_actors = sorted(_shared(protocol, list(open_steps[step_id].actors)))
                elif step_id in open_steps:
                    actual_actors = _shared(protocol, open_steps[step_id].actor)
                compare(f"actors.{step_id}", role, actual_actors, step_open(step_id))
            for step_id, roles in (expect.informed or {}).items():
                actual = _shared(protocol, list(open_steps[step_id].informed)) \
                    if step_id in open_steps else STEP_NOT_OPEN
                compare(f"informed.{step_id}", sorted(roles), sorted(actual)
                        if isinstance(actual, list) else actual, step_open(step_id))
            for step_id, due in (expect.due or {}).items():
                actual_due: Any = open_steps[step_id].due if step_id in open_steps \
                    else STEP_NOT_OPEN
                compare(f"due.{step_id}", due, actual_due, step_open(step_id))
            if expect.overdue is not None:
                compare("overdue", sorted(expect.overdue),
                        sorted(s.step for s in open_steps.values() if s.overdue), on_route)
            closing = case.closed
            if expect.closed is not None:
                compare("closed", expect.closed, closing is not None, on_route)
            if expect.ended_in is not None:
                compare("ended_in", expect.ended_in, closing.step if closing else None,
                        on_route)
            if expect.passes_kinds is not None:
                kinds = [t.kind for t in case.trace()]
                missing = [k for k in expect.passes_kinds if k not in kinds]
                if missing:
                    mismatches.append(Mismatch("passes_kinds", expect.passes_kinds, kinds))
                else:
                    rests(on_route)
        finally:
            if case is not None:
                engine.drop(case)
            if own_engine:
                engine.close()

    if expect.findings is not None:
        if "codes" not in findings_cache:
            from protocolkit.api import check

            findings_cache["codes"] = check(load) if load is not None else []
        # Acknowledged findings (severity info) are accepted by the protocol itself.
        codes = sorted({f.code for f in findings_cache["codes"] if f.severity.value != "info"})
        for code in expect.findings.present:
            if code not in codes:
                mismatches.append(Mismatch("findings.present", code, codes))
        for code in expect.findings.absent:
            if code in codes:
                mismatches.append(Mismatch("findings.absent", code, codes))
    return mismatches


def run_tests(protocol_path: str | Path, tests_path: str | Path) -> TestReport:
    """Run a scenario-test file against a protocol; never raises for bad input."""
    report = TestReport(str(tests_path), str(protocol_path))
    spec, locations, findings, data = load_document_data(tests_path, TestFile, TESTS_FORMAT)
    report.findings.extend(findings)
    report.unreadable = data is None
    load = load_protocol(protocol_path)
    if load.protocol is None:
        report.findings.extend(f for f in load.findings if f.severity.value == "error")
        return report
    cases = _cases(spec, data)
    from protocolkit.engine import CaseEngine, CaseInputError
    from protocolkit.engine.case import said_in_all

    cache: dict[str, list[Finding]] = {}
    engine = CaseEngine()
    try:
        for index, case in cases:
            where = locations.at(("tests", index, "name"))
            if isinstance(case, str):      # a test with a mistake of its own: not run
                report.results.append(CaseResult(case, where, problem=finding(
                    "invalid-case-input", Msg.of("t.test-has-errors"), where)))
                continue
            result = CaseResult(case.name, where)
            try:
                scenario = _scenario(load.protocol, case.scenario)
            except TextError as error:
                from protocolkit.engine.casefile import scenario_problem

                result.problem = scenario_problem(error, locations, ("tests", index, "scenario"))
                report.results.append(result)
                continue
            try:
                result.mismatches = run_case(load.protocol, case, load, cache, engine,
                                             result.rests_on)
            except Exception as error:  # noqa: BLE001 - a case that cannot run fails, with why
                why = refusal(load.protocol, scenario)
                if why is None and isinstance(error, (TextError, CaseInputError)):
                    # A mistake in the test's case (no date, an undeclared fact): found
                    # in the test file, in the reader's language.
                    place = _INPUT_FIELDS.get(getattr(error, "field", ""), ("name",))
                    result.problem = finding("invalid-case-input", said_in_all(error),
                                             locations.at(("tests", index, *place), key=True))
                elif why is None:
                    result.error = f"{type(error).__name__}: {error}"
                    result.error_text = said_in_all(error)
                else:                      # a case of a scenario the protocol does not answer
                    result.problem = finding(
                        "scenario-not-covered", why.message_text(load.protocol, scenario),
                        locations.at(("tests", index, "scenario"), key=True),
                        hint=why.hint_text(load.protocol, scenario))
            report.results.append(result)
    finally:
        engine.close()
    return report


def _cases(spec: TestFile | None, data: Any) -> list[tuple[int, TestCaseSpec | str]]:
    """Each test of the file by its index: the valid ones to run, the name (or number)
    of one with a mistake of its own, so that one mistake does not stop the others."""
    if spec is not None:
        return list(enumerate(spec.tests))
    items = data.get("tests") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return []
    found: list[tuple[int, TestCaseSpec | str]] = []
    for index, item in enumerate(items):
        try:
            found.append((index, TestCaseSpec.model_validate(item)))
        except ValueError:
            name = item.get("name") if isinstance(item, dict) else None
            found.append((index, str(name) if isinstance(name, str) else str(index + 1)))
    return found


#: Where in a test the engine's input errors are, by their ``field``.
_INPUT_FIELDS: dict[str, tuple[str, ...]] = {
    "attributes": ("scenario", "attributes"), "facts": ("facts",), "received": ("received",),
    "scenario": ("scenario",)}


def _answers_text(given: dict[str, Any]) -> Msg:
    """Expected answers in words: ``Velt het eindoordeel: gemeenteraad; …``."""
    parts = [Msg.of("t.answer", question=_key_text(f"responsibilities.{key}"),
                    roles=value if value else Msg.of("t.nothing"))
             for key, value in given.items()]
    return joined(parts) if parts else Msg.of("t.nothing")


def render_text(report: TestReport, lang: str = "nl") -> str:
    """The results for a terminal, in Dutch (``lang="nl"``, the default) or English:
    pass or fail per case, and for a failing case what was expected and what the
    protocol gives, in words."""
    lines: list[str] = []
    for f in report.findings:
        lines.append(f.render(lang))
    for result in report.results:
        mark = Msg.of("t.pass-open" if result.passed_on_open_points else
                      "t.pass" if result.passed else "t.fail").render(lang)
        lines.append(f"{mark}  {result.name}  ({result.location.render()})")
        if result.passed_on_open_points:
            lines.append("      " + counted("t.rests-on", len(result.rests_on),
                                                points=", ".join(result.rests_on)).render(lang))
        if result.error:
            lines.append("      " + Msg.of("t.cannot-run", error=result.error_text or result.error
                                               ).render(lang))
        if result.problem is not None:
            lines.append("      " + result.problem.render(lang))
        for m in result.mismatches:
            lines.append("      " + mismatch_text(m, lang))
    passed = sum(r.passed for r in report.results)
    failed = len(report.results) - passed
    on_open = sum(r.passed_on_open_points for r in report.results)
    lines.append(Msg.of("t.totals-open" if on_open else "t.totals", passed=passed - on_open,
                        on_open=on_open, failed=failed).render(lang))
    return escape.terminal_lines(lines)


def mismatch_text(mismatch: Mismatch, lang: str = "nl") -> str:
    """One mismatch as a sentence: ``findings.absent: validate must not report
    'dead-end' but does (it reports: dead-end)``."""
    if mismatch.key in ("findings.present", "findings.absent"):
        message = "t.finding-present" if mismatch.key == "findings.present" else \
            "t.finding-absent"
        return Msg.of(message, code=str(mismatch.expected),
                      codes=_value(mismatch.actual, lang)).render(lang)
    if mismatch.text is not None:
        return f"{_key_text(mismatch.key).render(lang)}: {mismatch.text.render(lang)}"
    return Msg.of("t.mismatch", key=_key_text(mismatch.key),
                  expected=_value(mismatch.expected, lang),
                  actual=_value(mismatch.actual, lang)).render(lang)


def _key_text(key: str) -> Msg:
    """What a test expects, named as a reader knows it: a question by its heading
    (``Velt het eindoordeel``), a step's actor as ``wie handelt in stap 'x'``."""
    group, _, rest = key.partition(".")
    if group == "responsibilities" and rest in QUESTIONS:
        q = question(rest)
        return both(q.heading_in("en"), q.heading_in("nl"))
    if group == "responsibilities" and not rest:
        return Msg.of("t.key.responsibilities")
    if f"t.key.{key}" in _KEY_TEXTS:
        return Msg.of(f"t.key.{key}")
    if rest and f"t.key.{group}" in _KEY_TEXTS:
        return Msg.of(f"t.key.{group}", step=rest)
    return Msg.of("w.text", text=key)


def _key_names() -> frozenset[str]:
    from protocolkit.format.diagnostics import MESSAGES

    return frozenset(k for k in MESSAGES if k.startswith("t.key."))


_KEY_TEXTS = _key_names()


def _value(value: Any, lang: str) -> str:
    """A value as a reader writes it: dates as 2026-01-07, lists with commas."""
    if value is None or value == []:
        return Msg.of("t.nothing").render(lang)
    if value == STEP_NOT_OPEN:       # the data's marker, in the reader's language
        return Msg.of("t.step-not-open").render(lang)
    if isinstance(value, Msg):
        return value.render(lang)
    if isinstance(value, bool):
        return Msg.of("t.yes" if value else "t.no").render(lang)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v, lang) for v in value) + "]"
    return str(value)
