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
from protocolkit.format.diagnostics import Msg
from protocolkit.format.model import Protocol
from protocolkit.format.vocabulary import StepKind

#: Element of the handreiking -> (step kinds that cover it, what it means).
ELEMENTS: dict[str, tuple[frozenset[StepKind], Msg]] = {
    "melding": (frozenset({StepKind.melding}),
                Msg.of("w.both", en="where and how a suspicion is reported",
                       nl="waar en hoe een vermoeden wordt gemeld")),
    "onderzoek": (frozenset({StepKind.onderzoek}),
                  Msg.of("w.both", en="how a suspicion is investigated",
                         nl="hoe een vermoeden wordt onderzocht")),
    "aangifte": (frozenset({StepKind.aangifte}),
                 Msg.of("w.both",
                        en="juridische afhandeling: when the police or public prosecutor is told",
                        nl="juridische afhandeling: wanneer politie of OM worden ingelicht")),
    "registratie": (frozenset({StepKind.registratie}),
                    Msg.of("w.both", en="how cases are registered",
                           nl="hoe zaken worden geregistreerd")),
    "nazorg": (frozenset({StepKind.nazorg}),
               Msg.of("w.both", en="aftercare for those involved",
                      nl="nazorg voor de betrokkenen")),
}


def coverage_occurrences(protocol: Protocol, reached: set[str]) -> Iterator[Occurrence]:
    reached_kinds = {step.kind for step in protocol.steps if step.id in reached}
    declared_kinds = {step.kind for step in protocol.steps}
    for element, (kinds, meaning) in ELEMENTS.items():
        if kinds & reached_kinds:
            continue
        names = ", ".join(sorted(k.value for k in kinds))
        unreached = Msg.of("w.kind-unreached" if kinds & declared_kinds else "w.empty")
        yield Occurrence(
            "incomplete-coverage", (element,), ("steps",),
            Msg.of("incomplete-coverage", element=element, meaning=meaning, kinds=names,
                   unreached=unreached),
            hint=Msg.of("hint.coverage", kinds=names),
            at_key=True)
