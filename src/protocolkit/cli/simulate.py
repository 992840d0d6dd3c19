"""``protocolkit simulate PROTOCOL CASE.yaml``: run a case and say what is open, for whom,
and by when."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

from protocolkit.cli._common import add_format, print_json
from protocolkit.format import escape
from protocolkit.format.vocabulary import scenario_text

if TYPE_CHECKING:
    from protocolkit.engine.casefile import Simulation


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
    parser.add_argument("--as", dest="as_role", metavar="ROLE", default=None,
                        help="show only what ROLE may know of the case (need to know: the "
                        "protocol's disclosure rules); a role id, melder or betrokkene")
    add_format(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from protocolkit.cli import UsageError, current_lang
    from protocolkit.cli._common import load, require_file
    from protocolkit.engine.casefile import simulate_file

    require_file(args.case_file)
    as_of = dt.date.today()
    if args.as_of is not None:
        try:
            as_of = dt.date.fromisoformat(args.as_of)
        except ValueError as error:
            raise UsageError(f"--as-of takes a date YYYY-MM-DD, not '{args.as_of}'") from error
    protocol = load(args.protocol)
    simulation = simulate_file(protocol, args.case_file, as_of)
    if args.as_role is not None:
        return _as_role(simulation, args.as_role, args.format)
    if args.format == "json":
        print_json(simulation.to_dict())
    else:
        for found in simulation.findings:
            sys.stderr.write(found.render(current_lang()) + "\n")
        if simulation.case is not None:
            sys.stdout.write(render_simulation(simulation.to_dict()))
    return simulation.exit_code()


#: How ``runs_from.rule`` reads in Dutch (a step id reads as "afronding van stap X").
_RUNS_FROM = {"step": "opening van de stap", "ontvangst": "ontvangst van de melding",
              "case": "registratie van de zaak"}


def _as_role(simulation: Simulation, role: str, output: str) -> int:
    from protocolkit.cli import UsageError, current_lang

    for found in simulation.findings:
        sys.stderr.write(found.render(current_lang()) + "\n")
    if simulation.case is None:
        return simulation.exit_code()
    try:
        view = simulation.case.view(role, simulation.as_of)
    except (ValueError, TypeError) as error:
        raise UsageError(str(error)) from None
    # A role id is an office (every burger, every raadslid); the person who reported is
    # `melder`, the person it concerns `betrokkene`. The view itself must not say so
    # (it would tell the office who is involved), so the hint goes to whoever runs this.
    scenario = simulation.case.scenario
    for person, office in (("melder", scenario.reporter), ("betrokkene", scenario.subject)):
        if role == office:
            sys.stderr.write(escape.terminal(
                f"protocolkit simulate: hint: '{role}' is shown as an office; in this case "
                f"the {person} is a {role}: --as {person} shows what that person may know")
                + "\n")
    if output == "json":
        print_json(view)
    else:
        sys.stdout.write(render_view(view))
    return simulation.exit_code()


def render_view(view: dict[str, Any]) -> str:
    """A role's view of a case (``Case.view``) as a griffier reads it."""
    if not view["knows_case"]:
        return escape.terminal_lines(
            [f"Voor {view['role']}: geen zaak bekend (deze rol mag er nu niet van weten)."])
    lines = [f"Voor {view['role']}: zaak {view['case']}, geopend {_date(view['opened'])}",
             f"  melder: {view['melder']}; betreft: {view['subject']}"
             + (f"; {view['act']}" if "act" in view else "")]
    if view.get("route"):
        lines.append("Verloop:")
        for entry in view["route"]:
            head = f"  {_date(entry['opened'])}  {entry['step']} door {_who(entry)}"
            if entry["outcome"] is not None:
                head += f": {entry['outcome']} op {_date(entry['date'])}"
            lines.append(head)
    for step in view["my_open_steps"]:
        lines.append(f"Open voor u: {step['step']} - {step['title']} (wie: {_who(step)}"
                     + (f" -> {step['counterpart']}" if step["counterpart"] else "") + ")"
                     + (f", uiterlijk {_date(step['due'])}" if step["due"] else ""))
    if view["closed"]:
        lines.append("De zaak is afgesloten.")
    return escape.terminal_lines(lines)


def _who(entry: dict[str, Any]) -> str:
    """Who acts in a step of a trace, view or open step: every actor of a joint step,
    in the text's order ("a, b en c (samen)")."""
    actors = [a for a in entry.get("actors") or [] if a]
    if len(actors) > 1:
        return " en ".join([", ".join(actors[:-1]), actors[-1]]) + " (samen)"
    return str(entry["actor"])


def _date(value: str | None) -> str:
    if value is None:
        return "-"
    day = dt.date.fromisoformat(value)
    return f"{('ma', 'di', 'wo', 'do', 'vr', 'za', 'zo')[day.weekday()]} {value}"


