"""The Python API that the CLI is a thin shell over: everything it prints is data here.

>>> report = validate_files(["tests/data/minimal.yaml"])
>>> report.exit_code()
0
>>> sorted({f["severity"] for f in report.to_dict()["files"][0]["findings"]})
['warning']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from protocolkit.format.diagnostics import (  # FileReport, ValidationReport: re-exported
    FileReport,
    Finding,
    Severity,
    ValidationReport,
    sort_findings,
)
from protocolkit.format.loader import LoadResult, load_protocol
from protocolkit.format.model import Protocol, citations
from protocolkit.semantics import (
    Scenario,
    ordered_views,
    route_adjacency,
    scenario_messages,
)

if TYPE_CHECKING:
    import networkx as nx

    from protocolkit.semantics import Responsibilities, StepView


def check(result: LoadResult) -> list[Finding]:
    """All findings for a loaded file: loader findings, then the route-graph checks."""
    findings = list(result.findings)
    if result.protocol is not None:
        from protocolkit.analysis import run_checks

        findings.extend(run_checks(result.protocol, result.locations))
    return sort_findings(findings)


def validate(paths: str | Path | Iterable[str | Path], *, cache: bool = False) -> ValidationReport:
    """Load and check one protocol file or several: what ``protocolkit validate`` reports,
    as data. Findings are collected, never raised.

    >>> validate("tests/data/minimal.yaml").exit_code()
    0
    """
    files = [paths] if isinstance(paths, (str, Path)) else paths
    return validate_files(files, cache=cache)


def validate_files(paths: Iterable[str | Path], cache: bool = False) -> ValidationReport:
    """Load and check each file; findings are collected, never raised.

    With ``cache`` the findings of unchanged files come from :mod:`protocolkit.cache`
    (those files then have no ``protocol`` in the report) and fresh ones are stored.
    """
    from protocolkit import cache as findings_cache
    from protocolkit.format.loader import load_bytes, read_file

    if type(cache) is not bool:
        from protocolkit.engine.case import check_flag

        check_flag(cache, "cache")
    use_cache = cache and findings_cache.enabled()
    report = ValidationReport()
    for path in paths:
        name = str(path)
        # the loader's first stage, then the cache, then the rest of the stages
        raw = read_file(path)[0] if use_cache else None
        if raw is not None:
            cached = findings_cache.lookup(raw, name)
            if cached is not None:
                report.files.append(FileReport(name, cached))
                continue
            result = load_bytes(raw, name)
            findings = check(result)
            findings_cache.store(raw, findings)
        else:
            result = load_protocol(path)
            findings = check(result)
        report.files.append(FileReport(name, findings, result.protocol))
    return report


# --------------------------------------------------------------------------- scenarios


def checked_scenario(protocol: Protocol, scenario: Scenario) -> Scenario:
    """``scenario`` as the public questions take it, checked as strictly as the commands
    check theirs (:func:`protocolkit.semantics.scenario_from_shared`): a role, act or
    ``own`` outside the protocol's scenario space, an undeclared attribute, a value
    outside its domain or a ``required`` attribute left out raises
    :class:`~protocolkit.engine.CaseInputError` (a ``ValueError``) with the commands'
    text in Dutch and English, a did-you-mean (``hint_text``) and the diagnostic
    (``error.finding``), never answered as if defaulted. A shared-vocabulary id or an
    alias is read as the role it names. The internal callers (the checks over the
    scenario space, the diff) pass complete scenarios and ask the semantics directly.

    >>> from protocolkit.format.loader import load_protocol
    >>> p = load_protocol("protocols/oostzaan.yaml").protocol
    >>> checked_scenario(p, Scenario("raadsld", "wethouder", "uitgevoerd",
    ...                              attributes={"aanleiding": "twijfel"}))
    Traceback (most recent call last):
    ...
    protocolkit.semantics.inputs.CaseInputError: 'raadsld' is not a reporter in this protocol (did you mean `raadslid`? Choose one of: ambtenaar, burgemeester, burger, fractievoorzitter, raadslid, wethouder)
    """
    space = protocol.scenarios
    if (scenario.reporter in space.reporters and scenario.subject in space.subjects
            and scenario.act in space.acts and scenario.own in space.own
            and not scenario_messages(protocol, scenario)):
        return scenario
    from protocolkit.format.diagnostics import TextError
    from protocolkit.semantics import scenario_from_shared

    try:
        return scenario_from_shared(protocol, scenario.reporter, scenario.subject,
                                    scenario.act, scenario.own, dict(scenario.attributes))
    except TextError as error:
        from protocolkit.engine import CaseInputError

        about_roles = error.messages[0].id in ("arg.not-a-role", "arg.not-an-act",
                                               "arg.own-not-covered")
        raise CaseInputError(error.text, "scenario" if about_roles else "attributes",
                             hint=error.hint_text) from None


def scenario_from_shared(protocol: Protocol, reporter: str, subject: str, act: str,
                         own: bool = False, attributes: Mapping[str, str] | None = None,
                         ) -> Scenario:
    """A scenario from shared-vocabulary role ids
    (:func:`protocolkit.semantics.scenario_from_shared`), its fields read strictly first:
    a role that is no string or an ``own`` that is no boolean (``"nee"``) raises
    :class:`~protocolkit.engine.CaseInputError`, never read as true."""
    from protocolkit.semantics import scenario_from_shared as from_shared

    Scenario(reporter, subject, act, own, attributes or {})   # its fields' types, or raises
    return from_shared(protocol, reporter, subject, act, own, attributes)


def responsibilities(protocol: Protocol, scenario: Scenario) -> Responsibilities:
    """Who acts for ``scenario`` (:func:`protocolkit.semantics.responsibilities`), the
    scenario checked first (:func:`checked_scenario`)."""
    from protocolkit.semantics import responsibilities as answers

    return answers(protocol, checked_scenario(protocol, scenario))


def resolve_step(protocol: Protocol, step_id: str, scenario: Scenario) -> StepView:
    """A step as it is for ``scenario`` (:func:`protocolkit.semantics.resolve_step`), the
    scenario checked first (:func:`checked_scenario`)."""
    from protocolkit.semantics import resolve_step as resolved

    return resolved(protocol, step_id, checked_scenario(protocol, scenario))


def route_graph(protocol: Protocol, scenario: Scenario) -> nx.MultiDiGraph:
    """The route graph of ``scenario`` (:func:`protocolkit.semantics.route_graph`), the
    scenario checked first (:func:`checked_scenario`)."""
    from protocolkit.semantics import route_graph as graph

    return graph(protocol, checked_scenario(protocol, scenario))


# --------------------------------------------------------------------------- route


@dataclass
class RouteOutcome:
    id: str
    label: str | None
    next_step: str
    next_number: int | None
    admission: bool
    tracks: list[str] = field(default_factory=list)
    track_numbers: list[int | None] = field(default_factory=list)
    #: The outcome's own citations, then ``next_source``.
    source: list[str] = field(default_factory=list)
    #: The citations of the ``next`` alternative taken in this scenario (what supports
    #: going to ``next_step`` rather than elsewhere).
    next_source: list[str] = field(default_factory=list)


@dataclass
class RouteStep:
    """One step of a route as a person reads it ("Wat doe ik nu?")."""

    number: int
    id: str
    title: str
    kind: str
    phase: str
    #: The first of :attr:`actors` (whom a step with one actor names); at a joint step or
    #: a choice read :attr:`actors` and :attr:`any_of`.
    actor: str
    actor_stands_in_for: str | None
    counterpart: str | None
    consulted: list[str]
    informed: list[str]
    deadline: str | None
    confidential: bool
    end: bool
    out_of_scope: str | None
    sanctions: list[str]
    outcomes: list[RouteOutcome]
    source: list[str]
    #: Everyone who acts, in the text's order (a joint step names several).
    actors: list[str] = field(default_factory=list)
    #: Whether :attr:`actors` is a choice, one or more of them ("en/of", ``any_of``);
    #: in JSON only where it is (``"any_of": true``).
    any_of: bool = False
    #: Everyone the actor turns to (several when addressed together).
    counterparts: list[str] = field(default_factory=list)
    #: The counterparts as the text names them (as :attr:`heard_named`): that the
    #: burgemeester's vooronderzoek turns to the ``melder``, not to the betrokkene.
    counterparts_named: list[str] = field(default_factory=list)
    #: The actor as the text names it (``melder``, ``betrokkene`` or the role).
    actor_named: str = ""
    #: The step's ``description``: what the title leaves out, such as its conditions
    #: and exceptions ("tenzij dit het onderzoeksbelang zou schaden"); ``None``: none.
    description: str | None = None
    #: The roles of :attr:`consulted` the actor may consult and need not ("kan ...
    #: inschakelen", ``optional: true``); in JSON only where there are any.
    consulted_optional: list[str] = field(default_factory=list)
    heard: list[str] = field(default_factory=list)
    #: The heard parties as the text names them (``melder``, ``betrokkene``, a role).
    heard_named: list[str] = field(default_factory=list)
    #: The roles of :attr:`heard` the actor may hear and need not ("kunnen worden
    #: gehoord", ``optional: true``); in JSON only where there are any.
    heard_optional: list[str] = field(default_factory=list)
    #: The informed parties as the text names them (as :attr:`heard_named`): which of
    #: two raadsleden informed is the melder and which the betrokkene.
    informed_named: list[str] = field(default_factory=list)
    #: The open points this step's answer waits on: ``{id, question}``.
    open_points: list[dict[str, str]] = field(default_factory=list)
    #: Ids of the ambiguity notes (in :attr:`Route.ambiguities`) this step rests on.
    ambiguities: list[str] = field(default_factory=list)
    #: Silences that start or end at this step: ``{id, roles, until, source}``.
    silences_start: list[dict[str, Any]] = field(default_factory=list)
    silences_end: list[dict[str, Any]] = field(default_factory=list)
    #: The sanctions offered here, with who imposes them.
    sanction_details: list[dict[str, Any]] = field(default_factory=list)
    #: Where the case goes when it ends here outside the protocol, and who acts there
    #: (shared ids; ``None`` where the text assigns nobody).
    handoff: dict[str, Any] | None = None
    #: Bodies taking part whose members a substitution replaces here, as they sit in
    #: this step: ``{body, members, optional, stands_in_for, substitutions}`` (shared
    #: ids; ``optional`` the members that sit there only if desired, "desgewenst").
    compositions: list[dict[str, Any]] = field(default_factory=list)
    #: Where this step's answer (who acts) is a concept's proposal taken from another
    #: text (:func:`protocolkit.semantics.proposal`), else ``None``.
    proposal: dict[str, Any] | None = None
    #: Which citation supports what here: ``step`` the step as a whole, then the
    #: guarded alternatives chosen in this scenario (``actor``, ``counterpart``, …);
    #: ``source`` is their union (:attr:`protocolkit.semantics.StepView.source_for`).
    source_for: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        if not self.any_of:
            del data["any_of"]
        for maybe in ("consulted_optional", "heard_optional"):
            if not data[maybe]:
                del data[maybe]
        data["outcomes"] = [dict(o.__dict__) for o in self.outcomes]
        return data


@dataclass
class Route:
    scenario: Scenario
    steps: list[RouteStep]
    entry_source: list[str]
    #: Silences that hold in this scenario from the start of the case.
    silences: list[dict[str, Any]] = field(default_factory=list)
    #: The ambiguity notes the route rests on (full data; steps refer to them by id).
    ambiguities: list[dict[str, Any]] = field(default_factory=list)
    #: Sanctions that apply to the subject, imposed by others than a step's actor.
    sanctions: list[dict[str, Any]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario.to_dict(), "entry_source": self.entry_source,
                "steps": [s.to_dict() for s in self.steps], "silences": self.silences,
                "ambiguities": self.ambiguities, "sanctions": self.sanctions,
                "findings": [f.to_dict() for f in self.findings]}


def route(protocol: Protocol, scenario: Scenario) -> Route:
    """The route of a scenario, numbered in the order a person can read it (a step
    where branches meet after every branch). A scenario the protocol does not answer
    (:func:`refuse`) gets no steps and the ``scenario-not-covered`` finding; one it
    cannot take (a misspelt role or attribute, a required attribute left out) raises
    :class:`~protocolkit.engine.CaseInputError` (:func:`checked_scenario`)."""
    from protocolkit.semantics import (
        ambiguities_of,
        ambiguity_dict,
        complete,
        deadline_text,
        entry_routes,
        proposal,
        responsibilities,
        silences,
    )

    scenario = checked_scenario(protocol, scenario)
    refused = refuse(protocol, scenario)
    if refused is not None:
        return Route(scenario, [], [], findings=[refused])
    scenario = complete(protocol, scenario)
    graph = route_adjacency(protocol, scenario)
    views = ordered_views(graph, protocol)
    numbers = {v.id: i for i, v in enumerate(views, start=1)}
    shared = protocol.shared_id
    questions = {p.id: p.question for p in protocol.open_points}
    held = [s for s in silences(protocol, scenario)
            if s.from_step is None or s.from_step in graph]
    steps: list[RouteStep] = []
    for view in views:
        named = view.actor.named
        stands_in = shared(named) if view.actor.substituted else None
        start = [x for x in held if x.from_step == view.id]
        ending = [x for x in held if view.id in x.until_steps]
        steps.append(RouteStep(
            number=numbers[view.id],
            id=view.id,
            title=view.title,
            kind=view.kind.value,
            phase=view.phase,
            actor=shared(view.actor.role),
            actor_stands_in_for=stands_in,
            counterpart=shared(view.counterpart.role) if view.counterpart else None,
            consulted=[shared(r.role) for r in view.consulted],
            informed=[shared(r.role) for r in view.informed],
            deadline=deadline_text(protocol, view.deadline) if view.deadline else None,
            confidential=view.confidential,
            end=view.end,
            out_of_scope=view.out_of_scope,
            sanctions=list(view.sanctions),
            outcomes=[RouteOutcome(o.id, o.label, o.next, numbers.get(o.next), o.admission,
                                   list(o.tracks), [numbers.get(t) for t in o.tracks],
                                   list(o.source), list(o.next_source))
                      for o in view.outcomes],
            source=list(view.source),
            actors=[shared(a.role) for a in view.actors],
            any_of=view.any_of,
            counterparts=[shared(c.role) for c in view.counterparts],
            counterparts_named=[shared(c.named) for c in view.counterparts],
            actor_named=shared(named),
            description=step.description if (step := protocol.step(view.id)) else None,
            consulted_optional=[shared(r) for r in view.consulted_optional],
            heard=[shared(r.role) for r in view.heard],
            heard_named=[shared(r.named) for r in view.heard],
            heard_optional=[shared(r) for r in view.heard_optional],
            informed_named=[shared(r.named) for r in view.informed],
            open_points=[{"id": p, "question": questions.get(p, "")}
                         for p in view.open_points],
            # the step's own notes, then those of the sanctions it offers
            ambiguities=list(dict.fromkeys([*view.ambiguities, *ambiguities_of(
                protocol, view.sanctions, scenario)])),
            silences_start=[x.to_dict(protocol) for x in start],
            silences_end=[x.to_dict(protocol) for x in ending],
            sanction_details=[_sanction_data(protocol, scenario, s) for s in view.sanctions],
            handoff=view.handoff.to_dict(shared) if view.handoff else None,
            compositions=[c.to_dict(shared) for c in view.compositions],
            proposal=proposal(protocol, view.open_points, view.source, scenario),
            source_for=view.source_dict(),
        ))
    routes = entry_routes(protocol, scenario)
    answers = responsibilities(protocol, scenario)
    offered = {s for v in views for s in v.sanctions}
    noted = list(dict.fromkeys([*(a for step in steps for a in step.ambiguities),
                                *(a for x in held for a in ambiguities_of(protocol, [x.id],
                                                                          scenario)),
                                *(a["id"] for s in answers.sanctions if s["id"] not in offered
                                  for a in s["ambiguities"])]))
    return Route(
        scenario, steps, citations(routes[0].source) if routes else [],
        silences=[x.to_dict(protocol) for x in held if x.from_step is None],
        ambiguities=[ambiguity_dict(a) for a in protocol.ambiguities if a.id in noted],
        sanctions=[s for s in answers.sanctions if s["id"] not in offered])


def _sanction_data(protocol: Protocol, scenario: Scenario, sanction_id: str) -> dict[str, Any]:
    from protocolkit.semantics import (
        open_points_of,
        proposal,
        sanction_ambiguities,
        sanction_imposers,
        sanction_sources,
    )

    sanction = protocol.sanction(sanction_id)
    if sanction is None:
        return {"id": sanction_id, "name": sanction_id, "offered": False,
                "imposer_not_set": False, "imposed_by": [],
                "source": [], "proposal": None, "ambiguities": []}
    cited = sanction_sources(protocol, sanction, scenario)
    return {"id": sanction.id, "name": sanction.name, "offered": sanction.offered,
            "imposer_not_set": sanction.imposer_not_set,
            "imposed_by": [protocol.shared_id(r)
                           for r in sanction_imposers(protocol, sanction, scenario)],
            "source": cited,
            "proposal": proposal(protocol, open_points_of(protocol, sanction.id, sanction.open),
                                 cited),
            "ambiguities": sanction_ambiguities(protocol, sanction.id, scenario)}


def refuse(protocol: Protocol, scenario: Scenario) -> Finding | None:
    """The ``scenario-not-covered`` finding when the protocol does not answer
    ``scenario`` (it cannot happen, ``exclude`` leaves it out, or no entry route serves
    it), else ``None``: the one refusal every command and API answer applies.

    >>> from protocolkit.format.loader import load_protocol
    >>> p = load_protocol("tests/data/minimal.yaml").protocol
    >>> refuse(p, Scenario("raadslid", "burgemeester", "uitgevoerd", own=True)).code
    'scenario-not-covered'
    """
    from protocolkit.format.diagnostics import Location, finding
    from protocolkit.format.loader import locations_of
    from protocolkit.semantics import refusal

    why = refusal(protocol, scenario)
    if why is None:
        return None
    locations = locations_of(protocol)
    location = Location()
    if locations is not None:      # the exclude entry, or the scenario space
        index = why.entry_index
        location = locations.at(("scenarios", "exclude", index) if index is not None
                                else ("scenarios",), key=index is None)
    return finding("scenario-not-covered", why.message_text(protocol, scenario), location,
                   hint=why.hint_text(protocol, scenario))


def load_or_findings(path: str | Path) -> tuple[Protocol | None, list[Finding]]:
    """A protocol ready for questions, or the findings that stand in the way."""
    result = load_protocol(path)
    errors = [f for f in result.findings if f.severity is Severity.error]
    return result.protocol, errors


def parse_scenario_args(protocol: Protocol, reporter: str, subject: str, act: str,
                        own: bool, attributes: Sequence[str] = ()) -> Scenario:
    """A scenario from CLI-style arguments (``attributes`` as ``name=value``).

    Strict: an undeclared attribute, a value outside its domain or a ``required``
    attribute left out is a ``ValueError`` (with a did-you-mean), never dropped or
    defaulted (:func:`protocolkit.semantics.attribute_problems`)."""
    from protocolkit.format.diagnostics import Msg, TextError
    from protocolkit.semantics import scenario_from_shared

    extra: dict[str, str] = {}
    for item in attributes:
        name, sep, value = item.partition("=")
        if not sep:
            raise TextError(Msg.of("arg.not-name-value", item=item))
        if name.strip() in extra:
            raise TextError(Msg.of("arg.given-twice", name=name.strip()))
        extra[name.strip()] = value.strip()
    try:
        return scenario_from_shared(protocol, reporter, subject, act, own, extra)
    except TextError as error:      # a required attribute left out: say how to give it
        if not any(m.id == "arg.required" for m in error.messages):
            raise
        problems = [Msg.of(m.id, **{**dict(m.args), "how": Msg.of(
            "arg.how-attr", name=dict(m.args)["name"])}) if m.id == "arg.required" else m
                    for m in error.messages]
        raise TextError(*problems, hint=error.hint_text) from None
