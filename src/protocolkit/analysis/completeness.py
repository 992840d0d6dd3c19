"""Completeness against the handreiking for burgemeesters: ``incomplete-coverage``.

The handreiking (shared/sources/handreiking_burgemeester_preventie.txt, last section)
asks the burgemeester to agree with the raad on a protocol that lays down "melding,
onderzoek, juridische afhandeling en registratie van mogelijke integriteitsschendingen
en nazorg voor betrokkenen". Each of these five is covered when some scenario's route
reaches a step of the kind that does it; a missing one is a warning (best practice, not
a rule of the protocol itself).
"""

from __future__ import annotations

from collections.abc import Iterator

from protocolkit.analysis.base import Occurrence
from protocolkit.model import Protocol
from protocolkit.vocabulary import StepKind

#: Element of the handreiking -> (step kinds that cover it, what it means).
ELEMENTS: dict[str, tuple[frozenset[StepKind], str]] = {
    "melding": (frozenset({StepKind.melding}), "where and how a suspicion is reported"),
    "onderzoek": (frozenset({StepKind.onderzoek}), "how a suspicion is investigated"),
    "aangifte": (frozenset({StepKind.aangifte}),
                 "juridische afhandeling: when the police or public prosecutor is told"),
    "registratie": (frozenset({StepKind.registratie}), "how cases are registered"),
    "nazorg": (frozenset({StepKind.nazorg}), "aftercare for those involved"),
}


def coverage_occurrences(protocol: Protocol, reached: set[str]) -> Iterator[Occurrence]:
    reached_kinds = {step.kind for step in protocol.steps if step.id in reached}
    declared_kinds = {step.kind for step in protocol.steps}
    for element, (kinds, meaning) in ELEMENTS.items():
        if kinds & reached_kinds:
            continue
        names = ", ".join(sorted(k.value for k in kinds))
        unreached = " (a step of that kind exists but no route reaches it)" \
            if kinds & declared_kinds else ""
        yield Occurrence(
            "incomplete-coverage", (element,), ("steps",),
            f"the protocol does not cover '{element}' ({meaning}): no route reaches a step of "
            f"kind {names}{unreached}; the handreiking for burgemeesters asks every protocol "
            "to lay it down",
            hint=f"add a step of kind {names} where the source provides for it, or record in "
                 "the documentation that the source leaves it out",
            at_key=True)