def render_simulation(data: dict[str, Any]) -> str:
    """The simulation as a griffier reads it (Dutch, like ``protocolkit route``)."""
    from protocolkit.present.findings import handoff_lines

    scenario = data["scenario"]
    lines = [f"Zaak {data['protocol']['municipality']}: {scenario_text(scenario)}",
             (f"  geopend {_date(data['opened'])} (route {data['entry_route']}); "
             f"stand per {_date(data['as_of'])}")]
    if data.get("received") and data["received"] != data["opened"]:
        lines.append(f"  ontvangen {_date(data['received'])} (geregistreerd "
                     f"{_date(data['opened'])})")
    if data.get("facts"):
        lines.append("  feiten: " + ", ".join(f"{k} = {v}" for k, v in data["facts"].items()))
    for learnt in data.get("recorded_facts", []):
        lines.append(f"  feit vastgelegd op {_date(learnt['date'])}: {learnt['fact']} = "
                     f"{learnt['value']}"
                     + (f" door {learnt['recorded_by']}" if learnt.get("recorded_by") else "")
                     + (f" - {learnt['note']}" if learnt.get("note") else "")
                     + (f"  [ingetrokken door correctie {learnt['withdrawn_by']}]"
                        if learnt.get("withdrawn_by") else ""))
    if data["substitutions"]:
        lines.append(f"  vervanging: {', '.join(data['substitutions'])}")
    lines.append("")
    lines.append("Verloop:")
    for entry in data["trace"]:
        head = f"  {_date(entry['opened'])}  {entry['step']} [{entry['kind']}] door {_who(entry)}"
        if entry["outcome"] is not None:
            head += f": {entry['outcome']} op {_date(entry['date'])} -> {entry['next']}"
        if entry.get("withdrawn_by"):
            head += f"  [ingetrokken door correctie {entry['withdrawn_by']}]"
        lines.append(head + f"  ({'; '.join(entry['source'])})")
    closed = data["closed"]
    if closed["ended"]:
        lines.append("")
        lines.append(f"Afgesloten op {_date(closed['date'])} in stap {closed['step']}: "
                     f"{closed['title']}")
        lines.extend("  " + line for line in handoff_lines(closed.get("handoff")))
    for step in data["open_steps"]:
        lines.append("")
        lines.append(f"Open: {step['step']} - {step['title']}  [{step['kind']}, {step['phase']}]")
        actor = step["actor"]
        if step["stands_in_for"]:
            actor += f" (in plaats van {step['stands_in_for']})"
        if len(step.get("actors", [])) > 1:
            actor = _who(step)
        lines.append(f"   Wie: {actor}" + (f" -> {step['counterpart']}" if step["counterpart"]
                                            else ""))
        if step.get("heard"):
            from protocolkit.cli.route import _parties

            lines.append(f"   Hoort: {_parties(step['heard'], step.get('heard_named', []))}")
        for point, question in zip(step.get("open_points", []), step.get("open_questions", []),
                                   strict=False):
            lines.append(f"   Nog open: {question} ({point})")
        if step["consulted"]:
            lines.append(f"   Raadpleegt: {', '.join(step['consulted'])}")
        if step["informed"]:
            lines.append(f"   Informeert: {', '.join(step['informed'])}")
        lines.append(f"   Open sinds: {_date(step['since'])}")
        if step["deadline"]:
            cited = "; ".join(step["deadline_source"])
            due = f"   Uiterlijk: {_date(step['due'])} ({step['deadline']}" + (
                f", {cited})" if cited else ")")
            runs = step.get("runs_from")
            if runs and runs["date"] and runs["rule"] != "step":  # step: "Open sinds"
                due += f"; loopt vanaf {_date(runs['date'])} ({_RUNS_FROM.get(runs['rule'], 'afronding van stap ' + runs['rule'])})"
            if step["overdue"]:
                due += " - TE LAAT"
            lines.append(due)
        if step["confidential"]:
            lines.append("   Vertrouwelijk")
        for outcome in step["outcomes"]:
            label = outcome["label"] or outcome["id"].replace("_", " ")
            tracks = "".join(f" en tegelijk {t}" for t in outcome.get("tracks", []))
            lines.append(f"   - {outcome['id']}: {label} -> {outcome['next']}{tracks}")
        lines.append(f"   Bron: {'; '.join(step['source'])}")
    for silence in data.get("silent", []):
        until = f"tot na {silence['until']}" if silence["until"] else "zonder einde in de tekst"
        lines.append("")
        lines.append(f"Zwijgen tegenover {silence['audience']} per {_date(data['as_of'])}: "
                     f"{', '.join(silence['roles'])} ({until}) [{'; '.join(silence['source'])}]")
    return escape.terminal_lines(lines)
