"""``protocolkit simulate PROTOCOL CASE.yaml``: run a case and say what is open, for whom,
and by when."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from protocolkit.cli._common import add_as_role, add_format, print_json
from protocolkit.format import escape
from protocolkit.format.diagnostics import Msg
from protocolkit.format.texts import citation_text, text
from protocolkit.format.vocabulary import audience_words, outcome_words, scenario_text

if TYPE_CHECKING:
    from protocolkit.engine import Case
    from protocolkit.engine.casefile import Simulation
    from protocolkit.format.model import Protocol


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "simulate", help="run a case (CASE.yaml) through a protocol: open steps, actors, deadlines",
        description="Open the case of CASE.yaml (scenario, opened, events), record its events "
        "and show the steps so far, the open steps with who acts, who is consulted and "
        "informed, the due dates (werkdagen on the Dutch calendar) and whether the case has "
        "ended. Exit 0 when every event is allowed, 1 on findings (a bad case file, an event "
        "the protocol refuses), 2 usage.")
    parser.add_argument("protocol", metavar="PROTOCOL")
    parser.add_argument("case_file", metavar="CASE.yaml")
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", default=None,
                        help="the day against which deadlines are overdue (default: today)")
    add_as_role(parser)
    add_format(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from protocolkit.cli import UsageError, current_lang, output_lang
    from protocolkit.cli._common import load, require_file
    from protocolkit.engine.casefile import simulate_file

    require_file(args.case_file)
    as_of = dt.date.today()
    if args.as_of is not None:
        try:
            as_of = dt.date.fromisoformat(args.as_of)
        except ValueError as error:
            raise UsageError.of("usage.date", option="--as-of", value=args.as_of) from error
    protocol = load(args.protocol)
    simulation = simulate_file(protocol, args.case_file, as_of)
    if args.as_role is not None:
        return _as_role(simulation, args.as_role, args.format,
                        output_lang(args))
    if args.format == "json":
        print_json(simulation.to_dict(output_lang(args)))
    else:
        for found in simulation.findings:
            sys.stderr.write(found.render(current_lang()) + "\n")
        if simulation.case is not None:
            sys.stdout.write(render_simulation(simulation.to_dict(), output_lang(args),
                                               protocol))
    return simulation.exit_code()


def _as_role(simulation: Simulation, role: str, output: str, lang: str = "nl") -> int:
    from protocolkit.cli import current_lang

    for found in simulation.findings:
        sys.stderr.write(found.render(current_lang()) + "\n")
    if simulation.case is None:
        return simulation.exit_code()
    show_view(simulation.case, role, simulation.as_of, output, lang, "simulate")
    return simulation.exit_code()


def show_view(case: Case, role: str, as_of: dt.date, output: str, lang: str,
              command: str) -> None:
    """Write what ``role`` may know of ``case`` (:meth:`Case.view`) as text or JSON: the
    one participant's view of ``simulate --as`` and ``cases show --as``. A role the
    protocol does not have is a usage error with a did-you-mean."""
    from protocolkit.cli import UsageError, current_lang, said

    try:
        view = case.view(role, as_of)
    except (ValueError, TypeError) as error:
        raise UsageError(said(error), command) from None
    # A role id is an office (every burger, every raadslid); the person who reported is
    # `melder`, the person it concerns `betrokkene`. The view itself must not say so
    # (it would tell the office who is involved), so the hint goes to whoever runs this.
    scenario = case.scenario
    for person, office in (("melder", scenario.reporter), ("betrokkene", scenario.subject)):
        if role == office:
            sys.stderr.write(escape.terminal(
                f"protocolkit {command}: " + text("usage.as-office", current_lang(), role=role,
                                                  person=person)) + "\n")
    if output == "json":
        print_json(view)
    else:
        sys.stdout.write(render_view(view, lang, case.protocol))


def render_view(view: dict[str, Any], lang: str = "nl", protocol: Protocol | None = None) -> str:
    """A role's view of a case (``Case.view``) as a griffier reads it: with ``protocol``,
    its roles by name and its outcomes as a reader sees them (the JSON keeps the ids)."""
    def t(key: str, **args: Any) -> str:
        return text(key, lang, **args)

    from protocolkit.engine.case import outcome_label
    from protocolkit.present.phrases import turns_to

    names = protocol.role_names() if protocol is not None else {}

    def outcome(entry: dict[str, Any]) -> str:
        return outcome_label(protocol, entry["step"], entry["outcome"])

    def name(role: str) -> str:      # "melder" and "betrokkene" (a person) stay as they are
        return names.get(role, role)

    if not view["knows_case"]:
        return escape.terminal_lines([t("sim.view-unknown", role=name(view["role"]))])
    lines = [t("sim.view-head", role=name(view["role"]), case=view["case"],
               date=_date(view["opened"], lang)),
             t("sim.view-who", melder=name(view["melder"]), subject=name(view["subject"]))
             + (f"; {view['act']}" if "act" in view else "")]
    if view.get("route"):
        lines.append(t("sim.course"))
        for entry in view["route"]:
            head = f"  {_date(entry['opened'], lang)}  " + t("sim.by", step=entry["title"],
                                                              actor=_who(entry, lang, names))
            if entry["outcome"] is not None:
                head += t("sim.outcome-on", outcome=outcome(entry),
                          date=_date(entry["date"], lang))
            lines.append(head)
    for step in view["my_open_steps"]:
        who = turns_to(_who(step, lang, names), _actor_named(step),
                        [step["counterpart"]] if step["counterpart"] else [],
                        [step.get("counterpart_named") or step["counterpart"]], names, lang)
        lines.append(t("sim.open-for-you", step=step["step"], title=step["title"], who=who)
                     + (t("sim.due-by", date=_date(step["due"], lang)) if step["due"] else ""))
    # "May I talk to the press now?": the silences that bind this person, or that none do.
    from protocolkit.present.phrases import (
        merged_silences,
        proposal_words,
        silence_open_lines,
        silence_reading_lines,
        silence_sentence,
    )

    as_of = _date(view["as_of"], lang)
    shown = merged_silences([dict(s, roles=[t("sim.you")]) for s in view["silent"]
                             if not s["withheld"]])
    read: set[str] = set()
    for silence in shown:
        lines.append(silence_sentence(silence, lang, as_of=as_of))
        lines.extend(silence_open_lines(silence, lang, key="common.still-open"))
        lines.extend(silence_reading_lines(silence, lang, read))
    for silence in view["silent"]:
        if silence["withheld"]:
            said = t("sim.silent-withheld", audience=audience_words(silence["audience"], lang),
                     date=as_of)
            if silence.get("proposal"):      # a concept's proposal, not decided
                said = proposal_words(silence["proposal"], said, lang)
            lines.append(said)
            lines.extend(silence_open_lines(silence, lang, key="common.still-open"))
    if not view["silent"]:
        lines.append(t("sim.not-silent", date=as_of))
    if view["closed"]:
        lines.append(t("sim.closed"))
    return escape.terminal_lines(lines)


def _who(entry: dict[str, Any], lang: str = "nl",
         names: Mapping[str, str] | None = None) -> str:
    """Who acts in a step of a trace, view or open step: every actor of a joint step,
    in the text's order ("a, b en c (samen)"), or of a choice ("a en/of b", ``any_of``),
    by name with ``names``."""
    from protocolkit.present.phrases import actors_words

    actors = [(names or {}).get(a, a) for a in entry.get("actors") or [] if a]
    if len(actors) > 1:
        return actors_words(actors, bool(entry.get("any_of")), lang)
    return (names or {}).get(str(entry["actor"]), str(entry["actor"]))


def _actor_named(step: dict[str, Any]) -> str:
    """The part a step's one actor is named by in the text (``melder``), else ``""``."""
    return "" if len(step.get("actors") or []) > 1 else str(step.get("actor_named") or "")


