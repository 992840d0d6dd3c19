"""Findings: what protocolkit tells a person about a protocol file.

A :class:`Finding` has a stable slug ``code``, a ``severity``, a one-line ``message`` a
griffier understands, a ``location`` (file, line, column; 1-based) and an optional
``hint`` ("did you mean `cvdk`?"). Checks that prove a finding with a path through the
protocol add a ``witness``. Every code protocolkit can emit is registered in
:data:`CODES` and documented in ``docs/diagnostics.md``.

>>> f = Finding("unknown-role", Severity.error, "step 'x' names role 'cvdkk'",
...             Location("a.yaml", 3, 10), hint="did you mean `cvdk`?")
>>> print(f.render())
a.yaml:3:10: error[unknown-role]: step 'x' names role 'cvdkk' (did you mean `cvdk`?)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any, NamedTuple

from protocolkit.format import escape
from protocolkit.format.texts import TEXTS
from protocolkit.format.vocabulary import dutch_article, scenario_text


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


@dataclass(frozen=True)
class Location:
    """Where a finding is: a file and a 1-based line and column (both may be unknown)."""

    path: str | None = None
    line: int | None = None
    column: int | None = None

    def render(self) -> str:
        parts = [self.path or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column}


#: The languages every message exists in; Dutch first (the stuurgroep's language).
LANGS: tuple[str, ...] = ("nl", "en")


@dataclass(frozen=True)
class Msg:
    """A message as data: a template id in :data:`MESSAGES` and its arguments, so that
    one finding can be written in every language of :data:`LANGS`.

    Arguments are text, numbers, other :class:`Msg` values (words that differ per
    language) or lists of those (joined with commas).

    >>> Msg.of("unknown-step", what=Msg.of("w.step", step="a"), value="b").render("nl")
    "stap 'a' leidt naar de stap 'b', die nergens is vastgelegd"
    """

    id: str
    args: tuple[tuple[str, Any], ...] = ()

    @staticmethod
    def of(message_id: str, /, **args: Any) -> Msg:
        return Msg(message_id, tuple(args.items()))

    def __str__(self) -> str:
        """The English text, so that a message put into an f-string reads as text."""
        return self.render("en")

    def render(self, lang: str = "en") -> str:
        en, nl = MESSAGES[self.id]
        template = nl if lang == "nl" else en
        return template.format(**{k: _arg(v, lang) for k, v in self.args})

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "args": {k: _arg_dict(v) for k, v in self.args}}

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Msg:
        return Msg(str(data["id"]), tuple((k, _arg_from(v)) for k, v in data["args"].items()))


class TextError(ValueError):
    """A mistake in what a caller gave (a scenario's role, an attribute), its message in
    every language: ``str(error)`` is English, :meth:`render` writes either. Several
    messages are joined with ``; ``; ``hint_text`` (a did-you-mean) follows them.

    >>> error = TextError(Msg.of("arg.not-name-value", item="x"))
    >>> str(error), error.render("nl")
    ("'x' is not of the form name=value", "'x' heeft niet de vorm naam=waarde")
    """

    def __init__(self, *messages: Msg, hint: Msg | None = None) -> None:
        self.messages = messages
        #: What the caller probably meant (:func:`did_you_mean`), else ``None``.
        self.hint_text = hint
        super().__init__(self.render("en"))

    def render(self, lang: str | None = None) -> str:
        """The message in ``lang`` (``None``: :func:`protocolkit.format.texts.resolve_lang`),
        the hint after it."""
        from protocolkit.format.texts import resolve_lang

        chosen = resolve_lang(lang)
        hint = () if self.hint_text is None else (self.hint_text,)
        return "; ".join(m.render(chosen) for m in (*self.messages, *hint))

    @property
    def text(self) -> Msg:
        """The messages as one (:func:`joined`), for a caller that shows it in any language."""
        return joined(self.messages)


def joined(messages: Iterable[Msg]) -> Msg:
    """Several messages as one, joined with ``; `` (as :class:`TextError` writes them).

    >>> joined([Msg.of("arg.not-name-value", item="x"), Msg.of("arg.not-name-value", item="y")]).render("en")
    "'x' is not of the form name=value; 'y' is not of the form name=value"
    """
    first, *rest = messages
    for message in rest:
        first = Msg.of("common.then", first=first, then=message)
    return first


def the_role(role: str | Msg, article_of: str | None = None) -> Msg:
    """A role named with its definite article: "the raadslid" in English, "het
    raadslid" or "de burgemeester" in Dutch (:func:`~protocolkit.format.vocabulary.dutch_article`).
    ``role`` may be a message naming it (``analysis.base.who``); ``article_of`` is then
    the role id whose article it takes.

    >>> the_role("raadslid").render("nl"), the_role("raadslid").render("en")
    ('het raadslid', 'the raadslid')
    """
    article = Msg.of("w.both", en="the", nl=dutch_article(article_of or str(role)))
    return Msg.of("w.the-role", role=role, article=article)


def _arg(value: Any, lang: str) -> Any:
    if isinstance(value, Msg):
        return value.render(lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(_arg(v, lang)) for v in value)
    return value


def _arg_dict(value: Any) -> Any:
    if isinstance(value, Msg):
        return {"msg": value.to_dict()}
    if isinstance(value, (list, tuple)):
        return [_arg_dict(v) for v in value]
    return value


def _arg_from(value: Any) -> Any:
    if isinstance(value, dict) and "msg" in value:
        return Msg.from_dict(value["msg"])
    if isinstance(value, list):
        return [_arg_from(v) for v in value]
    return value


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    location: Location = field(default_factory=Location)
    hint: str | None = None
    witness: dict[str, Any] | None = None
    #: The message and hint as data, for every language (``message``/``hint`` are English).
    text: Msg | None = None
    hint_text: Msg | None = None
    #: ``(id, reason)`` of the protocol's acknowledgement that accepted this finding.
    acknowledgement: tuple[str, str] | None = None
    #: Every scenario the finding holds for (route-graph checks, fresh from the checks;
    #: not kept in JSON or the cache, where ``witness`` names the first and the count).
    holds_for: frozenset[Any] = field(default=frozenset(), compare=False, repr=False)

    def holds_in(self, scenario: Any) -> bool:
        """Whether the finding holds in this scenario (a completed
        :class:`~protocolkit.semantics.Scenario`); a finding about the file as a whole,
        without scenarios, holds in none."""
        if self.holds_for:
            return scenario in self.holds_for
        first = (self.witness or {}).get("scenario")
        to_dict = getattr(scenario, "to_dict", None)
        return first is not None and to_dict is not None and first == to_dict()

    def render(self, lang: str = "en") -> str:
        text = (f"{self.location.render()}: {severity_word(self.severity, lang)}[{self.code}]: "
                f"{self.describe(lang)}")
        hint = self.hint_in(lang)
        if hint:
            text += f" ({hint})"
        # One line, whatever the file says: a newline or escape sequence in a quoted
        # value cannot print a line of its own or reach the terminal.
        return escape.terminal(text)

    def describe(self, lang: str = "en", reason: bool = True) -> str:
        """The message in ``lang``: what is wrong, in how many scenarios, and (when the
        protocol accepts it) which acknowledgement, with its ``reason`` unless asked not to."""
        if self.text is None:
            return self.message
        text = self.text.render(lang)
        witness = self.witness or {}
        if witness.get("scenario"):
            label = scenario_text(witness["scenario"], prose=lang == "nl", lang=lang)
            count = int(witness.get("scenarios") or 1)
            text += counted("w.in-scenario", count, label=label).render(lang)
        if self.acknowledgement is not None:
            ack, why = self.acknowledgement
            text += Msg.of("w.acknowledged", id=ack).render(lang)
            if reason:
                text += f": {why}"
        return text

    def hint_in(self, lang: str = "en") -> str | None:
        if self.hint_text is not None:
            return self.hint_text.render(lang)
        return self.hint

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message if lang == "en" else self.describe(lang),
            "location": self.location.to_dict(),
            "hint": self.hint if lang == "en" else self.hint_in(lang),
        }
        if self.witness is not None:
            data["witness"] = self.witness
        if self.text is not None:
            data["text"] = self.text.to_dict()
        if self.hint_text is not None:
            data["hint_text"] = self.hint_text.to_dict()
        if self.acknowledgement is not None:
            data["acknowledgement"] = {"id": self.acknowledgement[0],
                                       "reason": self.acknowledgement[1]}
        return data

    def with_severity(self, severity: Severity, note: str | None = None) -> Finding:
        message = self.message if note is None else f"{self.message} — {note}"
        return replace(self, severity=severity, message=message)


#: A finding's severity in the text outputs. A finding of severity ``info`` is one the
#: protocol acknowledges (its ``acknowledged:`` list; analysis.base lowers it), so it is
#: "acknowledged" in English, as its line ("— acknowledged (id)"), validate's count and
#: the report say it, and "aanvaard" in Dutch; only JSON (``"info"``) and SARIF
#: (``"note"``) keep their formats' words (docs/diagnostics.md#severities).
_SEVERITY_WORDS = {"nl": {"error": "fout", "warning": "waarschuwing", "info": "aanvaard"},
                   "en": {"error": "error", "warning": "warning", "info": "acknowledged"}}


def severity_word(severity: Severity, lang: str = "en") -> str:
    """``error``/``fout``, ``warning``/``waarschuwing``, ``acknowledged``/``aanvaard``."""
    return _SEVERITY_WORDS["nl" if lang == "nl" else "en"][severity.value]


class CodeInfo(NamedTuple):
    """What a finding code means, in English (``summary``) and in Dutch (``title_nl``,
    ``summary_nl``: what it means for the municipality), with its default severity."""

    severity: Severity
    stage: str
    summary: str
    title_nl: str
    summary_nl: str


def _c(severity: str, stage: str, summary: str, title_nl: str, summary_nl: str) -> CodeInfo:
    return CodeInfo(Severity(severity), stage, summary, title_nl, summary_nl)


#: Every finding code: its default severity, the stage that emits it, what it means in
#: English, and its Dutch title and explanation (the report and ``--lang nl`` use these).
CODES: dict[str, CodeInfo] = {
    # reading the file
    "file-not-found": _c("error", "read", "the file does not exist",
                         "Bestand niet gevonden", "Het bestand bestaat niet."),
    "file-unreadable": _c("error", "read", "the file exists but cannot be read (permissions, a device, an I/O error)",
                          "Bestand niet leesbaar", "Het bestand bestaat, maar kan niet worden gelezen (rechten, een apparaat, een leesfout)."),
    "file-too-large": _c("error", "read", "the file exceeds the size limit for a protocol",
                         "Bestand te groot", "Het bestand is veel groter dan een protocol kan zijn."),
    "binary-file": _c("error", "read", "the file is not text (NUL bytes or invalid UTF-8)",
                      "Geen tekstbestand", "Het bestand is geen UTF-8-tekst (bijvoorbeeld een Word- of PDF-bestand)."),
    "empty-file": _c("error", "read", "the file holds no YAML document",
                     "Leeg bestand", "Het bestand bevat geen protocol."),
    # YAML
    "yaml-syntax": _c("error", "yaml", "the text is not valid YAML",
                      "Opmaakfout", "De tekst is geen geldige YAML: een haakje, dubbele punt of inspringing klopt niet."),
    "tab-indentation": _c("error", "yaml", "a tab is used for indentation, YAML needs spaces",
                          "Tab in de inspringing", "YAML kent alleen spaties als inspringing."),
    "duplicate-key": _c("error", "yaml", "a key appears twice in one mapping",
                        "Dubbel gegeven", "Hetzelfde veld staat twee keer in één blok; onduidelijk welke geldt."),
    "yaml-tag": _c("error", "yaml", "an explicit YAML tag (!!python/..., !custom) is not allowed",
                   "Niet toegestane code", "Het bestand bevat een YAML-tag; een protocol is data, geen code."),
    "alias-bomb": _c("error", "yaml", "anchors and aliases expand beyond the allowed size",
                     "Verwijzingen lopen uit de hand", "Herhalingen via ankers en verwijzingen worden onredelijk groot."),
    "too-deeply-nested": _c("error", "yaml", "the document nests deeper than allowed",
                            "Te diep genest", "Het bestand is dieper genest dan een protocol ooit nodig heeft."),
    "multiple-documents": _c("error", "yaml", "the file holds more than one YAML document",
                             "Meerdere documenten", "Het bestand bevat meer dan één protocol."),
    "root-not-mapping": _c("error", "yaml", "the document is not a mapping of keys",
                           "Geen protocol", "Het bestand begint niet met de velden van een protocol."),
    "non-string-key": _c("error", "yaml", "a mapping key is not a plain string",
                         "Ongeldige veldnaam", "Een veldnaam is geen gewoon woord."),
    "merge-key": _c("error", "yaml", "a YAML merge key (<<), which protocol files do not support",
                    "Samenvoegsleutel niet toegestaan", "Het bestand gebruikt een YAML-samenvoegsleutel (<<); schrijf de velden voluit, zodat iedereen elke waarde ziet."),
    "hidden-character": _c("error", "yaml", "a character a reviewer cannot see: a line break only YAML sees, a bidi control or zero-width character outside a quoted string, or a control character in a value",
                           "Onzichtbaar teken", "Het bestand bevat een teken dat een lezer niet ziet: een regeleinde dat alleen YAML ziet, een teken dat de leesrichting omdraait, een teken zonder breedte of een stuurteken. Wat de computer leest is dan niet wat de stuurgroep leest."),
    # schema
    "unknown-field": _c("error", "schema", "a key the format does not know (often a typo)",
                        "Onbekend veld", "Een veld dat het formaat niet kent, vaak een tikfout."),
    "missing-field": _c("error", "schema", "a required key is missing",
                        "Ontbrekend veld", "Een verplicht veld ontbreekt."),
    "invalid-value": _c("error", "schema", "a value has the wrong type or is not allowed",
                        "Ongeldige waarde", "Een waarde heeft de verkeerde vorm of is niet toegestaan."),
    # references and citations
    "duplicate-id": _c("error", "references", "two elements of one kind share an id, or a role's list names one role twice",
                       "Dubbele naam", "Twee onderdelen van dezelfde soort hebben dezelfde id, of een rol noemt in één lijst dezelfde rol twee keer."),
    "unknown-role": _c("error", "references", "a role id that no role declares",
                       "Onbekende rol", "Er wordt verwezen naar een rol die het protocol niet kent."),
    "optional-member-not-member": _c("error", "references", "an optional member of a body that is not among its members",
                                     "Lid desgewenst, maar geen lid", "Een lid dat een orgaan alleen desgewenst heeft, staat niet onder de leden van dat orgaan."),
    "body-field-not-body": _c("error", "references", "optional_members, seat_per or composition_source on a role that is not a body",
                              "Samenstelling bij een rol die geen orgaan is", "Een rol die geen orgaan is, heeft leden desgewenst, leden per houder van een andere rol of een bron voor zijn samenstelling; alleen een orgaan heeft een samenstelling."),
    "any-of-misplaced": _c("error", "references", "'any_of' on a party that is not an actor, or on fewer than two different roles",
                           "En/of misplaatst", "'any_of' (de een en/of de ander) staat niet bij een actor of noemt minder dan twee verschillende rollen."),
    "unknown-step": _c("error", "references", "a step id that no step declares",
                       "Onbekende stap", "Er wordt verwezen naar een stap die niet bestaat."),
    "unknown-phase": _c("error", "references", "a phase id that no phase declares",
                        "Onbekende fase", "Een stap staat in een fase die niet bestaat."),
    "unknown-sanction": _c("error", "references", "a sanction id that no sanction declares",
                           "Onbekende sanctie", "Een stap biedt een sanctie die het protocol niet kent."),
    "unknown-fact": _c("error", "references", "a fact condition names a fact of the case that no fact declares",
                       "Onbekend feit", "Een voorwaarde noemt een feit van de zaak dat het protocol niet declareert."),
    "unknown-section": _c("error", "references", "a citation of a section the file does not declare",
                          "Onbekende bronverwijzing", "Een verwijzing naar een artikel of paragraaf die niet is vastgelegd."),
    "unknown-document": _c("error", "references", "a section names a source document not in metadata",
                           "Onbekend brondocument", "Een paragraaf verwijst naar een document dat niet is opgenomen."),
    "unknown-attribute": _c("error", "references", "a guard names an attribute the scenario space lacks",
                            "Onbekend kenmerk", "Een voorwaarde gebruikt een kenmerk van de casus dat niet bestaat."),
    "unknown-value": _c("error", "references", "a guard value outside the attribute's declared domain",
                        "Onmogelijke voorwaarde", "Een voorwaarde noemt een waarde die nooit voorkomt; zij geldt dus nooit."),
    "uncited-section": _c("warning", "references", "a declared section that no element cites",
                          "Tekstdeel niet verwerkt", "Geen onderdeel van het protocolbestand verwijst naar dit deel van de tekst."),
    "look-alike-id": _c("warning", "references", "a section id spelled with look-alike letters of another script",
                        "Bijna gelijke naam", "Een artikelnummer is gespeld met letters uit een ander schrift die op gewone letters lijken; een verwijzing ernaar lijkt naar het echte artikel te wijzen."),
    "substitution-cycle": _c("error", "references", "substitutions replace roles in a circle",
                             "Vervanging in een kringetje", "Rollen vervangen elkaar in een kring, zodat niemand overblijft om te handelen."),
    "open-point": _c("warning", "references", "a point the concept leaves open for decision",
                     "Open punt", "Een punt dat de stuurgroep nog moet beslissen voordat de raad het protocol vaststelt."),
    "empty-scenario-space": _c("error", "references", "the scenario space holds no scenario",
                               "Geen situaties", "Het protocol beschrijft geen enkele situatie."),
    "scenario-space-too-large": _c("error", "references", "the scenario space has more combinations than can be checked",
                                   "Te veel situaties", "Het protocol beschrijft zoveel combinaties van situaties dat ze niet allemaal te controleren zijn."),
    "unknown-open-point": _c("error", "references", "an 'open:' marker names no declared open point",
                             "Onbekend open punt", "Een onderdeel is gemarkeerd als 'nog open' onder een open punt dat het bestand niet kent."),
    "unknown-element": _c("error", "references", "an 'affects' list names no element of the file",
                          "Onbekend onderdeel", "Een open punt of een notitie over twee lezingen noemt een onderdeel dat het bestand niet kent."),
    "open-point-governs-nothing": _c("warning", "references", "an open point that no element is marked with or listed under",
                                     "Open punt zonder gevolg", "Een open punt waarbij geen enkel onderdeel als 'nog open' is gemarkeerd: geen antwoord laat zien dat het nog open is."),
    "exclusion-reading-not-chosen": _c("warning", "references", "a scenarios.exclude entry follows a reading its ambiguity note does not choose: it excludes nothing",
                                       "Uitsluiting volgt een niet-gekozen lezing", "Het protocol sluit een situatie uit op grond van een lezing van de tekst, maar de notitie over die lezingen kiest een andere: de uitsluiting geldt dan niet."),
    "exclude-without-reason": _c("warning", "references", "a scenarios.exclude entry without a reason (where the text sends such a case, and why)",
                                 "Uitsluiting zonder reden", "Het protocol sluit een situatie uit zonder te zeggen waarom of waar zo'n zaak dan heen gaat: wie erom vraagt, krijgt alleen 'uitgesloten' te horen."),
    # route-graph checks (protocolkit.analysis; one page each in docs/checks/)
    "missing-route": _c("error", "analysis", "a scenario that no entry route serves",
                        "Geen route", "Voor deze situatie zegt het protocol niet waar iemand moet beginnen."),
    "ambiguous-route": _c("error", "analysis", "two entry routes hold for one scenario and lead different ways",
                          "Twee routes", "Voor deze situatie wijst het protocol twee verschillende routes aan."),
    "no-actor": _c("error", "analysis", "a step names nobody to act in some scenario",
                   "Niemand aan zet", "In deze stap is voor sommige situaties niemand aangewezen."),
    "dead-end": _c("error", "analysis", "a step that is not an end has no way on in some scenario",
                   "Doodlopende stap", "Na deze stap zegt het protocol niet hoe het verder gaat, terwijl de zaak niet is afgerond."),
    "no-termination": _c("error", "analysis", "steps that go round without any way to an end",
                         "Geen einde", "Vanaf deze stappen kan een zaak nooit worden afgerond."),
    "join-never-completes": _c("error", "analysis", "a join waits for a track that can never arrive",
                               "Samenkomst die nooit compleet wordt", "Een stap wacht op sporen die samenkomen, maar een van die sporen kan er nooit aankomen: de zaak blijft staan."),
    "track-misses-join": _c("warning", "analysis", "a track a join waits for can go a way that never reaches the join",
                            "Spoor mist de samenkomst", "Een spoor waarop een stap wacht, kan een kant op gaan die nooit bij die stap uitkomt: dan blijft de zaak daar wachten."),
    "unreachable-step": _c("warning", "analysis", "a step that no scenario reaches",
                           "Stap wordt nooit bereikt", "Geen enkele situatie leidt naar deze stap."),
    "conflict-of-interest": _c("error", "analysis", "a role acts in a case about itself, someone it depends on, or a body it belongs to",
                               "Belangenverstrengeling", "Iemand beslist, adviseert, onderzoekt of oordeelt over een zaak over zichzelf, over iemand van wie hij afhankelijk is, of over een orgaan waarvan hij deel uitmaakt."),
    "forbidden-role-action": _c("error", "analysis", "a role acts against its declared restriction (never)",
                                "Rol buiten haar boekje", "Een rol doet iets wat het protocol haar uitdrukkelijk verbiedt (een stuurgroep die onderzoekt of oordeelt)."),
    "no-hearing-before-sanction": _c("error", "analysis", "a path to a sanction without hearing the subject or an admission",
                                     "Sanctie zonder hoor en wederhoor", "Een zaak kan tot een sanctie leiden zonder dat de betrokkene is gehoord of zelf heeft erkend."),
    "investigation-without-preliminary": _c("error", "analysis", "a path into an onderzoek that skips the vooronderzoek",
                                            "Onderzoek zonder vooronderzoek", "Een zaak kan in een integriteitsonderzoek komen zonder vooronderzoek (eerste screening)."),
    "sanction-not-applicable": _c("error", "analysis", "a sanction offered to a subject it does not apply to, or imposed by a role not empowered",
                                  "Sanctie niet van toepassing", "Een sanctie wordt aangeboden voor iemand op wie zij niet van toepassing is, of opgelegd door wie daartoe niet bevoegd is."),
    "publicity-before-judgment": _c("error", "analysis", "the press or public is told before the communication rules allow",
                                    "Te vroeg naar buiten", "De pers of het publiek wordt geïnformeerd vóór het moment dat het protocol zelf noemt."),
    "incomplete-coverage": _c("warning", "analysis", "an element the handreiking asks for (melding, onderzoek, aangifte, registratie, nazorg) is not covered",
                              "Onderdeel ontbreekt", "De handreiking voor burgemeesters vraagt dat een protocol melding, onderzoek, aangifte, registratie en nazorg regelt; dit onderdeel ontbreekt."),
    "unmatched-acknowledgement": _c("warning", "analysis", "an acknowledgement that matches no finding",
                                    "Aanvaarding zonder bevinding", "Het protocol aanvaardt een bevinding die niet (meer) voorkomt."),
    "disclosure-before-allowed": _c("error", "analysis", "a step tells a role something (that a case exists, whom it concerns, who reported it) before the disclosure rules allow it",
                                    "Te vroeg ingelicht", "Een stap vertelt iemand iets (dat er een zaak is, over wie, wie meldde) voordat de afspraken over wie wat mag weten dat toestaan."),
    # running a case (protocolkit.engine; protocolkit simulate)
    "scenario-not-covered": _c("error", "case", "the protocol excludes the scenario, or it cannot happen, or no route serves it",
                               "Situatie niet gedekt", "Het protocol sluit deze situatie uit, ze kan niet voorkomen, of geen route dekt haar; de melding zegt waar de tekst haar heen stuurt."),
    "event-refused": _c("error", "case", "an event the protocol does not allow at that point of the case",
                        "Stap niet toegestaan", "Deze gebeurtenis past niet bij waar de zaak staat."),
    "invalid-case-input": _c("error", "case", "a scenario attribute or case fact the protocol does not declare, a value outside its domain, a required attribute left out, or received after opened",
                             "Ongeldige zaakgegevens", "Een kenmerk of feit van de zaak dat het protocol niet kent, een waarde die niet mag, een verplicht kenmerk dat ontbreekt, of een ontvangstdatum na de opening."),
}


#: The groups of a protocol file (its YAML keys), singular and plural in both languages;
#: messages name them as ``g1.<key>`` (singular) and ``g.<key>`` (plural).
_GROUPS: tuple[tuple[str, str, str, str, str], ...] = (
    ("roles", "role", "rol", "roles", "rollen"),
    ("phases", "phase", "fase", "phases", "fasen"),
    ("steps", "step", "stap", "steps", "stappen"),
    ("entry_routes", "entry route", "ingangsroute", "entry routes", "ingangsroutes"),
    ("substitutions", "substitution", "vervanging", "substitutions", "vervangingen"),
    ("sanctions", "sanction", "sanctie", "sanctions", "sancties"),
    ("communication", "communication rule", "communicatieregel", "communication rules",
     "communicatieregels"),
    ("principles", "principle", "principe", "principles", "principes"),
    ("open_points", "open point", "open punt", "open points", "open punten"),
    ("acknowledged", "acknowledgement", "aanvaarding", "acknowledgements", "aanvaardingen"),
    ("sections", "section", "paragraaf", "sections", "paragrafen"),
    ("outcomes", "outcome", "uitkomst", "outcomes", "uitkomsten"),
    ("actor", "actor alternative", "uitvoerder", "actor alternatives", "uitvoerders"),
    ("next", "next alternative", "vervolg", "next alternatives", "vervolgen"),
    ("sources", "source document", "brondocument", "source documents", "brondocumenten"),
    ("events", "event", "gebeurtenis", "events", "gebeurtenissen"),
    ("expect", "expectation", "verwachting", "expectations", "verwachtingen"),
    ("tests", "test", "test", "tests", "tests"),
)


#: Every message a finding can carry, as ``id: (English, Dutch)`` format templates.
#: Ids that start with ``w.`` are words and phrases used inside other messages;
#: ``hint.`` ids are hints. A test checks that both languages name the same arguments.
MESSAGES: dict[str, tuple[str, str]] = {
    # words and phrases
    "w.both": ("{en}", "{nl}"),
    "w.text": ("{text}", "{text}"),
    "w.empty": ("", ""),
    "w.in-scenario": (" (scenario: {label})", " (situatie: {label})"),
    "w.in-scenarios": (" (in {count} scenarios, the first: {label})",
                       " (in {count} situaties, de eerste: {label})"),
    "w.acknowledged": (" — acknowledged ({id})", " — aanvaard ({id})"),
    "w.step": ("step '{step}'", "stap '{step}'"),
    "w.step-field": ("step '{step}' ({field})", "stap '{step}', veld '{field}'"),
    "w.role-field": ("role '{role}' ({field})", "rol '{role}', veld '{field}'"),
    "w.space-field": ("the scenario space ({field})", "de situaties, veld '{field}'"),
    "w.sanction-field": ("sanction '{id}' ({field})", "sanctie '{id}', veld '{field}'"),
    "w.communication": ("communication rule '{id}'", "communicatieregel '{id}'"),
    "w.substitution": ("substitution '{id}'", "vervanging '{id}'"),
    "w.acknowledgement": ("acknowledgement '{id}'", "aanvaarding '{id}'"),
    "w.entry-route": ("entry route '{id}'", "ingangsroute '{id}'"),
    "w.outcome": ("outcome '{outcome}' of step '{step}'", "uitkomst '{outcome}' van stap '{step}'"),
    "w.deadline": ("the deadline of step '{step}'", "de termijn van stap '{step}'"),
    "w.outcome-track": ("outcome '{outcome}' of step '{step}' (track)",
                        "uitkomst '{outcome}' van stap '{step}' (spoor)"),
    "w.silence": ("silence '{id}'", "zwijgplicht '{id}'"),
    "w.fact-event": ("fact {fact}", "feit {fact}"),
    "w.join": ("the join of step '{step}'", "de samenkomst bij stap '{step}'"),
    "w.in-place-of": ("{role} (in place of {named})", "{role} (in plaats van {named})"),
    "w.itself-body": ("itself", "zichzelf"),
    "w.itself-person": ("himself or herself", "zichzelf"),
    "w.kind-unreached": (" (a step of that kind exists but no route reaches it)",
                         " (er is een stap van die soort, maar geen route komt er)"),
    "w.the-role": ("{article} {role}", "{article} {role}"),
    "w.own-act": ("own act of {reporter}", "eigen handeling van {reporter}"),
    "w.case": ("{reporter} -> {subject}", "{reporter} -> {subject}"),
    "w.more": ("and {count} more findings of this kind, not listed one by one{lines}",
               "en nog {count} bevindingen van deze soort, niet één voor één genoemd{lines}"),
    "w.more-lines": (" (lines {shown})", " (regels {shown})"),
    **{f"g1.{key}": (en, nl) for key, en, nl, _, _ in _GROUPS},
    **{f"g.{key}": (en, nl) for key, _, _, en, nl in _GROUPS},
    # validate's own lines
    # {errors}, {warnings}: counted nouns (:func:`counted`), "1 fout", "16 waarschuwingen"
    "v.checked": ("{files} checked: {errors}, {warnings}, {notes} acknowledged",
                  "{files} gecontroleerd: {errors}, {warnings}, {notes} aanvaard"),
    # a number and a noun, singular for one (:func:`counted`)
    "n.error": ("{count} error", "{count} fout"),
    "n.errors": ("{count} errors", "{count} fouten"),
    "n.warning": ("{count} warning", "{count} waarschuwing"),
    "n.warnings": ("{count} warnings", "{count} waarschuwingen"),
    "n.open-point": ("{count} open point", "{count} open punt"),
    "n.open-points": ("{count} open points", "{count} open punten"),
    "n.acknowledged-finding": ("{count} acknowledged finding", "{count} aanvaarde bevinding"),
    "n.acknowledged-findings": ("{count} acknowledged findings",
                                "{count} aanvaarde bevindingen"),
    "n.route": ("{count} route", "{count} route"),
    "n.routes": ("{count} routes", "{count} routes"),
    "n.file": ("{count} file", "{count} bestand"),
    "n.files": ("{count} files", "{count} bestanden"),
    "n.case": ("{count} case", "{count} zaak"),
    "n.cases": ("{count} cases", "{count} zaken"),
    "n.scenario": ("{count} scenario", "{count} situatie"),
    "n.scenarios": ("{count} scenarios", "{count} situaties"),
    "n.migration": ("{count} migration", "{count} migratie"),
    "n.migrations": ("{count} migrations", "{count} migraties"),
    "v.verbose": ("(shortened: --verbose shows every scenario, path, reason and hint)",
                  "(ingekort: --verbose toont elke situatie, route, reden en tip)"),
    "v.count": (" (in {scenarios})", " (in {scenarios})"),
    "v.clean": ("no findings", "geen bevindingen"),
    "v.not-checked": ("the route checks were not run: fix the errors above first",
                      "de routecontroles zijn niet uitgevoerd: los eerst de fouten hierboven op"),
    "v.relations": ("relations: ", "relaties: "),
    "v.same-witness-line": ("scenario and route: the same as at line {line} above",
                            "situatie en route: zelfde als bij regel {line} hierboven"),
    "v.same-witness": ("scenario and route: the same as above",
                       "situatie en route: zelfde als hierboven"),
    "v.before": ("… {count} earlier step of the shortest path",
                 "… {count} eerdere stap van de kortste route"),
    "v.befores": ("… {count} earlier steps of the shortest path",
                  "… {count} eerdere stappen van de kortste route"),
    # scenario-test results (protocolkit test)
    "t.pass": ("PASS", "GESLAAGD"),
    "t.fail": ("FAIL", "MISLUKT"),
    "t.cannot-run": ("cannot run: {error}", "kan niet worden uitgevoerd: {error}"),
    "t.totals": ("{passed} passed, {failed} failed", "{passed} geslaagd, {failed} mislukt"),
    "t.mismatch": ("{key}: expected {expected}, got {actual}",
                   "{key}: verwacht {expected}, het protocol geeft {actual}"),
    "t.finding-present": (("findings.present: validate must report '{code}' but does not "
                          "(it reports: {codes})"),
                          ("findings.present: validate moet '{code}' melden, maar doet dat niet "
                          "(gemeld: {codes})")),
    "t.finding-absent": (("findings.absent: validate must not report '{code}' but does "
                         "(it reports: {codes})"),
                         ("findings.absent: validate mag '{code}' niet melden, maar doet dat wel "
                         "(gemeld: {codes})")),
    "t.nothing": ("nothing", "niets"),
    "t.step-not-open": ("(step not open)", "(stap niet open)"),
    "t.yes": ("yes", "ja"),
    "t.no": ("no", "nee"),
    # actions (what a role does in a step)
    "act.advises": ("advises on", "adviseert over"),
    "act.decides": ("decides on", "beslist over"),
    "act.orders": ("orders the investigation of", "geeft opdracht tot onderzoek van"),
    "act.investigates": ("investigates", "onderzoekt"),
    "act.judges": ("judges", "oordeelt over"),
    "act.sanctions": ("imposes a sanction in", "legt een sanctie op in"),
    # reading the file
    "file-not-found": ("cannot read the {fmt}: {error}", "het {fmt} is niet te lezen: {error}"),
    "file-too-large": ("the input is larger than {mb} MiB; a {fmt} is far smaller",
                       "het bestand is groter dan {mb} MiB; een {fmt} is veel kleiner"),
    "binary-file.nul": ("the file is not text (it holds NUL bytes)",
                        "het bestand is geen tekst (het bevat NUL-tekens)"),
    "binary-file.utf8": ("the file is not UTF-8 text", "het bestand is geen UTF-8-tekst"),
    "empty-file": ("the file holds no {what}", "het bestand bevat geen {what}"),
    "hint.right-file": ("is this the right file?", "is dit het goede bestand?"),
    "hint.save-utf8": ("save the file as UTF-8", "sla het bestand op als UTF-8"),
    # YAML
    "yaml-syntax": ("the YAML cannot be read: {problem}", "de YAML is niet te lezen: {problem}"),
    "yaml-syntax.node": ("unsupported YAML node", "een YAML-onderdeel dat niet wordt ondersteund"),
    "hint.unclosed-quote": (("close the value with a {char} at the end of line {line}; a "
                            "quoted value runs on until the next {char}"),
                            ("sluit de waarde af met een {char} aan het eind van regel {line}; "
                            "een waarde tussen aanhalingstekens loopt door tot de volgende "
                            "{char}")),
    "hint.unclosed": ("the '{char}' that is not closed starts on line {line}, column {column}",
                      "de '{char}' die niet wordt gesloten staat op regel {line}, kolom {column}"),
    "tab-indentation": ("a tab character is used where YAML needs spaces",
                        "er staat een tab waar YAML spaties nodig heeft"),
    "hint.tab": ("indent with spaces only; replace the tab on this line",
                 "spring alleen met spaties in; vervang de tab op deze regel"),
    "duplicate-key": ("the key '{key}' appears twice in this mapping",
                      "het veld '{key}' staat twee keer in dit blok"),
    "hint.duplicate-key": ("it was first given on line {line}; keep one of the two",
                           "het staat al op regel {line}; houd er één over"),
    "yaml-tag": ("the YAML tag '{tag}' is not allowed in a protocol file",
                 "de YAML-tag '{tag}' is niet toegestaan in een protocolbestand"),
    "hint.yaml-tag": ("protocol files are plain data: remove the tag",
                      "een protocolbestand is gewone data: haal de tag weg"),
    "alias-bomb": ("the anchors and aliases in this file expand to far more content than it holds",
                   "de ankers en verwijzingen in dit bestand worden veel groter dan het bestand zelf"),
    "hint.alias-bomb": ("write the repeated parts out, or use fewer nested aliases",
                        "schrijf de herhaalde delen uit, of gebruik minder geneste verwijzingen"),
    "too-deeply-nested": ("the document nests deeper than {max} levels",
                          "het document is dieper genest dan {max} niveaus"),
    "too-deeply-nested.read": ("the document nests too deeply to read",
                               "het document is te diep genest om te lezen"),
    "multiple-documents": ("the file holds more than one YAML document (---)",
                           "het bestand bevat meer dan één YAML-document (---)"),
    "hint.one-per-file": ("keep one protocol per file", "houd één protocol per bestand"),
    "root-not-mapping": ("a {fmt} is a mapping of keys ({keys}), but this document is a {type}",
                         "een {fmt} is een blok met velden ({keys}), maar dit document is een {type}"),
    "merge-key": ("merge keys (<<) are not supported in a protocol file",
                  "samenvoegsleutels (<<) zijn in een protocolbestand niet toegestaan"),
    "hint.merge-key": ("write the keys out in full; a reviewer then sees every value",
                       "schrijf de velden voluit; dan ziet een lezer elke waarde"),
    "hidden-character.control": (("the value holds the control character {char}, which no "
                                 "protocol text needs (it breaks terminals and the engine)"),
                                 ("de waarde bevat het stuurteken {char}, dat geen protocoltekst "
                                 "nodig heeft (het verstoort terminals en de engine)")),
    "hint.control": ("remove the escape from the quoted string",
                     "haal het escapeteken uit de tekst tussen aanhalingstekens"),
    "hidden-character.break": (("{char} is a line break to YAML that editors and 'git diff' do "
                               "not show: what follows it is read as a new line"),
                               ("{char} is voor YAML een regelovergang die editors en 'git diff' "
                               "niet tonen: wat erna komt, wordt als nieuwe regel gelezen")),
    "hidden-character.invisible": (("{char} is an invisible character: two names that look the "
                                   "same would differ"),
                                   ("{char} is een onzichtbaar teken: twee namen die er hetzelfde "
                                   "uitzien, zouden verschillen")),
    "hidden-character.bidi": (("{char} is a bidi control that makes the text display in another "
                              "order than it reads"),
                              ("{char} is een richtingsteken waardoor de tekst in een andere "
                              "volgorde wordt getoond dan hij wordt gelezen")),
    "hint.hidden": (("remove it (retype the line); inside a quoted string a bidi or zero-width "
                    "character is allowed"),
                    ("haal het weg (typ de regel opnieuw); tussen aanhalingstekens mag een "
                    "richtings- of nulbreedteteken wel")),
    "non-string-key": ("a key must be a plain word, not a list or mapping",
                       "een veldnaam moet een gewoon woord zijn, geen lijst of blok"),
    # schema
    "unknown-field": ("'{name}' is not a key this format knows here{where}",
                      "'{name}' is hier geen bekend veld{where}"),
    "hint.allowed-keys": ("allowed keys here: {keys}", "toegestane velden hier: {keys}"),
    "missing-field": ("the required key '{name}' is missing{where}",
                      "het verplichte veld '{name}' ontbreekt{where}"),
    "invalid-value": ("{where}: {problem}", "{where}: {problem}"),
    "w.in-place": (" (in {where})", " (in {where})"),
    "w.document": ("document", "document"),
    "w.path-element": ("{group} '{id}'", "{group} '{id}'"),
    "w.path-field": ("field '{field}'", "veld '{field}'"),
    "w.path-item": ("item {n}", "item {n}"),
    "hint.expected": ("expected {expected}", "verwacht: {expected}"),
    # references and citations
    "duplicate-id": ("two {group} have the id '{id}'", "twee {group} hebben de id '{id}'"),
    "duplicate-id.outcome": ("step '{step}' has two outcomes '{outcome}'",
                             "stap '{step}' heeft twee uitkomsten '{outcome}'"),
    "duplicate-id.entry": ("role '{role}' names '{value}' twice under {field}",
                           "rol '{role}' noemt '{value}' twee keer onder {field}"),
    "duplicate-id.party": ("step '{step}' names '{value}' twice under {field}",
                           "stap '{step}' noemt '{value}' twee keer onder {field}"),
    "hint.name-once": ("name it once; the first is item {n} of the list",
                       "noem de rol één keer; de eerste staat op plaats {n} in de lijst"),
    "hint.first-on-line": ("the first is on line {line}; rename one",
                           "de eerste staat op regel {line}; geef een van beide een andere naam"),
    "unknown-role": ("{what} names the role '{value}', which no role declares",
                     "{what} noemt de rol '{value}', die onder roles: niet is vastgelegd"),
    "hint.declare-role": ("declare it under roles: or use melder / betrokkene",
                          "leg de rol vast onder roles: of gebruik melder / betrokkene"),
    "optional-member-not-member": (
        ("body '{body}' names '{value}' under optional_members, but '{value}' is not one "
         "of its members"),
        ("orgaan '{body}' noemt '{value}' onder optional_members, maar '{value}' staat niet "
         "onder zijn members")),
    "hint.add-to-members": (("add '{value}' to members: an optional member is a member "
                             "the body has only if desired"),
                            ("zet '{value}' ook onder members: een lid desgewenst is een lid "
                             "dat het orgaan alleen heeft als dat gewenst is")),
    "hint.add-seat-per-to-members": (
        ("add '{value}' to members: seat_per says how many of the body's members of that "
         "role sit on it (one per holder of another role)"),
        ("zet '{value}' ook onder members: seat_per zegt hoeveel leden van die rol het "
         "orgaan heeft (één per houder van een andere rol)")),
    "invalid-value.seat-per-self": (
        ("body '{body}' has a '{value}' for each holder of '{body}' itself (seat_per): "
         "'per' names the role whose holders each send one, not the body"),
        ("orgaan '{body}' heeft een '{value}' per houder van '{body}' zelf (seat_per): "
         "'per' noemt de rol waarvan elke houder er één stuurt, niet het orgaan")),
    "hint.seat-per-self": (
        ("name under 'per' the role each of whose holders sends one (one fractievoorzitter "
         "per fractie: per: fractie)"),
        ("noem onder 'per' de rol waarvan elke houder er één stuurt (één fractievoorzitter "
         "per fractie: per: fractie)")),
    "body-field-not-body": (
        ("role '{role}' has {field}, but it is not a body (kind: {kind}): only a body has "
         "members"),
        ("rol '{role}' heeft {field}, maar is geen orgaan (kind: {kind}): alleen een orgaan "
         "heeft leden")),
    "hint.body-field": ("make it kind: body with its members, or leave {field} out",
                        "maak er kind: body van met zijn members, of laat {field} weg"),
    "any-of-one-role": (
        ("step '{step}': 'any_of' makes the actor a choice among roles, but it names "
         "only one"),
        ("stap '{step}': 'any_of' maakt van wie handelt een keuze tussen rollen, maar "
         "noemt er maar één")),
    "any-of-not-actor": (
        "step '{step}': 'any_of' is only allowed on the actor, not on '{field}'",
        "stap '{step}': 'any_of' mag alleen bij actor staan, niet bij '{field}'"),
    "hint.any-of": ("name two different roles or more under role, or leave any_of out",
                    "noem twee verschillende rollen of meer onder role, of laat any_of weg"),
    "unknown-step": ("{what} leads to the step '{value}', which no step declares",
                     "{what} leidt naar de stap '{value}', die nergens is vastgelegd"),
    "unknown-phase": ("step '{step}' is in the phase '{phase}', which no phase declares",
                      "stap '{step}' staat in de fase '{phase}', die nergens is vastgelegd"),
    "unknown-phase.substitution": (("substitution '{id}' is limited to the phase '{phase}', which "
                                   "no phase declares"),
                                   ("vervanging '{id}' geldt alleen in de fase '{phase}', die "
                                   "nergens is vastgelegd")),
    "unknown-step.silence-outcome": (("silence '{id}' ends with the outcome '{outcome}' of step "
                                     "'{step}', which that step does not have"),
                                     ("zwijgplicht '{id}' eindigt met de uitkomst '{outcome}' van "
                                     "stap '{step}', die die stap niet heeft")),
    "unknown-role.alias": (("alias '{id}' reads as '{role}', which is no reporter or subject of "
                           "the scenario space"),
                           ("de andere naam '{id}' staat voor '{role}', maar dat is geen melder "
                           "of betrokkene in de situaties")),
    "unknown-open-point": ("'open: {id}' names no open point declared under open_points:",
                           "'open: {id}' noemt geen open punt dat onder open_points: staat"),
    "unknown-element.open-point": (("open point '{id}' affects '{element}', which is no element "
                                   "of this file"),
                                   ("open punt '{id}' raakt '{element}', maar dat onderdeel heeft "
                                   "dit bestand niet")),
    "unknown-element.ambiguity": (("ambiguity '{id}' affects '{element}', which is no element of "
                                  "this file"),
                                  ("dubbelzinnigheid '{id}' raakt '{element}', maar dat onderdeel "
                                  "heeft dit bestand niet")),
    "open-point-governs-nothing": (("open point '{id}' governs no element: no answer shows it as "
                                   "open"),
                                   ("open punt '{id}' hoort bij geen enkel onderdeel: geen antwoord "
                                   "toont het als open")),
    "exclude-without-reason": (("scenarios.exclude, item {n} excludes {guard} without a reason: "
                                "a refused question hears only 'excluded'"),
                               ("scenarios.exclude, item {n} sluit {guard} uit zonder reden: "
                                "wie erom vraagt, hoort alleen 'uitgesloten'")),
    "hint.exclude-reason": (("write it as {{when: ..., reason: ..., source: ...}} with where the "
                             "text sends such a case, or mark it open (open: <open point>) where "
                             "the text does not say"),
                            ("schrijf het als {{when: ..., reason: ..., source: ...}} met waar de "
                             "tekst zo'n zaak heen stuurt, of markeer het als open (open: <open "
                             "punt>) als de tekst het niet zegt")),
    "hint.governs-nothing": ("list the elements it affects, or mark them with 'open: {id}'",
                             "noem de onderdelen die het raakt, of markeer ze met 'open: {id}'"),
    "invalid-value.optional-party": (
        ("step '{step}': 'optional' (a consultation or hearing the actor may leave out) is "
         "only allowed under consulted or heard, not under '{field}'"),
        ("stap '{step}': 'optional' (een raadpleging of verhoor die de handelende mag laten) "
         "mag alleen onder consulted of heard staan, niet onder '{field}'")),
    "hint.optional-party": (
        "move the entry under consulted or heard, or leave optional out",
        "zet de regel onder consulted of heard, of laat optional weg"),
    "invalid-value.optional-uncited": (
        ("step '{step}': an optional consultation or hearing cites no section that makes it "
         "optional"),
        ("stap '{step}': een raadpleging of verhoor die de handelende mag laten, noemt geen "
         "artikel dat die facultatief maakt")),
    "hint.optional-uncited": (
        ("add 'source': the section that lets the actor consult or hear (\"kan ... "
         "inschakelen\", \"kunnen worden gehoord\")"),
        ("voeg 'source' toe: het artikel dat de handelende laat raadplegen of horen (\"kan "
         "... inschakelen\", \"kunnen worden gehoord\")")),
    "invalid-value.seat-per": (
        ("body '{body}' has a '{value}' for each holder of another role (seat_per), but "
         "'{value}' is not one of its members"),
        ("orgaan '{body}' heeft een '{value}' per houder van een andere rol (seat_per), "
         "maar '{value}' staat niet onder zijn leden")),
    "unknown-element.exclusion-reading": (("scenarios.exclude, item {n} rests on the reading "
                                           "'{reading}', which is no ambiguity of this file"),
                                          ("scenarios.exclude, item {n} rust op de lezing "
                                           "'{reading}', maar die dubbelzinnigheid heeft dit "
                                           "bestand niet")),
    "invalid-value.exclusion-follows": (
        ("scenarios.exclude, item {n} follows the reading '{follows}', which is not one of "
         "the readings of '{note}'"),
        ("scenarios.exclude, item {n} volgt de lezing '{follows}', maar die is geen van de "
         "lezingen van '{note}'")),
    "exclusion-reading-not-chosen": (
        ("scenarios.exclude, item {n} follows the reading '{follows}' of '{note}', but the "
         "note chooses '{chosen}': under that choice the entry excludes nothing"),
        ("scenarios.exclude, item {n} volgt de lezing '{follows}' van '{note}', maar de "
         "notitie kiest '{chosen}': bij die keuze sluit het item niets uit")),
    "hint.exclusion-reading-not-chosen": (
        ("give the situation a route under the chosen reading, or let the entry follow "
         "the chosen reading if the text excludes it under that one too"),
        ("geef de situatie een route in de gekozen lezing, of laat het item de gekozen "
         "lezing volgen als de tekst haar ook daarin uitsluit")),
    "invalid-value.reading": (("ambiguity '{id}' chooses '{chosen}', which is not one of its "
                              "readings"),
                              ("dubbelzinnigheid '{id}' kiest '{chosen}', maar dat is geen van "
                              "de lezingen")),
    "unknown-sanction": ("step '{step}' offers the sanction '{sanction}', which no sanction declares",
                         "stap '{step}' biedt de sanctie '{sanction}', die nergens is vastgelegd"),
    "unknown-attribute": ("the condition names '{attribute}', which is not a scenario attribute",
                          "de voorwaarde noemt '{attribute}', maar dat is geen kenmerk van de situatie"),
    "hint.attributes": ("attributes: {names}", "kenmerken: {names}"),
    "unknown-value": (("'{value}' is not a value of '{attribute}' in this protocol's scenario "
                      "space, so this condition can never hold"),
                      ("'{value}' is geen waarde van '{attribute}' in dit protocol, dus deze "
                      "voorwaarde geldt nooit")),
    "hint.declared-values": ("declared values: {values}", "vastgelegde waarden: {values}"),
    "empty-scenario-space": ("the attribute '{name}' has no values",
                             "het kenmerk '{name}' heeft geen waarden"),
    "empty-scenario-space.excluded": (
        ("the scenario space holds no scenario: 'exclude' (with the impossible combinations) "
         "leaves nothing for the protocol to answer"),
        ("er blijft geen enkele situatie over: 'exclude' (met de onmogelijke combinaties) "
         "sluit alles uit waarvoor het protocol een antwoord zou geven")),
    "hint.narrow-exclude": ("narrow the exclude entries", "maak de exclude-regels smaller"),
    "scenario-space-too-large": (
        ("the scenario space has {cells:,} combinations (reporters x subjects x acts x own x "
        "attribute values); protocolkit follows every one and takes at most {max:,}"),
        ("het protocol beschrijft {cells:,} situaties (melders x betrokkenen x handelingen x "
        "eigen handelen x kenmerken); protocolkit volgt ze allemaal en neemt er ten hoogste "
        "{max:,}")),
    "hint.fewer-values": ("declare fewer attribute values, or list each role once",
                          "geef minder waarden voor de kenmerken, of noem elke rol één keer"),
    "unknown-document": (("section '{section}' names the document '{document}', which "
                         "protocol.sources does not list"),
                         ("paragraaf '{section}' noemt het document '{document}', dat niet "
                         "onder protocol.sources staat")),
    "unknown-document.open-point": (("open point '{id}' says its proposal is taken from "
                                     "'{document}', which protocol.sources does not list"),
                                    ("open punt '{id}' zegt dat zijn voorstel is ontleend "
                                     "aan '{document}', dat niet onder protocol.sources staat")),
    "unknown-section": ("the citation '{section}' names no section declared under sections:",
                        ("de bronverwijzing '{section}' noemt geen paragraaf die onder sections: "
                        "is vastgelegd")),
    "hint.declare-section": ("declare the section, or correct the citation",
                             "leg de paragraaf vast, of verbeter de verwijzing"),
    "uncited-section": (("no element of this file cites section '{section}': the file may not "
                        "encode that part of the text yet"),
                        ("geen onderdeel van dit bestand verwijst naar paragraaf '{section}': "
                        "dat deel van de tekst is misschien nog niet verwerkt")),
    "hint.cite": ("cite it from the element that encodes it, or mark it informative: true",
                  ("verwijs ernaar vanuit het onderdeel dat het vastlegt, of markeer het met "
                  "informative: true")),
    "substitution-cycle": (("substitution '{id}' lets '{by}' replace '{replaces}', and another "
                           "substitution leads back to '{replaces}'"),
                           ("vervanging '{id}' laat '{by}' de plaats van '{replaces}' innemen, "
                           "en een andere vervanging leidt terug naar '{replaces}'")),
    "hint.cycle": ("give each replaced role a substitute that is never replaced by it",
                   "geef elke vervangen rol een vervanger die nooit door haar wordt vervangen"),
    "open-point": ("open point '{id}' ({topic}): {question}",
                   "open punt '{id}' ({topic}): {question}"),
    # route-graph checks
    "missing-route": (("no entry route serves the case {who}: a person in this situation finds "
                      "no first step in the protocol"),
                      ("geen ingangsroute dient de zaak {who}: wie in deze situatie zit, vindt in "
                      "het protocol geen eerste stap")),
    "hint.missing-route": (("add an entry route whose when covers this scenario, or exclude the "
                           "scenario under scenarios.exclude if the protocol does not cover it"),
                           ("voeg een ingangsroute toe waarvan de when deze situatie dekt, of sluit "
                           "de situatie uit onder scenarios.exclude als het protocol haar niet "
                           "regelt")),
    "ambiguous-route": (("entry routes '{first}' (to '{first_step}') and '{other}' (to "
                        "'{other_step}') both hold: the protocol sends the same case two ways"),
                        ("de ingangsroutes '{first}' (naar '{first_step}') en '{other}' (naar "
                        "'{other_step}') gelden allebei: het protocol stuurt dezelfde zaak twee "
                        "kanten op")),
    "hint.narrow": ("narrow one of the two guards so that exactly one holds",
                    "maak een van beide voorwaarden smaller, zodat er precies één geldt"),
    "no-actor": (("step '{step}' names nobody to act in this scenario: none of its actor "
                 "alternatives holds"),
                 ("stap '{step}' wijst in deze situatie niemand aan: geen van de mogelijke "
                 "uitvoerders geldt")),
    "hint.default-actor": ("add an alternative without when as the default",
                           "voeg een uitvoerder zonder when toe als standaard"),
    "dead-end": (("step '{step}' is not an end, but none of its outcomes leads anywhere in this "
                 "scenario: the case gets stuck here"),
                 ("stap '{step}' is geen eindpunt, maar geen van de uitkomsten leidt in deze "
                 "situatie verder: de zaak loopt hier vast")),
    "hint.dead-end": (("add an outcome (or a next alternative) that holds for this scenario, or "
                      "mark the step end: true"),
                      ("voeg een uitkomst (of een vervolg) toe die in deze situatie geldt, of "
                      "markeer de stap met end: true")),
    "join-never-completes": (("step '{step}' waits for a track from step '{waits}', but {why}, "
                              "so the join never opens"),
                             ("stap '{step}' wacht op een spoor vanuit stap '{waits}', maar "
                              "{why}, dus de samenkomst gaat nooit open")),
    "w.join-no-edge": ("no outcome of it leads there in this scenario",
                       "geen uitkomst daarvan leidt er in deze situatie heen"),
    "w.join-avoided": (("a case can get there while none of its tracks passes that step: "
                        "{via}"),
                       ("een zaak kan er komen zonder dat een van haar sporen langs die stap "
                        "gaat: {via}")),
    "hint.join-avoided": (("start the track through '{waits}' on every way to '{step}', or "
                           "lead the ways without it to another step"),
                          ("start het spoor langs '{waits}' op elke weg naar '{step}', of leid "
                           "de wegen zonder dat spoor naar een andere stap")),
    "hint.join": (("let an outcome of '{waits}' lead to '{step}', or remove '{waits}' from "
                   "its join"),
                  ("laat een uitkomst van '{waits}' naar '{step}' leiden, of haal '{waits}' "
                   "uit de samenkomst")),
    "track-misses-join": (("outcome '{outcome}' of step '{waits}' leads away from step '{step}', "
                           "which waits for it: after it the join can never open"),
                          ("uitkomst '{outcome}' van stap '{waits}' leidt weg van stap '{step}', "
                           "die erop wacht: daarna gaat de samenkomst nooit open")),
    "hint.track-join": (("lead that outcome (or a later step on its track) to '{step}'"),
                        ("laat die uitkomst (of een latere stap op dat spoor) naar '{step}' "
                         "leiden")),
    "no-termination": (("once a case reaches step '{step}' it can only go round ({names}) and "
                       "never reaches an end"),
                       ("zodra een zaak stap '{step}' bereikt, kan zij alleen nog rondgaan "
                       "({names}) en komt zij nooit tot een einde")),
    "hint.loop": (("give one of these steps an outcome that leads out of the loop towards an "
                  "end step"),
                  ("geef een van deze stappen een uitkomst die uit de kring naar een eindstap "
                  "leidt")),
    "unreachable-step": (("no scenario reaches step '{step}': no entry route or outcome leads to "
                         "it for any case in the scenario space"),
                         ("geen situatie bereikt stap '{step}': geen ingangsroute of uitkomst "
                         "leidt ernaartoe")),
    "hint.unreachable": ("lead an outcome or entry route to it, or remove it",
                         "laat een uitkomst of ingangsroute ernaar leiden, of haal de stap weg"),
    "conflict-of-interest.self": ("in step '{step}' the {who} {verb} a case about {itself}",
                                  "in stap '{step}': {who} {verb} een zaak over {itself}"),
    "conflict-of-interest": (("in step '{step}' the {who} {verb} a case about the {subject}, to "
                             "whom it is bound: {chain}"),
                             ("in stap '{step}': {who} {verb} een zaak over {subject}, aan "
                             "wie die gebonden is: {chain}")),
    "hint.independent": ("let an independent role act in this step",
                         "laat in deze stap een onafhankelijke rol handelen"),
    "hint.substitution": (("add a substitution for this scenario (when: {{subject: {subject}}}, "
                          "replaces: {named}, by: an independent role)"),
                          ("voeg een vervanging toe voor deze situatie (when: {{subject: "
                          "{subject}}}, replaces: {named}, by: een onafhankelijke rol)")),
    "hint.member-seat": (
        ("add a substitution for this scenario that replaces the {member} in the {body} "
         "(when: {{subject: {subject}}}, replaces: {member}, bodies: [{body}], by: an "
         "independent role)"),
        ("voeg een vervanging toe voor deze situatie die {member} in {body} vervangt (when: "
         "{{subject: {subject}}}, replaces: {member}, bodies: [{body}], by: een "
         "onafhankelijke rol)")),
    "hint.optional-member": (
        ("the {member} sits in the {body} only if desired ({source}), and if seated must not "
         "be involved either: leave him out, or add a substitution for this scenario (when: "
         "{{subject: {subject}}}, replaces: {member}, bodies: [{body}], by: an independent "
         "role)"),
        ("{member} zit alleen desgewenst in {body} ({source}) en mag, als hij zitting "
         "neemt, evenmin betrokken zijn: laat hem weg, of voeg een vervanging toe voor deze "
         "situatie (when: {{subject: {subject}}}, replaces: {member}, bodies: [{body}], by: "
         "een onafhankelijke rol)")),
    "hint.optional-consulted": (
        ("the {named} is consulted here only if the actor so chooses ({source}): do not "
         "consult him in this scenario (when: {{subject: {subject}}})"),
        ("{named} wordt hier alleen geraadpleegd als de handelende daarvoor kiest ({source}): "
         "raadpleeg hem niet in deze situatie (when: {{subject: {subject}}})")),
    "hint.or-acknowledge": (("{remedy}, or, if the source itself provides for it, acknowledge it "
                            "with the source's reason"),
                            ("{remedy}, of, als de bron zelf hierin voorziet, aanvaard het met de "
                            "reden uit de bron")),
    "forbidden-role-action": (("in step '{step}' the {who} {action} ({kind}), which the role "
                              "never does (never: {never})"),
                              ("in stap '{step}': {who} zou hier {action} ({kind}), wat deze "
                              "rol nooit doet (nooit: {never})")),
    "action.advises": ("advises", "adviseren"),
    "action.decides": ("decides", "beslissen"),
    "action.orders": ("orders an investigation", "opdracht tot onderzoek geven"),
    "action.investigates": ("investigates", "onderzoeken"),
    "action.judges": ("judges", "oordelen"),
    "action.sanctions": ("sanctions", "sanctioneren"),
    "action.communicates": ("communicates", "communiceren"),
    "hint.forbidden": (("let a role that may do this act here, or change the step's kind if it "
                       "is not what the step does"),
                       ("laat hier een rol handelen die dit mag, of verander de soort van de "
                       "stap als die niet klopt")),
    "forbidden-role-action.sanction": (("sanction '{sanction}' may be imposed by {role}, "
                                       "which never sanctions"),
                                       ("sanctie '{sanction}' mag worden opgelegd door "
                                       "{role}, die nooit sanctioneert")),
    "hint.remove-imposer": ("remove the role from imposed_by", "haal de rol weg uit imposed_by"),
    "forbidden-role-action.speaker": (("communication rule '{rule}' lets {speaker} speak to "
                                      "the {audience}, which it never does"),
                                      ("communicatieregel '{rule}' laat {speaker} spreken met "
                                      "{audience}, wat deze rol nooit doet")),
    "hint.speaker": ("make the rule allowed: false, or let another role speak",
                     "zet de regel op allowed: false, of laat een andere rol spreken"),
    "no-hearing-before-sanction": (("a case can reach the sanction in step '{step}' without "
                                   "{subject} being heard (hoor en wederhoor) and without an "
                                   "admission"),
                                   ("een zaak kan de sanctie in stap '{step}' bereiken zonder "
                                   "dat {subject} is gehoord (hoor en wederhoor) en zonder "
                                   "erkenning")),
    "hint.hearing": (("lead every route to this step through a wederhoor step with the "
                     "betrokkene as counterpart, or mark the outcome that records an admission "
                     "with admission: true"),
                     ("laat elke route naar deze stap door een stap wederhoor gaan met de "
                     "betrokkene als counterpart, of markeer de uitkomst die een erkenning "
                     "vastlegt met admission: true")),
    "investigation-without-preliminary": (("a case can reach the investigation in step '{step}' "
                                          "without a vooronderzoek (eerste screening) first"),
                                          ("een zaak kan het onderzoek in stap '{step}' bereiken "
                                          "zonder eerst een vooronderzoek (eerste screening)")),
    "hint.preliminary": ("lead every route to this step through a step of kind vooronderzoek",
                         "laat elke route naar deze stap door een stap vooronderzoek gaan"),
    "sanction-not-applicable.subject": (("step '{step}' offers the sanction '{sanction}' in a "
                                        "case about {subject}, but it applies only to: "
                                        "{applies}"),
                                        ("stap '{step}' biedt de sanctie '{sanction}' in een "
                                        "zaak over {subject}, maar zij geldt alleen voor: "
                                        "{applies}")),
    "hint.sanction-subject": (("offer it in a sanction step that only subjects it applies to "
                              "reach (route by subject), or correct applies_to"),
                              ("bied haar aan in een sanctiestap die alleen betrokkenen "
                              "bereiken voor wie zij geldt, of verbeter applies_to")),
    "sanction-not-applicable.imposer": (("in step '{step}' {actor} would impose "
                                        "'{sanction}', which only {empowered} may impose here"),
                                        ("in stap '{step}' zou {actor} '{sanction}' opleggen, "
                                        "wat hier alleen {empowered} mag")),
    "hint.sanction-imposer": ("let the empowered role act in this step, or correct imposed_by",
                              ("laat de bevoegde rol in deze stap handelen, of verbeter "
                              "imposed_by")),
    "publicity-before-judgment": (("in step '{step}' {who} tells the press or public, but "
                                  "{reason}"),
                                  ("in stap '{step}' informeert {who} de pers of het publiek, "
                                  "maar {reason}")),
    # counted(): one rule, or more
    "w.silenced": ("the rule {rules} keeps {role} silent",
                   "de regel {rules} legt {role} het zwijgen op"),
    "w.silenceds": ("the rules {rules} keep {role} silent",
                    "de regels {rules} leggen {role} het zwijgen op"),
    "w.no-rule": ("no communication rule lets {role} speak to the press in this scenario",
                  "geen communicatieregel laat {role} in deze situatie met de pers spreken"),
    "publicity-before-judgment.early": (("in step '{step}' {who} tells the press or public "
                                        "before the case has passed {stages}, the stage from "
                                        "which the communication rules allow it"),
                                        ("in stap '{step}' informeert {who} de pers of het "
                                        "publiek voordat de zaak {stages} is gepasseerd, het "
                                        "stadium vanaf waar de communicatieregels dat toestaan")),
    "publicity-before-judgment.silence": (("in step '{step}' {who} tells the press or public "
                                          "while silence '{silence}' still holds{until}"),
                                          ("in stap '{step}' informeert {who} de pers of het "
                                          "publiek terwijl zwijgplicht '{silence}' nog "
                                          "geldt{until}")),
    # counted(): one rule, or more
    "disclosure-before-allowed.exclusive": (("step '{step}' tells {role} {fact}, which the "
                                            "disclosure rule {rules} keeps from everyone "
                                            "not listed"),
                                            ("stap '{step}' vertelt {role} {fact}, wat de "
                                            "regel {rules} voor iedereen die niet genoemd "
                                            "is geheimhoudt")),
    "disclosure-before-allowed.exclusives": (("step '{step}' tells {role} {fact}, which the "
                                             "disclosure rules {rules} keep from everyone "
                                             "not listed"),
                                             ("stap '{step}' vertelt {role} {fact}, wat de "
                                             "regels {rules} voor iedereen die niet genoemd "
                                             "is geheimhouden")),
    "hint.disclosure-exclusive": (("take the role out of this step, or list it in the rule if "
                                  "the source allows it"),
                                  ("haal de rol uit deze stap, of noem haar in de regel als de "
                                  "bron dat toestaat")),
    "disclosure-before-allowed.early": (("step '{step}' tells {role} {fact} before the case "
                                        "has passed {stages}, from which the disclosure "
                                        "rule {rules} allows it"),
                                        ("stap '{step}' vertelt {role} {fact} voordat de zaak "
                                        "{stages} is gepasseerd, vanaf waar de regel "
                                        "{rules} dat toestaat")),
    "disclosure-before-allowed.earlys": (("step '{step}' tells {role} {fact} before the case "
                                         "has passed {stages}, from which the disclosure "
                                         "rules {rules} allow it"),
                                         ("stap '{step}' vertelt {role} {fact} voordat de "
                                         "zaak {stages} is gepasseerd, vanaf waar de regels "
                                         "{rules} dat toestaan")),
    "hint.disclosure-early": (("move the role to a step after that stage, or correct the "
                              "rule's 'from' if the source allows it earlier"),
                              ("zet de rol in een stap na dat stadium, of verbeter 'from' als "
                              "de bron het eerder toestaat")),
    "w.fact-exists": ("that the case exists", "dat de zaak bestaat"),
    "w.fact-subject": ("whom the case concerns", "wie de zaak betreft"),
    "w.fact-content": ("what the case is about", "waar de zaak over gaat"),
    "w.fact-melder": ("who the melder is", "wie de melder is"),
    "w.until-step": (" (until step '{step}')", " (tot na stap '{step}')"),
    "hint.silence": (("move the communication step after the step that ends the silence, or "
                     "correct the silence's until if the source ends it earlier"),
                     ("zet de communicatiestap na de stap die de zwijgplicht beëindigt, of "
                     "verbeter until als de bron haar eerder laat eindigen")),
    "hint.publicity": (("add a communication rule that allows this speaker from the judgment "
                       "stage, or let the speaker the rules name act here"),
                       ("voeg een communicatieregel toe die deze spreker vanaf het oordeel "
                       "toestaat, of laat hier de spreker handelen die de regels noemen")),
    "hint.publicity-early": (("move the communication step after that stage, or correct the "
                             "rule's from_step if the source allows it earlier"),
                             ("zet de communicatiestap na dat stadium, of verbeter from_step als "
                             "de bron het eerder toestaat")),
    "incomplete-coverage": (("the protocol does not cover '{element}' ({meaning}): no route "
                            "reaches a step of kind {kinds}{unreached}; the handreiking for "
                            "burgemeesters asks every protocol to lay it down"),
                            ("het protocol regelt '{element}' ({meaning}) niet: geen route komt "
                            "bij een stap van de soort {kinds}{unreached}; de handreiking voor "
                            "burgemeesters vraagt elk protocol dit vast te leggen")),
    "hint.coverage": (("add a step of kind {kinds} where the source provides for it, or record "
                      "in the documentation that the source leaves it out"),
                      ("voeg een stap van de soort {kinds} toe waar de bron erin voorziet, of "
                      "leg in de documentatie vast dat de bron het weglaat")),
    "unmatched-acknowledgement": (("acknowledgement '{id}' ({code}) matches no finding: the "
                                  "protocol may have changed since it was written"),
                                  ("aanvaarding '{id}' ({code}) past bij geen enkele bevinding: "
                                  "het protocol is misschien veranderd sinds zij is geschreven")),
    "hint.unmatched": ("check its code, step, role and when, or remove it",
                       "controleer code, step, role en when, of haal haar weg"),
    # running a case
    "scenario-not-covered": ("{error}", ("het protocol heeft geen route voor deze situatie "
                             "({error})")),
    "hint.space": ("reporters here: {reporters}; subjects: {subjects}",
                   "melders hier: {reporters}; betrokkenen: {subjects}"),
    "event-refused": ("event {n} ({step}: {outcome}, {date}) is refused: {detail}",
                      "gebeurtenis {n} ({step}: {outcome}, {date}) is geweigerd: {detail}"),
    "hint.allowed-here": ("allowed here: {allowed}", "hier toegestaan: {allowed}"),
    "hint.allowed-here-source": ("allowed here: {allowed} (source: {source})",
                                 "hier toegestaan: {allowed} (bron: {source})"),
    # after a did-you-mean, which ends its sentence with '?': a new sentence
    "hint.meant-allowed-here": ("{meant} Allowed here: {allowed}",
                                "{meant} Hier toegestaan: {allowed}"),
    "hint.meant-allowed-here-source": ("{meant} Allowed here: {allowed} (source: {source})",
                                       "{meant} Hier toegestaan: {allowed} (bron: {source})"),
    "unknown-fact": (("{what} requires the fact '{fact}', which no fact of the case declares "
                     "(facts:)"),
                     "{what} vraagt het feit '{fact}', dat onder facts: niet is vastgelegd"),
    "hint.declared-facts": ("declared facts: {facts}", "vastgelegde feiten: {facts}"),
    "w.fact-condition": ("the fact condition of {what}", "de voorwaarde op een feit bij {what}"),
    "hint.did-you-mean": ("did you mean `{word}`?", "bedoelt u `{word}`?"),
    # a close word that is another name of a role (a scenario alias): the role it stands
    # for is named, so that the reader sees whom the suggestion means
    "hint.did-you-mean-alias": ("did you mean `{word}` (read as `{role}`)?",
                                "bedoelt u `{word}` (gelezen als `{role}`)?"),
    # a step on the case's route that is not open now (it may open later)
    "hint.did-you-mean-not-open": ("did you mean `{word}`? That step is not open now.",
                                   "bedoelt u `{word}`? Die stap staat nu niet open."),
    # a step of the protocol that this case's route never takes
    "hint.did-you-mean-off-route": (("did you mean `{word}`? That step is not on the route "
                                     "of this case."),
                                    ("bedoelt u `{word}`? Die stap hoort niet bij de route "
                                     "van deze zaak.")),
    # What may be given after a mistake (:func:`listed`): with a did-you-mean the
    # question ends its sentence inside the parentheses, "(bedoelt u `twijfel`? Kies
    # uit: …)", as a refused event says "(bedoelt u `melding`? Nu toegestaan: …)".
    "hint.choose": ("; choose one of: {choices}", "; kies uit: {choices}"),
    "hint.meant-choose": (" ({meant} Choose one of: {choices})",
                          " ({meant} Kies uit: {choices})"),
    "hint.declared": ("; declared: {choices}", "; vastgelegd: {choices}"),
    "hint.meant-declared": (" ({meant} Declared: {choices})", " ({meant} Vastgelegd: {choices})"),
    "diff.unknown-filter": ("no compared scenario has the {what} '{value}'{listed}",
                            "geen vergeleken situatie heeft als {what} '{value}'{listed}"),
    "w.filter-reporter": ("reporter", "melder"),
    "w.filter-subject": ("subject", "betrokkene"),
}

# The frame of every output (headings, labels, sentences around the protocol's words)
# lives in :mod:`protocolkit.format.texts`, in the same shape: one table of messages.
assert not set(MESSAGES) & set(TEXTS), set(MESSAGES) & set(TEXTS)
MESSAGES.update(TEXTS)


def tr(message_id: str, lang: str = "en", /, **args: Any) -> str:
    """The message ``message_id`` (a finding's or an output's frame) in ``lang``.

    >>> tr("route.who", "nl", who="griffier")
    '   Wie: griffier'
    """
    return Msg.of(message_id, **args).render(lang)


#: Longest text :func:`said_given` quotes whole; a longer one is cut with "…".
MAX_QUOTED = 80


def said_given(value: object) -> str | Msg:
    """What a person gave, in their own terms, for a message that says it was wrong:
    text and numbers quoted as written, ``true``/``false`` as YAML writes them, a date
    as ``YYYY-MM-DD``, nothing (``None``, ``''``) as "empty" ("leeg"), a list or a
    mapping by what it is; never Python's repr (``None``, ``True``, ``{'a': 1}``).

    >>> [said_given(v) if isinstance(said_given(v), str) else said_given(v).render("nl")
    ...  for v in (None, True, 5, "19-12-2025", [1], {"a": 1})]
    ['leeg', "'true'", "'5'", "'19-12-2025'", 'een lijst', 'een blok met velden']
    """
    import datetime as dt

    if value is None or (isinstance(value, str) and not value):
        return Msg.of("schema.given-nothing")
    if isinstance(value, bool):
        return "'true'" if value else "'false'"
    if isinstance(value, (dt.date, dt.time)):
        return f"'{value.isoformat()}'"
    if isinstance(value, (str, int, float)):
        text = str(value)
        text = text if len(text) <= MAX_QUOTED else text[:MAX_QUOTED] + "…"
        return f"'{escape.visible(text)}'"
    if isinstance(value, (list, tuple, set, frozenset)):
        return Msg.of("schema.given-list")
    if isinstance(value, dict):
        return Msg.of("schema.given-mapping")
    return f"'{type(value).__name__}'"


#: Longest witness path kept: the last steps of the shortest path, the first kept step
#: saying how many came before it (``steps_before``). A chain of 3,000 steps otherwise
#: gives 3,000 findings whose witnesses hold 4.5 million steps (issue 12).
MAX_WITNESS_STEPS = 30
#: Findings of one code shown one by one; the rest of that code are grouped into one
#: finding that counts them (``witness["more"]``) and names the first of their places.
MAX_FINDINGS_PER_CODE = 50

#: Codes that say a file could not be read at all: I/O errors, exit code 2.
IO_CODES = frozenset({"file-not-found", "file-unreadable"})


def finding(code: str, message: str | Msg, location: Location | None = None, *,
            hint: str | Msg | None = None, severity: Severity | None = None,
            witness: dict[str, Any] | None = None) -> Finding:
    """A finding with the registered default severity of ``code``; ``message`` and
    ``hint`` given as :class:`Msg` exist in every language."""
    info = CODES[code]
    text = message if isinstance(message, Msg) else None
    hint_text = hint if isinstance(hint, Msg) else None
    return Finding(code, severity or info.severity,
                   message.render("en") if isinstance(message, Msg) else message,
                   location or Location(),
                   hint.render("en") if isinstance(hint, Msg) else hint, witness,
                   text, hint_text)


#: The hints that ask what was meant ("did you mean `x`?"): a sentence of their own, so
#: what follows them starts a new one.
MEANT_HINTS = frozenset({"hint.did-you-mean", "hint.did-you-mean-alias",
                         "hint.did-you-mean-not-open", "hint.did-you-mean-off-route"})


def did_you_mean(word: str, candidates: Iterable[str],
                 read_as: Mapping[str, str] | None = None) -> Msg | None:
    """A hint naming the closest candidate, or ``None``. ``read_as`` maps a candidate
    that is another name of a role (a scenario alias) to that role, which the hint then
    names: "bedoelt u `fractievolger` (gelezen als `raadslid`)?".

    >>> did_you_mean("cvdkk", ["cvdk", "college"]).render()
    'did you mean `cvdk`?'
    >>> did_you_mean("respons", ["report", "responsibilities", "route"]).render()
    'did you mean `responsibilities`?'
    >>> did_you_mean("fractievolgr", ["raadslid", "fractievolger"],
    ...              {"fractievolger": "raadslid"}).render("nl")
    'bedoelt u `fractievolger` (gelezen als `raadslid`)?'
    """
    import difflib  # here: only a mistake needs it

    candidates = list(candidates)
    # a word cut short names the one candidate it begins ('respons' -> responsibilities)
    begun = [c for c in candidates if len(word) >= 3 and c.startswith(word) and c != word]
    matches = begun if len(begun) == 1 else difflib.get_close_matches(word, candidates, n=1,
                                                                       cutoff=0.6)
    if not matches:
        return None
    role = (read_as or {}).get(matches[0])
    if role is not None and role != matches[0]:
        return Msg.of("hint.did-you-mean-alias", word=matches[0], role=role)
    return Msg.of("hint.did-you-mean", word=matches[0])


def listed(word: str, candidates: Iterable[str], shown: str | Msg, *,
           declared: bool = False, read_as: Mapping[str, str] | None = None) -> Msg:
    """What may be given instead of ``word`` (``shown``: the choices as the message lists
    them), with a did-you-mean among ``candidates`` where one is close: "; kies uit: a,
    b", or " (bedoelt u `a`? Kies uit: a, b)"; ``declared``: "vastgelegd" instead of
    "kies uit" (the names a protocol declares); ``read_as``: the roles that aliases
    among ``candidates`` stand for (:func:`did_you_mean`).

    >>> listed("twijfell", ["vermoeden", "twijfel"], "vermoeden, twijfel").render("nl")
    ' (bedoelt u `twijfel`? Kies uit: vermoeden, twijfel)'
    >>> listed("x", ["vermoeden", "twijfel"], "vermoeden, twijfel").render()
    '; choose one of: vermoeden, twijfel'
    """
    kind = "declared" if declared else "choose"
    meant = did_you_mean(word, candidates, read_as)
    if meant is None:
        return Msg.of(f"hint.{kind}", choices=shown)
    return Msg.of(f"hint.meant-{kind}", meant=meant, choices=shown)


def counted(key: str, count: int, **values: Any) -> Msg:
    """The text ``key`` for one, ``key`` + ``s`` for more or none, with ``count`` and
    ``values``: the one way a text is singular or plural ("1 fout", "16 waarschuwingen",
    "de regel a", "de regels a, b"), never "fout(en)".

    >>> counted("n.error", 1).render(), counted("n.error", 0).render(), counted("n.warning", 16).render("nl")
    ('1 error', '0 errors', '16 waarschuwingen')
    """
    return Msg.of(key if count == 1 else f"{key}s", count=count, **values)


def relation_chain(chain: Iterable[str]) -> Msg:
    """A chain of dependence between roles (role, relation, role, …, as a finding's
    witness ``cycle`` holds it) in words, from the texts ``rel.*``.

    >>> chain = ["integriteitscommissie", "members", "gemeentesecretaris", "accountable_to",
    ...          "burgemeester"]
    >>> relation_chain(chain).render("nl")
    'integriteitscommissie heeft als lid gemeentesecretaris, die verantwoording aflegt aan burgemeester'
    >>> relation_chain(chain[2:]).render("en")
    'gemeentesecretaris is accountable to burgemeester'
    """
    items = list(chain)

    def relation(name: str, then: bool) -> Msg:
        key = f"rel.{name}.then" if then else f"rel.{name}"
        return Msg.of(key) if key in MESSAGES else Msg.of("w.text", text=name)

    said = Msg.of("w.text", text=items[0] if items else "")
    for i in range(1, len(items) - 1, 2):
        said = Msg.of("rel.chain" if i == 1 else "rel.chain-more", before=said,
                      rel=relation(items[i], i > 1), whom=items[i + 1])
    return said


def has_errors(findings: Iterable[Finding], strict: bool = False) -> bool:
    """Whether these findings fail a check: any error, or with ``strict`` any warning too.

    Notes (severity ``info``, e.g. a finding the protocol acknowledges with a reason) never
    fail: they are recorded decisions, not work left to do.
    """
    failing = (Severity.error, Severity.warning) if strict else (Severity.error,)
    return any(f.severity in failing for f in findings)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(
        findings,
        key=lambda f: (f.location.path or "", f.location.line or 0, f.location.column or 0, f.code),
    )


# --------------------------------------------------------------------------- reports


#: The stages of the loader: an error of one of them stops the file before the
#: route-graph checks (there is no model to check).
LOADER_STAGES = frozenset({"read", "yaml", "schema", "references"})


@dataclass
class FileReport:
    path: str
    findings: list[Finding]
    protocol: Any = None  # the validated model, when it loaded and was checked now

    @property
    def route_checks_run(self) -> bool:
        """Whether the route-graph checks ran: only on a file the loader accepted, so
        not when it has an error of reading, YAML, the schema or the references (also
        for findings from the cache, which hold no model)."""
        return not any(f.severity is Severity.error and f.code in CODES
                       and CODES[f.code].stage in LOADER_STAGES for f in self.findings)

    def note(self) -> Msg | None:
        """The note that the route-graph checks did not run, for a file that was read
        but has errors ("los eerst de fouten hierboven op"); ``None`` otherwise (a file
        that could not be read at all says so in its own finding)."""
        if self.route_checks_run or any(f.code in IO_CODES for f in self.findings):
            return None
        return Msg.of("v.not-checked")

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        note = self.note()
        return {"path": self.path, "findings": [f.to_dict(lang) for f in self.findings],
                "route_checks_run": self.route_checks_run,
                "note": note.render(lang) if note is not None else None}


@dataclass
class ValidationReport:
    files: list[FileReport] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for file in self.files for f in file.findings]

    def exit_code(self, strict: bool = False) -> int:
        """0 when clean, 1 when any error (any finding at all with ``strict``), 2 when a
        file could not be read at all (an I/O error, not a finding about the protocol)."""
        if any(f.code in IO_CODES for f in self.findings):
            return 2
        return 1 if has_errors(self.findings, strict) else 0

    def counts(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Severity}
        for f in self.findings:
            counts[f.severity.value] += 1
        return counts

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {"files": [f.to_dict(lang) for f in self.files]}
