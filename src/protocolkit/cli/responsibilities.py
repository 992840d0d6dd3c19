"""``protocolkit responsibilities PROTOCOL --reporter R --subject S --act A [--own]``."""

from __future__ import annotations

import argparse
import sys

from protocolkit.cli._common import add_format, add_scenario
from protocolkit.format import escape


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "responsibilities", help="who acts for a scenario (the questions of Stap 4)",
        description="Answer who acts for one scenario, substitutions applied: first contact, "
        "who decides on follow-up, who orders an investigation, who judges, who sanctions, "
        "who communicates.")
    parser.add_argument("protocol", metavar="PROTOCOL")
    add_scenario(parser)
    add_format(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from protocolkit.cli._common import alias_lines, load, print_json, refuse, scenario
    from protocolkit.format.vocabulary import SIX_QUESTIONS
    from protocolkit.present.findings import handoff_lines
    from protocolkit.semantics import aliases_used, responsibilities

    protocol = load(args.protocol)
    case = scenario(protocol, args)
    refused = refuse(protocol, case, args.format)
    if refused is not None:
        return refused
    answers = responsibilities(protocol, case)
    if args.format == "json":
        print_json({**answers.to_dict(), "findings": [],
                    "aliases": aliases_used(protocol, args.reporter, args.subject)})
        return 0
    lines = [f"{protocol.protocol.municipality}: {answers.scenario.label()}"]
    lines.extend(alias_lines(protocol, args))
    lines.extend(handoff_lines(answers.handoff))
    width = max(len(q.heading) for q in SIX_QUESTIONS)
    questions = {p.id: p.question for p in protocol.open_points}
    for question in SIX_QUESTIONS:
        roles = answers.answer(question.key)
        cites = "; ".join(answers.sources.get(question.key, []))
        shown = ", ".join(roles) if roles else "(niemand aangewezen)"
        lines.append(f"  {question.heading:<{width}}  {shown}" + (f"   [{cites}]" if cites else ""))
        for point in answers.open_points.get(question.key, []):
            lines.append(f"  {'':<{width}}  nog open: {questions.get(point, point)} ({point})")
    for silence in answers.silent:
        until = f"tot na {silence['until']}" if silence["until"] else "zonder einde in de tekst"
        since = f"vanaf {silence['from']}" if silence["from"] else "vanaf het begin"
        lines.append(f"  Zwijgen tegenover {silence['audience']}: {', '.join(silence['roles'])} "
                     f"({since}, {until})   [{'; '.join(silence['source'])}]")
    for sanction in answers.sanctions:
        lines.append(f"  Sanctie {sanction['name']}: opgelegd door "
                     f"{', '.join(sanction['imposed_by'])}   [{'; '.join(sanction['source'])}]")
    for note in answers.ambiguities:
        chosen = next(r for r in note["readings"] if r["id"] == note["chosen"])
        lines.append(f"  Keuze tussen lezingen ({note['id']}): {note['question']} Gekozen: "
                     f"{chosen['text']} Waarom: {note['reason']}   "
                     f"[{'; '.join(note['source'])}]")
    sys.stdout.write(escape.terminal_lines(lines))
    return 0