def _kind(step: dict[str, Any], lang: str = "nl") -> str:
    """A step's kind as ``route`` labels it: a ``sanctie`` step that only offers
    (``offers``: Oostzaan's publiek excuus) is a ``gevolg``."""
    return text("route.kind-offered", lang) if step.get("offers") else str(step["kind"])


def _date(value: str | None, lang: str = "nl") -> str:
    if value is None:
        return "-"
    day = dt.date.fromisoformat(value)
    return f"{text('sim.weekdays', lang).split()[day.weekday()]} {value}"


def moment(value: str) -> str:
    """When something was recorded (``recorded_at``: ISO, UTC), as a reader of the audit
    trail reads it: date and time to the second in Amsterdam, where the protocols apply,
    with the zone's abbreviation (CET or CEST); the JSON keeps the ISO text in UTC.

    >>> moment("2026-12-02T20:13:37.770682Z"), moment("2026-07-01T09:00:00Z")
    ('2026-12-02 21:13:37 CET', '2026-07-01 11:00:00 CEST')
    """
    from protocolkit.engine.records import AMSTERDAM

    return f"{dt.datetime.fromisoformat(value).astimezone(AMSTERDAM):%Y-%m-%d %H:%M:%S %Z}"


def render_simulation(data: dict[str, Any], lang: str = "nl",
                      protocol: Protocol | None = None) -> str:
    """The simulation as a griffier reads it (Dutch, like ``protocolkit route``, or
    English with ``lang="en"``); with ``protocol`` (the case's), its roles by name
    (``Protocol.role_names``) and its substitutions in words (else their ids)."""
    from protocolkit.present.findings import handoff_lines
    from protocolkit.present.phrases import (
        consulted_words,
        deadline_words,
        merged_silences,
        parties,
        proposal_words,
        silence_open_lines,
        silence_reading_lines,
        silence_sentence,
        source_lines,
        step_words,
        substitution_words,
        turns_to,
        with_names,
    )

    def t(key: str, **args: Any) -> str:
        return text(key, lang, **args)

    def day(value: str | None) -> str:
        return _date(value, lang)

    names = protocol.role_names() if protocol is not None else {}

    def n(role: str) -> str:
        return names.get(role, role)

    def fact(fact_id: str) -> str:
        return protocol.fact_label(fact_id) if protocol is not None \
            else fact_id.replace("_", " ")

    scenario = data["scenario"]
    lines = [t("sim.head", municipality=data["protocol"]["municipality"],
               scenario=scenario_text(scenario, lang=lang)),
             t("sim.opened", date=day(data["opened"]),
               route=citation_text(data.get("entry_source") or []) or data["entry_route"],
               as_of=day(data["as_of"]))]
    if data.get("received") and data["received"] != data["opened"]:
        lines.append(t("sim.received", date=day(data["received"]), opened=day(data["opened"])))
    if data.get("facts"):
        lines.append(t("sim.facts", facts=", ".join(f"{fact(k)} = {v}"
                                                    for k, v in data["facts"].items())))
    for learnt in data.get("recorded_facts", []):
        lines.append(t("sim.fact-recorded", date=day(learnt["date"]), fact=fact(learnt["fact"]),
                       value=learnt["value"])
                     + (text("cases.by", lang, who=learnt["recorded_by"])
                        if learnt.get("recorded_by") else "")
                     + (f" - {learnt['note']}" if learnt.get("note") else "")
                     + (t("sim.withdrawn", event=learnt["withdrawn_by"])
                        if learnt.get("withdrawn_by") else ""))
    if data["substitutions"]:
        lines.append(t("sim.substitution", ids="; ".join(
            substitution_words(protocol, s, lang) if protocol is not None else s
            for s in data["substitutions"])))
    lines.append("")
    lines.append(t("sim.course"))
    for entry in data["trace"]:
        acted = _who(entry, lang, names)
        if entry.get("proposal"):              # a concept's open answer, not decided
            acted = proposal_words(entry["proposal"], acted, lang)
        head = (f"  {day(entry['opened'])}  "
                + t("sim.by", step=f"{entry['title']} [{_kind(entry, lang)}]", actor=acted))
        if entry["outcome"] is not None:
            head += t("sim.outcome-on", outcome=entry.get("outcome_label") or entry["outcome"],
                      date=day(entry["date"]))
            if entry.get("due"):                 # a step that closed after its deadline
                head += t("sim.due-by", date=day(entry["due"])) + (
                    t("sim.overdue") if entry.get("overdue") else "")
            head += f" -> {entry.get('next_title') or entry['next']}"
        if entry.get("withdrawn_by"):
            head += t("sim.withdrawn", event=entry["withdrawn_by"])
        lines.append(head + f"  ({citation_text(entry['source'])})")
    # a refused event stops the case: say which later ones were not applied
    given, applied = data.get("events_given", 0), data.get("events_applied", 0)
    if given > applied + 1:
        lines.append("  " + t("sim.not-applied-one" if given == applied + 2
                              else "sim.not-applied", first=applied + 2, last=given,
                              refused=applied + 1))
    closed = data["closed"]
    if closed["ended"]:
        lines.append("")
        lines.append(t("sim.ended", date=day(closed["date"]), title=closed["title"]))
        lines.extend("  " + line for line in handoff_lines(
            with_names(closed["handoff"], names) if closed.get("handoff") else None, lang))
    for step in data["open_steps"]:
        lines.append("")
        phase = protocol.phase(step["phase"]) if protocol is not None else None
        lines.append(t("sim.open", step=step["step"], title=step["title"],
                       kind=_kind(step, lang), phase=phase.name if phase else step["phase"]))
        actor = n(step["actor"])
        if step["stands_in_for"]:
            actor += t("common.instead-of", role=n(step["stands_in_for"]))
        if len(step.get("actors", [])) > 1:
            actor = _who(step, lang, names)
        if step.get("proposal"):               # a concept's open answer, not decided
            actor = proposal_words(step["proposal"], actor, lang)
        lines.append(t("route.who", who=turns_to(
            actor, "" if step["stands_in_for"] else _actor_named(step),
            [step["counterpart"]] if step["counterpart"] else [],
            [step.get("counterpart_named") or step["counterpart"]], names, lang)))
        if step.get("heard"):
            lines.append(t("common.hears",
                           roles=parties(step["heard"], step.get("heard_named", []), names,
                                         lang, step.get("heard_optional", []))))
        for point, question in zip(step.get("open_points", []), step.get("open_questions", []),
                                   strict=False):
            lines.append(t("common.still-open", question=question, id=point))
        if step["consulted"]:
            lines.append(t("common.consults", roles=consulted_words(
                step["consulted"], step.get("consulted_optional", []), names, lang)))
        if step["informed"]:
            lines.append(t("common.informs", roles=parties(
                step["informed"], step.get("informed_named", []), names, lang)))
        lines.append(t("sim.since", date=day(step["since"])))
        if step["deadline"]:
            cited = citation_text(step["deadline_source"])
            due = t("sim.due", date=day(step["due"]),
                    deadline=deadline_words(step["deadline"], lang)) + (
                f", {cited})" if cited else ")")
            runs = step.get("runs_from")
            if runs and runs["date"] and runs["rule"] != "step":  # step: "Open sinds"
                rule = (t(f"sim.runs.{runs['rule']}") if runs["rule"] in ("ontvangst", "case")
                        else t("sim.runs.after",
                               step=step_words(runs["rule"], runs.get("title"), lang)))
                due += t("sim.runs-from", date=day(runs["date"]), rule=rule)
            if step["overdue"]:
                due += t("sim.overdue")
            lines.append(due)
        if step["confidential"]:
            lines.append(t("common.confidential"))
        for outcome in step["outcomes"]:
            label = outcome_words(outcome["id"], outcome["label"])
            ids = outcome.get("tracks", [])
            tracks = "".join(t("common.at-once", target=title or track) for track, title
                             in zip(ids, outcome.get("track_titles") or ids, strict=True))
            target = outcome.get("next_title") or outcome["next"]
            # the id is what an event records; without a label it is said once
            said = f"{outcome['id']}: {label}" if outcome["label"] else outcome["id"]
            lines.append(f"   - {said} -> {target}{tracks}")
            if outcome.get("ruled_out"):         # the case's facts rule it out
                lines.append("     " + Msg.from_dict(outcome["ruled_out"]["text"]).render(lang))
        lines.extend(source_lines(step["source"], step.get("source_for"), lang))
    read: set[str] = set()
    for silence in merged_silences(data.get("silent", [])):
        lines.append("")
        lines.append(silence_sentence(with_names(silence, names), lang,
                                      as_of=day(data["as_of"])))
        lines.extend(silence_open_lines(silence, lang, key="common.still-open"))
        lines.extend(silence_reading_lines(silence, lang, read))
    return escape.terminal_lines(lines)
