"""The shared vocabulary, defined once (standard library only).

Role ids, kinds of step, scenario attributes, act kinds and the six questions every
protocol must answer. Protocols map their own names onto these so that municipalities
can be compared; the model, the semantics, the checks, the diff and the CLI all read
them from here. Kept apart from :mod:`protocolkit.format.model` so that reading them costs no
import of pydantic. ``docs/vocabulary.md`` is generated from this module
(``python scripts/vocabulary_doc.py > docs/vocabulary.md``).

>>> QUESTIONS[0], question("judges").label
('first_contact', 'Velt het eindoordeel')
>>> StepKind("oordeel") in question("judges").kinds
True
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any, NamedTuple

from protocolkit.format.texts import TEXTS, text

#: Role ids of the shared vocabulary, with who they are. Protocols map their own roles
#: onto these (``shared:``) so that municipalities can be compared.
ROLES: dict[str, str] = {
    "burgemeester": "mayor; hoeder van de integriteit (Gemeentewet art. 170 lid 2)",
    "wethouder": "alderman, member of the college",
    "raadslid": "council member (also fractievolger, fractieassistent)",
    "fractievoorzitter": "leader of a council group",
    "griffier": "clerk of the council; employed by the raad, via the werkgeverscommissie",
    "griffiemedewerker": "staff of the griffie, raadsadviseur; falls under the griffier",
    "gemeentesecretaris": "head of the civil service; serves the college and the burgemeester",
    "ambtenaar": "civil servant; own regime (ambtelijke meldregeling), outside these protocols",
    "gemeenteraad": "the council as a body; final judgment, political sanctions",
    "college": "college van burgemeester en wethouders",
    "presidium": "the council's agenda committee",
    "fractievoorzitters": "the group leaders together",
    "klankbordgroep": "klankbordgroep van fractievoorzitters",
    "integriteitscommissie": "griffier + gemeentesecretaris (+ external experts)",
    "vertrouwenscommissie": "council committee for the appointment of the burgemeester",
    "voorzitter_vertrouwenscommissie": "chair of the vertrouwenscommissie",
    "werkgeverscommissie": "employer committee of the griffier",
    "cvdk": "Commissaris van de Koning (Provinciewet art. 182)",
    "vertrouwenspersoon": "(external) confidential adviser",
    "onderzoeker": "internal or external investigator",
    "stuurgroep": "steering group; may test and evaluate policy, never investigate or judge",
    "fractie": "the subject's own council group or party",
    "politie_om": "police / public prosecutor (aangifte)",
    "burger": "citizen, company or institution reporting",
    "melder": "whoever reported, in the role of reporter",
}

#: The shared role ids, in the order of :data:`ROLES`.
SHARED_ROLES: tuple[str, ...] = tuple(ROLES)

#: Shared roles that name one function in the singular and in the plural (each group
#: leader, and the group leaders together): a comparison of two municipalities lines
#: them up under one name, written so that the reader sees both are meant.
ALIGNED_ROLES: dict[str, str] = {
    "fractievoorzitter": "fractievoorzitter(s)",
    "fractievoorzitters": "fractievoorzitter(s)",
}


def aligned_role(shared_id: str) -> str:
    """The name under which a comparison lines up a shared role.

    >>> aligned_role("fractievoorzitters"), aligned_role("griffier")
    ('fractievoorzitter(s)', 'griffier')
    """
    return ALIGNED_ROLES.get(shared_id, shared_id)


#: The Dutch nouns a role's name can rest on that take the article *het* (het raadslid,
#: het college, het presidium); every other role takes *de*. A name is read by its head
#: noun: the first part of a name with underscores (``lid_vertrouwenscommissie``), and
#: the end of a compound (``raadslid``, ``fractielid``).
NEUTER_NOUNS: tuple[str, ...] = ("lid", "college", "presidium", "bestuur", "team",
                                 "comite", "comité")


def dutch_article(role: str) -> str:
    """The Dutch definite article of a role's name (*de* or *het*), for a sentence that
    names the role with its article ("zonder dat het raadslid is gehoord").

    >>> dutch_article("raadslid"), dutch_article("burgemeester"), dutch_article("lid_vc")
    ('het', 'de', 'het')
    >>> dutch_article("voorzitter_vertrouwenscommissie"), dutch_article("college")
    ('de', 'het')
    """
    head = role.split("_", 1)[0].lower()
    return "het" if head.endswith(NEUTER_NOUNS) else "de"


#: Pseudo-roles usable wherever a role is referenced: they stand for the reporter and
#: the subject of the case at hand and are resolved per scenario.
PSEUDO_ROLES: dict[str, str] = {
    "melder": "reporter",
    "betrokkene": "subject",
}

#: The audiences communication rules and silences name (``audience``), with how English
#: output names them. The protocol's word is kept in Dutch output and in JSON; an
#: audience not listed here is shown as the protocol writes it.
AUDIENCES: dict[str, str] = {
    "pers": "the press",
    "media": "the media",
    "publiek": "the public",
    "openbaarheid": "the public",
    "derden": "third parties",
    "intern": "internal audiences",
}


def audience_words(audience: str, lang: str = "nl") -> str:
    """An audience as ``lang`` names it: the protocol's own word in Dutch, its English
    label (:data:`AUDIENCES`) in English.

    >>> audience_words("pers"), audience_words("pers", "en"), audience_words("raad", "en")
    ('pers', 'the press', 'raad')
    """
    return AUDIENCES.get(audience, audience) if lang == "en" else audience


def outcome_words(outcome_id: str, label: str | None) -> str:
    """An outcome as a reader sees it: its label, else its id in words, in every text
    output (``route``, ``simulate``, the audit trail, the diagrams). Given the protocol
    rather than the label, :meth:`protocolkit.format.model.Protocol.outcome_label` looks it up.

    >>> outcome_words("niet_aangevuld", None), outcome_words("gemeld", "Gemeld")
    ('niet aangevuld', 'Gemeld')
    """
    return label or outcome_id.replace("_", " ")


#: Built-in scenario attributes; a protocol may declare more in ``scenarios.attributes``.
BUILTIN_ATTRIBUTES: tuple[str, ...] = ("reporter", "subject", "act", "own")

#: What each built-in scenario attribute says about a case.
ATTRIBUTE_DESCRIPTIONS: dict[str, str] = {
    "reporter": "who has the doubt or reports (a shared role id)",
    "subject": "whom it concerns (a shared role id)",
    "act": "whether the act is intended (voorgenomen) or performed (uitgevoerd)",
    "own": "whether it is about one's own act: the reporter is the subject (eigen handelen)",
}

#: The values of the ``act`` attribute.
ACT_KINDS: tuple[str, ...] = ("voorgenomen", "uitgevoerd")


class StepKind(str, Enum):
    """The shared kinds of step (docs/vocabulary.md), used to align municipalities."""

    advies = "advies"
    aanspreken = "aanspreken"
    melding = "melding"
    ontvankelijkheid = "ontvankelijkheid"
    vooronderzoek = "vooronderzoek"
    onderzoeksopdracht = "onderzoeksopdracht"
    onderzoek = "onderzoek"
    wederhoor = "wederhoor"
    rapportage = "rapportage"
    zwaarte_oordeel = "zwaarte_oordeel"
    oordeel = "oordeel"
    sanctie = "sanctie"
    informeren = "informeren"
    communicatie = "communicatie"
    aangifte = "aangifte"
    evaluatie = "evaluatie"
    nazorg = "nazorg"
    registratie = "registratie"
    afgedaan = "afgedaan"


def step_kind_words(kind: str) -> str:
    """A kind of step as a reader writes it: the vocabulary's Dutch word, with a hyphen
    where the id has an underscore (in Dutch and English outputs alike, like the
    protocol's other words).

    >>> step_kind_words("zwaarte_oordeel"), step_kind_words("oordeel")
    ('zwaarte-oordeel', 'oordeel')
    """
    return kind.replace("_", "-")


def role_kind_words(kind: str, lang: str = "nl") -> str:
    """A kind of role (``person``, ``body``, ``external``) in words.

    >>> role_kind_words("body"), role_kind_words("external", "en")
    ('orgaan', 'external party')
    """
    key = f"role-kind.{kind}"
    return text(key, lang) if key in TEXTS else kind


def shared_role_words(role_id: str, lang: str = "nl") -> str:
    """A role of the shared vocabulary (:data:`ROLES`) in words: its own words where its
    id reads otherwise (``fractievoorzitters``: the group leaders together), else the id
    with spaces.

    >>> shared_role_words("fractievoorzitters"), shared_role_words("voorzitter_vertrouwenscommissie")
    ('de fractievoorzitters samen', 'voorzitter vertrouwenscommissie')
    """
    key = f"shared-role.{role_id}"
    return text(key, lang) if key in TEXTS else role_id.replace("_", " ")


#: What each kind of step is.
STEP_KIND_DESCRIPTIONS: dict[StepKind, str] = {
    StepKind.advies: "asking advice",
    StepKind.aanspreken: "talking to the person",
    StepKind.melding: "the report (melding) is made",
    StepKind.ontvankelijkheid: "admissibility",
    StepKind.vooronderzoek: "preliminary inquiry (also eerste screening)",
    StepKind.onderzoeksopdracht: "ordering an investigation",
    StepKind.onderzoek: "investigation (integriteitsonderzoek, feitenonderzoek)",
    StepKind.wederhoor: "hearing the subject on the findings",
    StepKind.rapportage: "reporting the findings",
    StepKind.zwaarte_oordeel: "severity judgment",
    StepKind.oordeel: "final judgment",
    StepKind.sanctie: "imposing a sanction",
    StepKind.informeren: "informing someone",
    StepKind.communicatie: "communication to the press and the public",
    StepKind.aangifte: "reporting to the police / public prosecutor",
    StepKind.evaluatie: "evaluation",
    StepKind.nazorg: "aftercare",
    StepKind.registratie: "registration",
    StepKind.afgedaan: "closed",
}


class Question(NamedTuple):
    """One of the six questions every protocol must answer for every scenario
    (Aalsmeer plan van aanpak, Stap 4).

    ``key`` names the answer in the JSON output and in scenario-test files; ``label`` and
    ``detail`` are the Dutch wording people read; ``kinds`` are the step kinds whose actors
    answer it (``first_contact`` is answered by the entry step instead, and
    ``communicates`` also by the communication rules that speak to the press).
    """

    key: str
    label: str
    detail: str | None
    english: str
    kinds: frozenset[StepKind]
    #: The heading in English (``--lang en``): ``First contact (whose move is it?)``.
    heading_en: str = ""
    #: The key in Dutch, for what a person types (``diff --question eindoordeel``).
    key_nl: str = ""

    @property
    def heading(self) -> str:
        """The Dutch label with its detail: ``Eerste aanspreekpunt (wie is eraan zet?)``."""
        return f"{self.label} ({self.detail})" if self.detail else self.label

    def heading_in(self, lang: str = "nl") -> str:
        """The heading in ``lang``: :attr:`heading` in Dutch, :attr:`heading_en` in English.

        >>> question("judges").heading_in("en")
        'Gives the final judgment'
        """
        return self.heading_en if lang == "en" else self.heading


#: The six questions, in the order they are asked and shown.
SIX_QUESTIONS: tuple[Question, ...] = (
    Question("first_contact", "Eerste aanspreekpunt", "wie is eraan zet?",
             "Whom does the reporter turn to first?", frozenset(),
             "First contact (whose move is it?)", "eerste_aanspreekpunt"),
    Question("decides_follow_up", "Beslist over vervolg", "vooronderzoek / fase 2",
             "Who decides whether the case goes on (to vooronderzoek / Fase 2) or is closed?",
             frozenset({StepKind.ontvankelijkheid, StepKind.vooronderzoek}),
             "Decides on follow-up (vooronderzoek / fase 2)", "vervolg"),
    Question("commissions_investigation", "Geeft opdracht tot onderzoek", None,
             "Who orders an investigation, and with what question?",
             frozenset({StepKind.onderzoeksopdracht}), "Orders an investigation",
             "opdracht_onderzoek"),
    Question("judges", "Velt het eindoordeel", None,
             "Who judges whether act X breaches rule Y (final judgment)?",
             frozenset({StepKind.oordeel}), "Gives the final judgment", "eindoordeel"),
    Question("imposes_sanction", "Legt een sanctie op", None,
             "Who imposes a sanction?", frozenset({StepKind.sanctie}), "Imposes a sanction",
             "sanctie"),
    Question("communicates", "Communiceert naar buiten", None,
             "Who makes what public, at which stage?", frozenset({StepKind.communicatie}),
             "Communicates publicly", "communicatie"),
)

#: The keys of the six questions, in order.
QUESTIONS: tuple[str, ...] = tuple(q.key for q in SIX_QUESTIONS)


def question_key(name: str) -> str | None:
    """The key of the question a person names: its key (``judges``), its Dutch key
    (``eindoordeel``) or its Dutch label (``Velt het eindoordeel``, also with
    underscores); ``None`` when it names none.

    >>> question_key("eindoordeel"), question_key("Velt het eindoordeel"), question_key("judges")
    ('judges', 'judges', 'judges')
    >>> question_key("oordeel") is None
    True
    """
    wanted = name.strip().lower().replace(" ", "_")
    for q in SIX_QUESTIONS:
        if wanted in (q.key, q.key_nl, q.label.lower().replace(" ", "_")):
            return q.key
    return None


def question(key: str) -> Question:
    """The question with ``key`` (a :data:`QUESTIONS` entry); ``KeyError`` if none."""
    for q in SIX_QUESTIONS:
        if q.key == key:
            return q
    raise KeyError(key)


def scenario_text(scenario: Mapping[str, Any], *, prose: bool = False, lang: str = "nl",
                  names: Mapping[str, str] | None = None) -> str:
    """A scenario in words, from its data form (``Scenario.to_dict()``, the ``scenario``
    of a finding's witness or of a case): the one wording every output uses.

    The short form is a label for terminals and lists; ``prose`` is a phrase for
    reports a raad reads. ``lang`` is ``nl`` (the default) or ``en``; role ids and the
    act's value are the vocabulary's and stay as they are, except that the prose names
    the roles by ``names`` where given (``Protocol.role_names``).

    >>> raad = {"reporter": "raadslid", "subject": "wethouder", "act": "uitgevoerd"}
    >>> scenario_text(raad)
    'raadslid -> wethouder, uitgevoerd'
    >>> scenario_text({**raad, "subject": "raadslid", "own": True, "attributes": {"ernst": "zwaar"}})
    'raadslid over eigen handelen, uitgevoerd, ernst=zwaar'
    >>> scenario_text({**raad, "act": "voorgenomen"}, prose=True)
    'raadslid over een voorgenomen handeling van wethouder'
    >>> scenario_text({**raad, "act": "voorgenomen"}, prose=True, lang="en")
    'raadslid about an intended act of wethouder'
    >>> scenario_text(raad, prose=True, lang="en")
    'raadslid about a performed act of wethouder'
    """
    from protocolkit.format.texts import text

    reporter, subject, act = scenario.get("reporter"), scenario.get("subject"), scenario.get("act")
    attributes: Mapping[str, Any] = scenario.get("attributes") or {}
    if prose:
        if names:
            reporter, subject = (names.get(str(reporter), reporter),
                                 names.get(str(subject), subject))
        handeling = text("scenario.act-intended" if act == "voorgenomen"
                         else "scenario.act-performed", lang)
        an = text("scenario.an-intended" if act == "voorgenomen" else "scenario.a-performed",
                  lang)
        said = (text("scenario.prose-own", lang, reporter=reporter, act=handeling)
                if scenario.get("own") else
                text("scenario.prose", lang, reporter=reporter, act=an, subject=subject))
        extra = ", ".join(f"{k}: {v}" for k, v in attributes.items())
        return said + (f" ({extra})" if extra else "")
    who = (text("scenario.own", lang, reporter=reporter) if scenario.get("own")
           else f"{reporter} -> {subject}")
    return f"{who}, {act}" + "".join(f", {k}={v}" for k, v in attributes.items())


#: What every output says where the source text names nobody for a task: the answer is
#: "not assigned", never a guess (in English: ``texts.TEXTS["common.not-assigned"]``).
NOT_ASSIGNED = TEXTS["common.not-assigned"][1]


def not_assigned(lang: str = "nl") -> str:
    """:data:`NOT_ASSIGNED` in ``lang``.

    >>> not_assigned("en")
    'not assigned in the text'
    """
    from protocolkit.format.texts import text

    return text("common.not-assigned", lang)
