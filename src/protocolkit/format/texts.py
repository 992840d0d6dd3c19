"""The frame of every output, in English and Dutch: one table, keyed like the finding codes.

:data:`TEXTS` holds what the commands and pages say around the protocol's own words
(headings, labels, sentences that carry roles, steps and citations), as ``(English,
Dutch)`` templates with named arguments — the same shape as the findings' messages in
:data:`protocolkit.format.diagnostics.MESSAGES`, which takes these in, so that
``Msg.of(key, ...)`` renders either. Protocol vocabulary (role ids, step titles, quotes
of the text) is passed in as arguments and never translated. Keys are grouped by where
they appear: ``common.`` (several outputs), ``resp.``, ``route.``, ``matrix.``,
``sim.``, ``cases.``, ``diff.``, ``report.``, ``weg.``. Standard library only (the
vocabulary uses it too).

>>> text("route.who", "en", who="griffier")
'   Who: griffier'
>>> text("route.who", "nl", who="griffier")
'   Wie: griffier'
"""

from __future__ import annotations

from typing import Any

#: key -> (English, Dutch).
TEXTS: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------------ shared words
    "common.and": (" and ", " en "),
    "common.or": (" or ", " of "),
    "common.together": (" (together)", " (samen)"),
    "common.instead-of": (" (instead of {role})", " (in plaats van {role})"),
    "common.nobody": ("(nobody assigned)", "(niemand aangewezen)"),
    "common.not-assigned": ("not assigned in the text", "niet toegewezen in de tekst"),
    "common.source": ("   Source: {sources}", "   Bron: {sources}"),
    "common.yes": ("yes", "ja"),
    "common.no": ("no", "nee"),
    "common.alias": ("  ({alias} is read as {role} [{sources}])",
                     "  ({alias} wordt gelezen als {role} [{sources}])"),
    "common.protocol-has-errors": (("{path}: the protocol has errors; run "
                                   "'protocolkit validate {path}'"),
                                   ("{path}: het protocol bevat fouten; voer "
                                   "'protocolkit validate {path}' uit")),
    "common.consults": ("   Consults: {roles}", "   Raadpleegt: {roles}"),
    "common.hears": ("   Hears: {roles}", "   Hoort: {roles}"),
    "common.informs": ("   Informs: {roles}", "   Informeert: {roles}"),
    "common.still-open": ("   Still open: {question} ({id})", "   Nog open: {question} ({id})"),
    "common.confidential": ("   Confidential", "   Vertrouwelijk"),
    "common.at-once": (" and at the same time {target}", " en tegelijk {target}"),
    "common.step-n": ("step {n}", "stap {n}"),
    # the silence sentence (present.phrases.silence_sentence)
    "silence.from-start": ("from the start", "vanaf het begin"),
    "silence.from-step": ("from step {step}", "vanaf stap {step}"),
    "silence.until": ("until after {step}", "tot na {step}"),
    "silence.no-end": ("with no end in the text", "zonder einde in de tekst"),
    "silence.sentence": ("Silence: {roles} do not speak to {audience}, {since}, {until}",
                         "Zwijgen: {roles} spreken niet met {audience}, {since}, {until}"),
    "silence.ends": ("   After this the silence of {roles} towards {audience} ends",
                     "   Hierna eindigt de zwijgplicht van {roles} tegenover {audience}"),
    "silence.title": ("Silence towards {audience}", "Zwijgplicht tegenover {audience}"),
    "silence.as-of": (" (as of {date})", " (per {date})"),
    # the handoff (present.findings.handoff_lines)
    "handoff.head": ("Outside this protocol: {text}", "Buiten dit protocol: {text}"),
    "handoff.decides": ("  Who decides there on the follow-up: {roles}",
                        "  Wie beslist daar over het vervolg: {roles}"),
    "handoff.communicates": ("  Who communicates with the reporter: {roles}",
                             "  Wie communiceert met de melder: {roles}"),
    # scenarios in words (vocabulary.scenario_text)
    "scenario.own": ("{reporter} about own act", "{reporter} over eigen handelen"),
    "scenario.prose-own": ("{reporter} about their own {act}", "{reporter} over de eigen {act}"),
    "scenario.prose": ("{reporter} about an {act} of {subject}",
                       "{reporter} over een {act} van {subject}"),
    "scenario.act-intended": ("intended act", "voorgenomen handeling"),
    "scenario.act-performed": ("performed act", "uitgevoerde handeling"),
    # ------------------------------------------------------------------ responsibilities
    "resp.still-open": ("still open: {question} ({id})", "nog open: {question} ({id})"),
    "resp.sanction": ("  Sanction {name}: imposed by {roles}   [{sources}]",
                      "  Sanctie {name}: opgelegd door {roles}   [{sources}]"),
    "resp.ambiguity": (("  Choice between readings ({id}): {question} Chosen: {chosen} "
                       "Why: {reason}   [{sources}]"),
                       ("  Keuze tussen lezingen ({id}): {question} Gekozen: {chosen} "
                       "Waarom: {reason}   [{sources}]")),
    # ------------------------------------------------------------------ route
    "route.head": ("What do I do now? {municipality}: {scenario}",
                   "Wat doe ik nu? {municipality}: {scenario}"),
    "route.according": ("  (route according to {sources})", "  (route volgens {sources})"),
    "route.none": ("  No route: this protocol names no first step for this scenario.",
                   "  Geen route: dit protocol wijst voor dit scenario geen eerste stap aan."),
    "route.who": ("   Who: {who}", "   Wie: {who}"),
    "route.rests-on-reading": ("   Rests on a choice between readings: {id}",
                               "   Rust op een keuze tussen lezingen: {id}"),
    "route.deadline": ("   Deadline: {deadline}", "   Termijn: {deadline}"),
    "route.sanctions": ("   Possible sanctions: {sanctions}", "   Mogelijke sancties: {sanctions}"),
    "route.sanction-by": ("{id} (by {roles})", "{id} (door {roles})"),
    "route.end": ("   End of the case.", "   Einde van de zaak."),
    "route.end-handoff": ("   End of the case; it continues outside this protocol.",
                          "   Einde van de zaak; verder buiten dit protocol."),
    "route.admission": (" (admission)", " (erkenning)"),
    "route.other-sanctions": ("Sanctions by others than the steps above:",
                              "Sancties door anderen dan de stappen hierboven:"),
    "route.other-sanction": ("   - {name}: by {roles} [{sources}]",
                             "   - {name}: door {roles} [{sources}]"),
    "route.readings": ("Choice between readings ({id}): {question}",
                       "Keuze tussen lezingen ({id}): {question}"),
    "route.chosen": ("chosen", "gekozen"),
    "route.other-reading": ("other reading", "andere lezing"),
    "route.why": ("   Why {id}: {reason} [{sources}]", "   Waarom {id}: {reason} [{sources}]"),
    # ------------------------------------------------------------------ matrix
    "matrix.title": ("{municipality}: scenarios, first step and who decides",
                     "{municipality}: scenario's, eerste stap en wie beslist"),
    "matrix.reporter": ("reporter", "melder"),
    "matrix.subject": ("subject", "betreft"),
    "matrix.act": ("act", "handeling"),
    "matrix.own": ("own", "eigen"),
    "matrix.attributes": ("attributes", "kenmerken"),
    "matrix.entry": ("first step", "eerste stap"),
    "matrix.first-contact": ("first contact", "eerste aanspreekpunt"),
    "matrix.decides": ("decides on follow-up", "beslist over vervolg"),
    "matrix.status": ("status", "status"),
    "matrix.all": ("all", "alle"),
    "matrix.nobody": ("(nobody)", "(niemand)"),
    "matrix.missing": ("NO ROUTE", "GEEN ROUTE"),
    "matrix.ambiguous": ("AMBIGUOUS", "DUBBELZINNIG"),
    "matrix.counts": (("{rows} scenarios: {ok} with one first step, {missing} without a route, "
                      "{ambiguous} ambiguous"),
                      ("{rows} scenario's: {ok} met één eerste stap, {missing} zonder route, "
                      "{ambiguous} dubbelzinnig")),
    # ------------------------------------------------------------------ simulate, cases
    "sim.weekdays": ("Mon Tue Wed Thu Fri Sat Sun", "ma di wo do vr za zo"),
    "sim.view-unknown": ("For {role}: no case known (this role may not know of it now).",
                         "Voor {role}: geen zaak bekend (deze rol mag er nu niet van weten)."),
    "sim.view-head": ("For {role}: case {case}, opened {date}",
                      "Voor {role}: zaak {case}, geopend {date}"),
    "sim.view-who": ("  reporter: {melder}; subject: {subject}",
                     "  melder: {melder}; betreft: {subject}"),
    "sim.course": ("Course:", "Verloop:"),
    "sim.by": ("{step} by {actor}", "{step} door {actor}"),
    "sim.outcome-on": (": {outcome} on {date}", ": {outcome} op {date}"),
    "sim.open-for-you": ("Open for you: {step} - {title} (who: {who})",
                         "Open voor u: {step} - {title} (wie: {who})"),
    "sim.due-by": (", due {date}", ", uiterlijk {date}"),
    "sim.closed": ("The case is closed.", "De zaak is afgesloten."),
    "sim.head": ("Case {municipality}: {scenario}", "Zaak {municipality}: {scenario}"),
    "sim.opened": ("  opened {date} (route {route}); as of {as_of}",
                   "  geopend {date} (route {route}); stand per {as_of}"),
    "sim.received": ("  received {date} (registered {opened})",
                     "  ontvangen {date} (geregistreerd {opened})"),
    "sim.facts": ("  facts: {facts}", "  feiten: {facts}"),
    "sim.fact-recorded": ("  fact recorded on {date}: {fact} = {value}",
                          "  feit vastgelegd op {date}: {fact} = {value}"),
    "sim.substitution": ("  substitution: {ids}", "  vervanging: {ids}"),
    "sim.withdrawn": ("  [withdrawn by correction {event}]",
                      "  [ingetrokken door correctie {event}]"),
    "sim.ended": ("Closed on {date} in step {step}: {title}",
                  "Afgesloten op {date} in stap {step}: {title}"),
    "sim.open": ("Open: {step} - {title}  [{kind}, {phase}]",
                 "Open: {step} - {title}  [{kind}, {phase}]"),
    "sim.since": ("   Open since: {date}", "   Open sinds: {date}"),
    "sim.due": ("   Due: {date} ({deadline}", "   Uiterlijk: {date} ({deadline}"),
    "sim.runs-from": ("; runs from {date} ({rule})", "; loopt vanaf {date} ({rule})"),
    "sim.runs.ontvangst": ("receipt of the report", "ontvangst van de melding"),
    "sim.runs.case": ("registration of the case", "registratie van de zaak"),
    "sim.runs.after": ("completion of step {step}", "afronding van stap {step}"),
    "sim.overdue": (" - OVERDUE", " - TE LAAT"),
    "cases.store": ("store {store}: {count} case(s)", "opslag {store}: {count} zaak/zaken"),
    "cases.row": ("{id}  {municipality}  {status}  version {version}  open: {steps}  due: {due}",
                  ("{id}  {municipality}  {status}  versie {version}  open: {steps}  "
                  "uiterlijk: {due}")),
    "cases.fact": ("fact {fact} = {value}", "feit {fact} = {value}"),
    "cases.migration": ("  -  {date} to version {version} ({ruleset})",
                        "  -  {date} naar versie {version} ({ruleset})"),
    "cases.changed": ("; changed: {changes}", "; gewijzigd: {changes}"),
    "cases.overdue": ("  OVERDUE", "  TE LAAT"),
    "cases.none": ("no cases", "geen zaken"),
    "cases.correction": ("correction of {event}", "correctie van {event}"),
    "cases.by": (" by {who}", " door {who}"),
    "cases.at": (" at {when}", " om {when}"),
    "cases.head": ("Case {id} (version {version})", "Zaak {id} (versie {version})"),
    "cases.log": ("Log:", "Logboek:"),
}


def text(key: str, lang: str = "en", /, **args: Any) -> str:
    """The text ``key`` in ``lang`` (``nl`` or ``en``) with its arguments filled in."""
    en, nl = TEXTS[key]
    return (nl if lang == "nl" else en).format(**args)
