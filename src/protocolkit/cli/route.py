"""``protocolkit route PROTOCOL --reporter R --subject S --act A [--own]``: "Wat doe ik nu?"."""

from __future__ import annotations

import argparse
import sys

from protocolkit.cli._common import add_format, add_scenario


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "route", help="the route of a scenario, step by step, as a person reads it",
        description="Print the route for one scenario: numbered steps, who acts, what may "
        "come out of each step and where that leads, deadlines and citations.")
    parser.add_argument("protocol", metavar="PROTOCOL")
    add_scenario(parser)
    add_format(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from protocolkit.api import route
    from protocolkit.cli._common import load, print_json, scenario

    protocol = load(args.protocol)
    result = route(protocol, scenario(protocol, args))
    if args.format == "json":
        print_json(result.to_dict())
        return 0
    sys.stdout.write(render_route(protocol.protocol.municipality, result))
    return 0


def render_route(municipality: str, result: object) -> str:
    from protocolkit.api import Route

    assert isinstance(result, Route)
    lines = [f"Wat doe ik nu? {municipality}: {result.scenario.label()}"]
    if result.entry_source:
        lines.append(f"  (route volgens {'; '.join(result.entry_source)})")
    if not result.steps:
        lines.append("  Geen route: dit protocol wijst voor dit scenario geen eerste stap aan.")
    for step in result.steps:
        who = step.actor
        if step.actor_stands_in_for:
            who += f" (in plaats van {step.actor_stands_in_for})"
        lines.append("")
        lines.append(f"{step.number}. {step.title}  [{step.kind}, {step.phase}]")
        lines.append(f"   Wie: {who}" + (f" -> {step.counterpart}" if step.counterpart else ""))
        if step.consulted:
            lines.append(f"   Raadpleegt: {', '.join(step.consulted)}")
        if step.informed:
            lines.append(f"   Informeert: {', '.join(step.informed)}")
        if step.deadline:
            lines.append(f"   Termijn: {step.deadline}")
        if step.confidential:
            lines.append("   Vertrouwelijk")
        if step.sanctions:
            lines.append(f"   Mogelijke sancties: {', '.join(step.sanctions)}")
        if step.end:
            end = "Einde van de zaak"
            if step.out_of_scope:
                end += f": verder buiten dit protocol ({step.out_of_scope})"
            lines.append(f"   {end}.")
        for outcome in step.outcomes:
            target = f"stap {outcome.next_number}" if outcome.next_number else outcome.next_step
            label = outcome.label or outcome.id.replace("_", " ")
            extra = " (erkenning)" if outcome.admission else ""
            lines.append(f"   - {label}{extra} -> {target}")
        lines.append(f"   Bron: {'; '.join(step.source)}")
    return "\n".join(lines) + "\n"
