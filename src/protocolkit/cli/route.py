"""``protocolkit route PROTOCOL --reporter R --subject S --act A [--own]``: "Wat doe ik nu?"."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from protocolkit.cli._common import add_format, add_scenario
from protocolkit.format import escape


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
    from protocolkit.cli._common import alias_lines, load, print_json, refuse, scenario
    from protocolkit.semantics import aliases_used

    protocol = load(args.protocol)
    case = scenario(protocol, args)
    refused = refuse(protocol, case, args.format, {"steps": []})
    if refused is not None:
        return refused
    result = route(protocol, case)
    if args.format == "json":
        print_json({**result.to_dict(),
                    "aliases": aliases_used(protocol, args.reporter, args.subject)})
        return 0
    text = render_route(protocol.protocol.municipality, result)
    head, _, rest = text.partition("\n")
    notes = "".join(line + "\n" for line in alias_lines(protocol, args))
    sys.stdout.write(head + "\n" + notes + rest)
    return 0


def render_route(municipality: str, result: object) -> str:
    from protocolkit.api import Route
    from protocolkit.present.findings import handoff_lines

    assert isinstance(result, Route)
    lines = [f"Wat doe ik nu? {municipality}: {result.scenario.label()}"]
    if result.entry_source:
        lines.append(f"  (route volgens {'; '.join(result.entry_source)})")
    if not result.steps:
        lines.append("  Geen route: dit protocol wijst voor dit scenario geen eerste stap aan.")
    for silence in result.silences:
        lines.append(_silence_line("Vanaf het begin zwijgen", silence))
    for step in result.steps:
        who = step.actor if len(step.actors) < 2 else " en ".join(
            [", ".join(step.actors[:-1]), step.actors[-1]]) + " (samen)"
        if step.actor_stands_in_for:
            who += f" (in plaats van {step.actor_stands_in_for})"
        lines.append("")
        lines.append(f"{step.number}. {step.title}  [{step.kind}, {step.phase}]")
        towards = " en ".join(step.counterparts) if step.counterparts else step.counterpart
        lines.append(f"   Wie: {who}" + (f" -> {towards}" if towards else ""))
        if step.consulted:
            lines.append(f"   Raadpleegt: {', '.join(step.consulted)}")
        if step.heard:
            lines.append(f"   Hoort: {_parties(step.heard, step.heard_named)}")
        if step.informed:
            lines.append(f"   Informeert: {', '.join(step.informed)}")
        for point in step.open_points:
            lines.append(f"   Nog open: {point['question'] or point['id']} ({point['id']})")
        for note_id in step.ambiguities:
            lines.append(f"   Rust op een keuze tussen lezingen: {note_id}")
        for silence in step.silences_start:
            lines.append(_silence_line("Vanaf hier zwijgen", silence))
        for silence in step.silences_end:
            lines.append(f"   Hierna eindigt de zwijgplicht van {', '.join(silence['roles'])} "
                         f"tegenover {silence['audience']} [{'; '.join(silence['source'])}]")
        if step.deadline:
            lines.append(f"   Termijn: {step.deadline}")
        if step.confidential:
            lines.append("   Vertrouwelijk")
        if step.sanction_details:
            shown = [f"{s['id']} (door {', '.join(s['imposed_by'])})"
                     for s in step.sanction_details]
            lines.append(f"   Mogelijke sancties: {', '.join(shown)}")
        if step.end:
            lines.append("   Einde van de zaak" + ("; verder buiten dit protocol."
                                                 if step.handoff else "."))
            lines.extend("   " + line for line in handoff_lines(step.handoff))
        for outcome in step.outcomes:
            target = f"stap {outcome.next_number}" if outcome.next_number else outcome.next_step
            label = outcome.label or outcome.id.replace("_", " ")
            extra = " (erkenning)" if outcome.admission else ""
            tracks = "".join(
                f" en tegelijk stap {n}" if n else f" en tegelijk {t}"
                for t, n in zip(outcome.tracks, outcome.track_numbers, strict=True))
            cite = f" [{'; '.join(outcome.source)}]" if outcome.source else ""
            lines.append(f"   - {label}{extra} -> {target}{tracks}{cite}")
        lines.append(f"   Bron: {'; '.join(step.source)}")
    if result.sanctions:
        lines.append("")
        lines.append("Sancties door anderen dan de stappen hierboven:")
        for sanction in result.sanctions:
            lines.append(f"   - {sanction['name']}: door {', '.join(sanction['imposed_by'])} "
                         f"[{'; '.join(sanction['source'])}]")
    for ambiguity in result.ambiguities:
        note: dict[str, Any] = ambiguity
        chosen = next(r for r in note["readings"] if r["id"] == note["chosen"])
        lines.append("")
        lines.append(f"Keuze tussen lezingen ({note['id']}): {note['question']}")
        for reading in note["readings"]:
            mark = "gekozen" if reading["id"] == note["chosen"] else "andere lezing"
            lines.append(f"   - {mark}: {reading['text']}")
        lines.append(f"   Waarom {chosen['id']}: {note['reason']} [{'; '.join(note['source'])}]")
    return escape.terminal_lines(lines)


def _parties(roles: list[str], named: list[str]) -> str:
    """``raadslid (melder), burgemeester (betrokkene)``: who, and as whom the text names
    them when that differs."""
    return ", ".join(r if r == n or not n else f"{r} ({n})"
                     for r, n in zip(roles, named or roles, strict=False))


def _silence_line(head: str, silence: dict[str, object]) -> str:
    roles = silence["roles"]
    until = f"tot na {silence['until']}" if silence["until"] else "zonder einde in de tekst"
    source = silence["source"]
    assert isinstance(roles, list) and isinstance(source, list)
    return (f"   {head} tegenover {silence['audience']}: {', '.join(roles)} ({until}) "
            f"[{'; '.join(source)}]")
