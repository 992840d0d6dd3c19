"""The validated model of an integrity protocol.

A protocol file (YAML) is parsed by :mod:`protocolkit.format.loader` into plain data and
validated into :class:`Protocol`. Everything downstream (semantics, engine, analysis,
diff, reports) works on this model only.

Design rules:

* every model forbids unknown fields (``extra="forbid"``) so a typo is a finding;
* conditions (:data:`Guard`) are data over finite, declared attribute domains: a
  mapping from attribute to allowed values, combined with ``all``/``any``/``not``;
  nothing is evaluated as code;
* every rule-carrying element has a ``source``: a citation of a section the protocol
  declares in ``sections``.

Example (the smallest useful protocol is in ``tests/data/minimal.yaml``)::

    >>> from protocolkit.format.model import Guard
    >>> Guard.model_validate({"subject": ["burgemeester"], "act": "uitgevoerd"}).conditions
    {'subject': ['burgemeester'], 'act': ['uitgevoerd']}
"""

# No ``from __future__ import annotations`` here: pydantic would evaluate every field's
# annotation from its string (a compile each) when the classes are built at import;
# written as expressions they cost nothing more. A class named before it is defined
# is quoted ("Guard").

import datetime as dt
import re
import threading
from collections.abc import Callable, Hashable, Mapping
from enum import Enum
from typing import Annotated, Any, Literal, NoReturn, Self, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    GetJsonSchemaHandler,
    PrivateAttr,
    Tag,
    ValidationInfo,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

Identifier = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]*$",
        min_length=1,
        max_length=80,
        description="snake_case identifier",
    ),
]

from protocolkit.format.vocabulary import (  # noqa: F401  (re-exported; their home is the vocabulary)
    ACT_KINDS,
    BUILTIN_ATTRIBUTES,
    PSEUDO_ROLES,
    SHARED_ROLES,
    StepKind,
    outcome_words,
)


def _cites_something(value: str | list[str]) -> str | list[str]:
    if not value or (isinstance(value, str) and not value.strip()):
        from protocolkit.format.diagnostics import Msg, TextError

        raise TextError(Msg.of("schema.no-citation"))
    return value


def _flag(description: str) -> Any:
    """A boolean field, false by default and left out of a dump while false, so that
    protocols without it keep their identity."""
    return Field(default=False, exclude_if=lambda value: value is False,
                 description=description)


#: A ``source`` field: one section id, or a list of them. Every rule-carrying element
#: cites the text it encodes: an empty list (or text) is an ``invalid-value`` finding.
Citation = Annotated[str | list[str], AfterValidator(_cites_something)]

T = TypeVar("T")


def _empty_list() -> list[Any]:
    # A Python function, not the builtin ``list``: pydantic inspects every default
    # factory's signature, and a builtin's is parsed from its text signature (slow).
    return []


def _empty_dict() -> dict[str, Any]:
    return {}


class RoleKind(str, Enum):
    person = "person"
    body = "body"
    external = "external"


class Action(str, Enum):
    """What a role can do in a step; restrictions name the actions a role never does.

    The action of a step follows from its kind (see :data:`KIND_ACTION`); a role that
    is consulted on a step *advises* on it.
    """

    advises = "advises"
    decides = "decides"
    orders = "orders"
    investigates = "investigates"
    judges = "judges"
    sanctions = "sanctions"
    communicates = "communicates"


#: The action a step's actor performs, by kind. Kinds not listed carry no decision
#: power (talking, informing, closing) and so cannot create a conflict of interest.
KIND_ACTION: dict[StepKind, Action] = {
    StepKind.advies: Action.advises,
    StepKind.ontvankelijkheid: Action.decides,
    StepKind.vooronderzoek: Action.investigates,
    StepKind.onderzoeksopdracht: Action.orders,
    StepKind.onderzoek: Action.investigates,
    StepKind.wederhoor: Action.investigates,
    StepKind.rapportage: Action.investigates,
    StepKind.zwaarte_oordeel: Action.judges,
    StepKind.oordeel: Action.judges,
    StepKind.sanctie: Action.sanctions,
    StepKind.communicatie: Action.communicates,
    # Deciding to report someone to the police is a decision about the case.
    StepKind.aangifte: Action.decides,
}


_IMMUTABLE = ("protocol models are immutable (their derived data is kept per model); "
              "build a changed copy with model_copy(update=...)")


class FrozenList(list[T]):
    """The value of a list field of a model: reads as a list, refuses every change.

    A model keeps data derived from its fields (lookups, the scenario space, compiled
    rules); a list changed in place would leave that data stale.

    >>> FrozenList([1, 2]) == [1, 2]
    True
    >>> FrozenList([1]).append(2)
    Traceback (most recent call last):
    TypeError: protocol models are immutable (their derived data is kept per model); build a changed copy with model_copy(update=...)
    """

    __slots__ = ()

    def append(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError(_IMMUTABLE)

    extend = insert = remove = pop = clear = sort = reverse = append
    __setitem__ = __delitem__ = __iadd__ = __imul__ = append

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenList, (list(self),))


class FrozenDict(dict[str, T]):
    """The value of a mapping field of a model: reads as a dict, refuses every change."""

    __slots__ = ()

    def clear(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError(_IMMUTABLE)

    pop = popitem = setdefault = update = __setitem__ = __delitem__ = __ior__ = clear

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (dict(self),))


#: Control characters no protocol value needs (tab and line feed are text). The YAML
#: loader reports them with their line and column; the model refuses them too, so a
#: protocol built in code (``Protocol.model_validate``) cannot carry one either.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


#: Key of the validation context for data the YAML loader built: every string in it was
#: checked for control characters as it was read (reported with its line and column,
#: and replaced), so the models need not walk every value again.
TEXT_CHECKED = "protocolkit.text_checked"


def _control_character(value: Any) -> str | None:
    """The first control character in a field's value (strings, and the strings of its
    lists and mappings; nested models check their own fields), or ``None``."""
    if isinstance(value, str):
        found = CONTROL_CHARACTERS.search(value)
        return found.group() if found else None
    if isinstance(value, (list, tuple)):
        items: Any = value
    elif isinstance(value, Mapping):
        items = [*value.keys(), *value.values()]
    else:
        return None
    for item in items:
        found_in = _control_character(item)
        if found_in is not None:
            return found_in
    return None


#: The value of every empty list field: one object, as it cannot change. Most list
#: fields of a protocol are empty (a step's ``consulted``, ``informed``, …): a list each
#: would be three quarters of the objects a loaded protocol holds, and the garbage
#: collector walks every one of them again and again while the protocol is built.
class _SharedEmpty(FrozenList[Any]):
    """The one empty list all empty list fields share: it refuses even a second
    ``__init__`` (which a plain :class:`FrozenList` leaves to ``list``), since a change
    would reach every model at once."""

    __slots__ = ()

    def __init__(self, *args: Any) -> None:
        if args:
            raise TypeError(_IMMUTABLE)
        super().__init__()


_EMPTY: FrozenList[Any] = _SharedEmpty()


def _frozen(value: Any) -> Any:
    if type(value) is list:
        return FrozenList(value) if value else _EMPTY
    if type(value) is dict:
        return FrozenDict({k: _frozen(v) for k, v in value.items()})
    return value


class Model(BaseModel):
    """Base: unknown fields are errors, values are immutable after validation.

    List and mapping fields become :class:`FrozenList` and :class:`FrozenDict`, so that a
    model cannot change under the data derived from it; a copy (``model_copy``,
    ``copy.copy``, ``copy.deepcopy``) gets derived data of its own.
    """

    # A class builds its validator when first used, not when defined: loading a
    # protocol validates Protocol only, whose validator holds every nested model.
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False,
                              defer_build=True)

    @model_validator(mode="after")
    def _no_control_characters(self, info: ValidationInfo) -> Self:
        if info.context is not None and info.context.get(TEXT_CHECKED):
            return self     # the loader checked every string as it read the YAML
        for name, value in self.__dict__.items():
            char = _control_character(value)
            if char is not None:
                raise ValueError(
                    f"'{name}' holds the control character U+{ord(char):04X}, which no "
                    "protocol text needs (it breaks terminals and the engine); remove it")
        return self

    def model_post_init(self, context: Any, /) -> None:
        self._derive()

    def _derive(self) -> None:
        """Freeze the fields; subclasses also (re)build what they derive from them."""
        fields = self.__dict__
        for name, value in fields.items():  # replacing values, not keys: safe in the loop
            kind = type(value)
            if kind is list:
                fields[name] = FrozenList(value) if value else _EMPTY
            elif kind is dict:
                fields[name] = _frozen(value)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        copied = super().model_copy(update=update, deep=deep)
        copied._derive()
        return copied

    def __copy__(self) -> Self:
        copied = super().__copy__()
        copied._derive()
        return copied

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        # Every value is immutable, so a shallow copy is as good as a deep one.
        return self.__copy__()


# --------------------------------------------------------------------------- guards

class Guard(Model):
    """A condition over the scenario attributes, as data.

    In YAML a guard is a mapping from attribute to one value or a list of values
    (all must hold), optionally with ``all``/``any`` (lists of guards) and ``not`` (one
    guard)::

        when: {subject: [burgemeester], act: uitgevoerd}
        when: {any: [{subject: raadslid}, {subject: wethouder}]}

    Values are checked against the declared domains by the loader, so a guard that
    names a value no scenario can have is a finding, not a silent ``False``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    conditions: dict[str, list[str]] = Field(default_factory=_empty_dict)
    all: list["Guard"] = Field(default_factory=_empty_list)
    any: list["Guard"] = Field(default_factory=_empty_list)
    not_: "Guard | None" = Field(default=None, alias="not")

    @model_validator(mode="before")
    @classmethod
    def _split(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        if "conditions" in data:
            return data
        conditions: dict[str, Any] = {}
        rest: dict[str, Any] = {}
        for key, value in data.items():
            if key in ("all", "any", "not"):
                rest[key] = value
            else:
                if isinstance(value, bool):
                    value = "true" if value else "false"
                if isinstance(value, (str, int, float)):
                    value = [str(value)]
                elif isinstance(value, list):
                    value = ["true" if v is True else "false" if v is False else v for v in value]
                conditions[key] = value
        rest["conditions"] = conditions
        return rest

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # Describe the YAML form, not the internal split into ``conditions``.
        value = {"anyOf": [{"type": "string"}, {"type": "boolean"},
                           {"type": "array", "items": {"type": ["string", "boolean"]}}]}
        guard_ref = {"type": "object", "description": "a nested guard"}
        return {
            "title": "Guard",
            "description": "attribute -> value or list of values; all/any/not combine guards",
            "type": "object",
            "properties": {
                "all": {"type": "array", "items": guard_ref},
                "any": {"type": "array", "items": guard_ref},
                "not": guard_ref,
            },
            "additionalProperties": value,
        }

    @model_serializer(mode="plain")
    def _serialize(self) -> dict[str, Any]:
        return self.to_data()

    def to_data(self) -> dict[str, Any]:
        """The YAML form of this guard (inverse of validation)."""
        out: dict[str, Any] = {k: list(v) for k, v in self.conditions.items()}
        if self.all:
            out["all"] = [g.to_data() for g in self.all]
        if self.any:
            out["any"] = [g.to_data() for g in self.any]
        if self.not_ is not None:
            out["not"] = self.not_.to_data()
        return out


# --------------------------------------------------------------------------- metadata

class SourceDocument(Model):
    id: Identifier
    title: str
    name: str | None = Field(
        default=None, description="a short name for readers (another municipality's "
        "text: its municipality), used where an answer is a proposal taken from it")
    file: str | None = Field(default=None, description="file name under shared/sources")
    url: str | None = None


class Metadata(Model):
    municipality: str
    title: str
    version: str
    status: Literal["concept", "vastgesteld"]
    valid_from: dt.date | None = None
    sources: list[SourceDocument] = Field(min_length=1)
    notes: str | None = None


class Section(Model):
    """A section of the source text that elements cite (``Fase 1, 1.1 a``, ``art. 2.1 lid 7``).

    ``informative: true`` marks a section that carries no rule (an introduction), so
    that no element needs to cite it.

    ``text`` is the section's wording, copied verbatim from the source (whitespace
    normalised; where the file's section covers only part of the source's, the part it
    cites, with "[…]" where a passage is left out). It carries no rule: the wegwijzer and
    the report show it beside the answers that cite the section, and the diff shows a
    changed text without counting it as a change of behaviour.
    """

    id: str = Field(min_length=1, max_length=120)
    title: str | None = None
    document: str | None = Field(default=None, description="id of a metadata source")
    informative: bool = False
    text: str | None = Field(
        default=None, min_length=1, max_length=20000,
        description="the section's wording, verbatim from the source (\"[…]\" where a passage "
                    "is left out); shown to readers, never interpreted")


# --------------------------------------------------------------------------- roles

#: The ``open:`` marker any element can carry: the id of the open point (or ids of the
#: open points) under which the element is provisional ("nog open").
OpenMarker = str | list[str] | None


class OptionalMember(Model):
    """A member a body has only if desired, with the text that says so: Oostzaan art. 3.1
    lid 2, "bestaat uit de gemeentesecretaris en de griffier en – desgewenst – (een)
    externe adviseur(s)", is ``{role: externe_adviseur, source: "art. 3.1 lid 2"}``.
    The role must be one of the body's ``members``."""

    role: str
    source: Citation


class SeatPer(Model):
    """A member a body has once for each holder of another role: Oostzaan art. 1.1 lid 5,
    the klankbordgroep "Bestaat uit de fractievoorzitters van alle in de gemeenteraad
    vertegenwoordigde partijen", is ``{role: fractievoorzitter, per: fractie, source:
    "art. 1.1 lid 5"}``: shown "Fractievoorzitter (één per fractie)". The role must be
    one of the body's ``members``."""

    role: str
    per: str
    source: Citation


class Role(Model):
    id: Identifier
    name: str
    kind: RoleKind
    shared: str | None = Field(
        default=None,
        description="the shared-vocabulary role id this role maps to (docs/vocabulary.md)",
    )
    members: list[str] = Field(default_factory=_empty_list,
                               description="role ids of a body's members")
    optional_members: list[OptionalMember] = Field(
        default_factory=_empty_list,
        description="members of ``members`` the body has only if desired (\"desgewenst\"), "
                    "each with the section that makes it optional")
    seat_per: list[SeatPer] = Field(
        default_factory=_empty_list,
        description="members of ``members`` the body has once for each holder of another "
                    "role (\"de fractievoorzitters van alle ... partijen\": one per fractie), "
                    "each with the section that says so")
    composition_source: Citation | None = Field(
        default=None,
        description="where the text says who a body consists of (Oostzaan art. 3.1 lid 2: "
                    "\"bestaat uit de gemeentesecretaris en de griffier en - desgewenst - "
                    "(een) externe adviseur(s)\"): its composition is then shown wherever the "
                    "body acts or advises, citing this; without it, only where a "
                    "substitution changes it")
    employed_by: list[str] = Field(default_factory=_empty_list)
    accountable_to: list[str] = Field(default_factory=_empty_list)
    part_of: list[str] = Field(default_factory=_empty_list)
    single: bool = Field(
        default=False,
        description="held by one person (burgemeester, griffier): no colleague in the same role",
    )
    never: list[Action] = Field(
        default_factory=_empty_list, description="actions this role never performs in a case"
    )
    description: str | None = None
    open: OpenMarker = None
    source: Citation | None = None

    def optional_member_ids(self) -> frozenset[str]:
        """Ids of the members this body has only if desired (``optional_members``)."""
        return frozenset(m.role for m in self.optional_members)

    @field_validator("shared")
    @classmethod
    def _known_shared(cls, value: str | None) -> str | None:
        if value is not None and value not in SHARED_ROLES:
            raise ValueError(f"'{value}' is not a role of the shared vocabulary")
        return value


# --------------------------------------------------------------------------- scenarios

class Alias(Model):
    """Another name a reporter or subject may go by: "Overal waar ... 'raadslid' staat
    geschreven, kan ook 'fractievolger' worden gelezen" is
    ``{id: fractievolger, role: raadslid, source: Basisprincipes}``."""

    id: Identifier
    role: str
    source: Citation


class ExclusionReading(Model):
    """The reading an exclusion follows: ``{note: voetnoot_8_reikwijdte, follows:
    politieke_ambtsdragers}`` (the ambiguity note, and the one of its readings under
    which the text excludes the situation). The exclusion holds only while the note
    chooses that reading; under another choice it excludes nothing (``validate`` says
    so, ``exclusion-reading-not-chosen``)."""

    note: Identifier
    follows: Identifier


class Exclusion(Model):
    """An excluded part of the scenario space with why and where the text sends it."""

    when: Guard
    reason: str = Field(description="where the text sends such a case instead, and why")
    #: The open points under which the exclusion is provisional (a concept that takes it
    #: from another text): the refusal names them, never a settled "no".
    open: OpenMarker = None
    #: The ambiguity note the exclusion rests on and the reading it follows: the refusal
    #: then says that it rests on a choice between readings and gives both, instead of
    #: a settled "the text sends it elsewhere" (Arnhem's burger about the griffier,
    #: ``voetnoot_8_reikwijdte``); under another chosen reading it excludes nothing.
    reading: ExclusionReading | None = None
    source: Citation


def _exclude_kind(value: Any) -> str:
    """Which form an ``exclude`` entry is written in: one with ``when`` is an
    :class:`Exclusion`, else a bare guard. Deciding by the key (instead of trying
    both) reports a mistake in an exclusion once, as that of the exclusion."""
    if isinstance(value, Exclusion) or (isinstance(value, dict) and "when" in value):
        return EXCLUDE_TAGS[0]
    return EXCLUDE_TAGS[1]


#: The tags of the two forms of an ``exclude`` entry (in pydantic's error locations).
EXCLUDE_TAGS = ("exclusion-entry", "guard-entry")

ExcludeEntry = Annotated[
    Annotated[Exclusion, Tag(EXCLUDE_TAGS[0])] | Annotated["Guard", Tag(EXCLUDE_TAGS[1])],
    Discriminator(_exclude_kind)]


class Acknowledgement(Model):
    """A finding the protocol knowingly accepts, with its reason and source.

    A check that finds something real in an adopted text (the source itself allows
    it) reports it as ``info`` instead of its usual severity when an acknowledgement
    matches its code and, where given, its step, role and scenario.
    """

    id: Identifier
    code: str
    step: str | None = None
    role: str | None = None
    when: Guard | None = None
    reason: str
    source: Citation


class ScenarioSpace(Model):
    """The cases the protocol covers: reporters x subjects x acts x own (x attributes).

    ``own: true`` (eigen handelen) only combines with ``reporter == subject``, and a
    reporter can only doubt *another* holder of its own role when that role is not
    ``single`` (one burgemeester) nor a body; such impossible cells are left out
    automatically. ``exclude`` removes further cells.
    """

    reporters: list[str] = Field(min_length=1)
    subjects: list[str] = Field(min_length=1)
    acts: list[Literal["voorgenomen", "uitgevoerd"]] = Field(
        default_factory=lambda: list[Literal["voorgenomen", "uitgevoerd"]](["voorgenomen", "uitgevoerd"]),
        min_length=1,
    )
    own: list[bool] = Field(default_factory=lambda: [False, True], min_length=1)
    attributes: dict[Identifier, list[str]] = Field(
        default_factory=_empty_dict,
        description="extra finite attributes; the first value is the default unless the "
        "attribute is listed in 'required'",
    )
    exclude: list[ExcludeEntry] = Field(
        default_factory=_empty_list,
        description="cells left out: a guard, or {when, reason, source} saying where the "
        "text sends such a case")
    aliases: list[Alias] = Field(
        default_factory=_empty_list, description="other names a reporter or subject may go by")
    required: list[Identifier] = Field(
        default_factory=_empty_list,
        description="extra attributes that have no default: every question and case must "
        "give them (the others default to their first value)",
    )
    labels: dict[Identifier, str] = Field(
        default_factory=_empty_dict,
        description="the question a reader answers for an extra attribute, in the "
        "protocol's words (the wegwijzer asks it instead of showing the attribute's id)")

    @field_validator("attributes")
    @classmethod
    def _not_built_in(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        shadowing = [name for name in value if name in BUILTIN_ATTRIBUTES]
        if shadowing:
            raise ValueError(f"'{shadowing[0]}' is a built-in scenario attribute "
                             f"({', '.join(BUILTIN_ATTRIBUTES)}); give the extra attribute "
                             "another name")
        return value
    @model_validator(mode="after")
    def _required_declared(self) -> Self:
        for name in self.required:
            if name not in self.attributes:
                raise ValueError(f"'required' names '{name}', which is not a declared "
                                 "attribute")
        for name in self.labels:
            if name not in self.attributes:
                raise ValueError(f"'labels' names '{name}', which is not a declared "
                                 "attribute")
        return self

    def default(self, attribute: str) -> str | None:
        """The default of an extra attribute (its first value), or ``None`` when it is
        ``required`` (must be given) or not declared.

        >>> ScenarioSpace(reporters=["a"], subjects=["b"], attributes={"x": ["p", "q"]},
        ...               required=["x"]).default("x") is None
        True
        """
        values = self.attributes.get(attribute)
        if not values or attribute in self.required:
            return None
        return values[0]


# --------------------------------------------------------------------------- steps

#: The party fields whose entries may be ``optional: true``: a role the actor may consult
#: or hear and need not (``RoleCase.optional``).
OPTIONAL_PARTY_FIELDS: tuple[str, ...] = ("consulted", "heard")


class RoleCase(Model):
    """A guarded party: ``{when: ..., role: ...}``, the one mechanism for actors,
    counterparts, consulted, informed and heard parties.

    ``role`` is one role or a list of roles acting *together* (a joint step: "de
    burgemeester vraagt om advies in het driehoeksoverleg met de griffier en de
    gemeentesecretaris"), in the order the text names them. For ``actor`` and
    ``counterpart`` a list of cases is a list of alternatives (the first whose guard
    holds); for ``consulted``, ``informed`` and ``heard`` every case whose guard holds
    contributes its roles.

    ``any_of: true`` (an actor only, two different roles or more) makes the list a
    *choice*: the one who asks picks one or more of the roles, who need not act together
    (Oostzaan art. 1.2 lid 2: "advies inwinnen bij de burgemeester en/of ... de griffier").

    ``optional: true`` (under ``consulted`` or ``heard`` only, :data:`OPTIONAL_PARTY_FIELDS`,
    with ``source``) makes the consultation or hearing one the actor may hold or leave out
    (Oostzaan art. 2.2 lid 3: "De burgemeester kan bij de toepassing van de leden 1 en 2
    externe expertise inschakelen"; art. 4.3 lid 1: "... kunnen worden gehoord door de
    onderzoekers"): shown "(eventueel)" / "(optionally)", and a conflict through a role
    consulted so is remedied by not consulting it.

    ``source`` cites the section(s) this alternative alone encodes (Arnhem Fase 2, 1.2:
    the CvdK for the burgemeester), where the step's own ``source`` cites what holds
    whichever alternative is chosen: a scenario's answer cites the step's sections and
    those of the alternatives that hold in it, never those of an alternative that does
    not apply (:attr:`protocolkit.semantics.StepView.source_for`).
    """

    when: Guard | None = None
    role: str | list[str] = Field(description="a role id, or role ids acting together")
    open: OpenMarker = Field(default=None, description="open point(s) this answer waits on")
    any_of: bool = Field(default=False, description="an actor's roles are a choice: one or "
                         "more of them act (\"en/of\"), not all of them together")
    optional: bool = Field(default=False, description="consulted or heard only: the actor may "
                           "consult or hear these roles and need not (\"kan ... inschakelen\", "
                           "\"kunnen worden gehoord\"); cite the section that says so in source")
    source: str | list[str] | None = Field(
        default=None, description="the section(s) this alternative alone encodes; cited "
        "besides the step's own sources only in the scenarios where it holds")

    def roles(self) -> list[str]:
        """The role ids of this case, in text order."""
        return [self.role] if isinstance(self.role, str) else list(self.role)


#: A party of a step: one role, roles acting together (``[a, b]``, the same as
#: ``[{role: [a, b]}]``), or guarded alternatives (see :class:`RoleCase`).
Party = str | list[str] | list[RoleCase]
#: A list of parties of which every entry that holds takes part (consulted, informed,
#: heard): plain role ids or guarded :class:`RoleCase` entries.
Parties = list[str | RoleCase]


class NextCase(Model):
    """One alternative of a scenario-dependent next step: ``{when: ..., step: ...}``,
    with ``source`` citing the section(s) this alternative alone encodes (as on a
    :class:`RoleCase`): cited with the outcome only where the alternative is taken."""

    when: Guard | None = None
    step: str
    source: str | list[str] | None = Field(
        default=None, description="the section(s) this alternative alone encodes; cited "
        "with the outcome only in the scenarios where it is taken")


class Period(Model):
    """An amount of time: ``{amount: 4, unit: jaren}``."""

    amount: int = Field(gt=0, le=100_000)
    unit: Literal["jaren", "maanden", "weken", "dagen"]

    def describe(self) -> str:
        """The period as Dutch writes it ("4 jaar", "1 maand", "6 weken").

        >>> Period(amount=4, unit="jaren").describe()
        '4 jaar'
        """
        if self.unit == "jaren":
            return f"{self.amount} jaar"
        if self.amount == 1:
            return "1 " + {"maanden": "maand", "weken": "week", "dagen": "dag"}[self.unit]
        return f"{self.amount} {self.unit}"


#: The ``at`` values of a fact condition that are not step ids.
FACT_REFERENCE_DATES: tuple[str, ...] = ("step", "ontvangst")


class FactCondition(Model):
    """A condition on a date fact of the case, checked when an outcome is recorded.

    Exactly one of ``older_than`` and ``within``: the fact lies more than (``older_than``)
    or at most (``within``) the period before the reference date ``at``:

    * ``step`` (default): the date of the outcome being recorded;
    * ``ontvangst``: the day the melding came in (as for ``Deadline.from``);
    * a step id or a list of them: the latest recorded outcome of those steps (e.g.
      the day the melding was made).

    Example (Oostzaan art. 2.2 lid 1 sub b: "binnen vier jaar na de vermeende feiten is
    ingediend")::

        requires:
          - {fact: datum_vermeende_feiten, within: {amount: 4, unit: jaren},
             at: ontvangst, source: "art. 2.2 lid 1"}
    """

    fact: Identifier
    older_than: Period | None = None
    within: Period | None = None
    at: str | list[Identifier] = "step"
    source: Citation

    @model_validator(mode="after")
    def _one_comparison(self) -> Self:
        if (self.older_than is None) == (self.within is None):
            raise ValueError("a fact condition has exactly one of 'older_than' and 'within'")
        return self

    @property
    def period(self) -> Period:
        found = self.older_than if self.older_than is not None else self.within
        assert found is not None
        return found

    def at_steps(self) -> list[str]:
        """The step ids of ``at`` (empty for ``step`` and ``ontvangst``)."""
        if isinstance(self.at, list):
            return list(self.at)
        return [] if self.at in FACT_REFERENCE_DATES else [self.at]

    def describe(self, lang: str = "nl", words: Mapping[str, str] | None = None) -> str:
        """How a griffier reads the condition, in Dutch (``lang="nl"``) or English (the
        period's unit too: ``texts.period_words``); ``words``: the fact and the steps by
        the words a reader knows them by (a label, a title), by id.

        >>> c = FactCondition.model_validate({"fact": "datum", "within": {"amount": 4,
        ...     "unit": "jaren"}, "source": "x"})
        >>> c.describe()
        'datum ligt ten hoogste 4 jaar voor de datum van deze uitkomst'
        >>> c.describe("en")
        'datum lies at most 4 years before the date of this outcome'
        """
        from protocolkit.format.texts import period_words, text

        how = text("fact.more-than" if self.older_than is not None else "fact.at-most", lang)
        if self.at == "step":
            ref = text("fact.at-step", lang)
        elif self.at == "ontvangst":
            ref = text("fact.at-ontvangst", lang)
        else:
            ref = text("fact.at-completion", lang, steps=text("common.or", lang).join(
                (words or {}).get(s, s) for s in self.at_steps()))
        return text("fact.condition", lang, fact=(words or {}).get(self.fact, self.fact),
                    how=how,
                    period=period_words(self.period.describe(), lang), ref=ref)


class CaseFact(Model):
    """A fact of a case beyond the scenario, given when the case is opened (a date).

    Example (Oostzaan art. 2.2)::

        facts:
          - {id: datum_vermeende_feiten, type: date, label: "Datum van de vermeende feiten",
             source: "art. 2.2 lid 1"}
    """

    id: Identifier
    type: Literal["date"] = "date"
    label: str
    description: str | None = None
    source: Citation


class Outcome(Model):
    """A possible result of a step and where it leads.

    ``next`` is a step id, or a list of ``{when, step}`` alternatives (the first whose
    guard holds; an alternative without ``when`` always holds). ``admission`` marks the
    subject's own admission (*erkenning*), which stands in for a hearing before a
    sanction. ``requires`` lists conditions on the case's facts (:class:`FactCondition`)
    that the engine checks when the outcome is recorded.
    """

    id: Identifier
    label: str | None = None
    next: str | list[NextCase]
    when: Guard | None = None
    admission: bool = False
    tracks: list[str] = Field(
        default_factory=_empty_list,
        description="steps opened as parallel tracks besides 'next' (e.g. an aangifte "
        "alongside the integrity procedure); each track ends at its own end step")
    open: OpenMarker = None
    source: Citation | None = Field(
        default=None, description="the section this outcome encodes (else the step's)")
    requires: list[FactCondition] = Field(
        default_factory=_empty_list,
        description="conditions on the case's facts, checked when the outcome is recorded")


#: The ``from`` values of a deadline that are not step ids.
DEADLINE_STARTS: tuple[str, ...] = ("step", "ontvangst", "case")


class Deadline(Model):
    """How long a step may take and from which date it runs (``from``):

    * ``step`` (default): the day the step became open;
    * ``ontvangst``: the day the melding came in — the case's ``received`` date when it
      opened with a melding, else the day a later ``melding`` step was completed; never
      the later day the case was registered (``opened``);
    * ``case``: the day the case was registered (``opened``);
    * a step id: the day that step's outcome was last recorded.

    A deadline the text gives in words only ("zo spoedig mogelijk", "in de eerstvolgende
    raadscyclus") has ``words`` and no ``amount``/``unit``: it has no due date, and is
    shown with its words. ``words`` may also accompany an amount.
    """

    amount: int | None = Field(default=None, gt=0, le=3650)
    unit: Literal["werkdagen", "dagen", "weken"] | None = None
    words: str | None = Field(
        default=None, min_length=1,
        description="the text's own words for the term, e.g. 'zo spoedig mogelijk'")
    from_: str = Field(
        default="step",
        alias="from",
        description="'step' (the step became open), 'ontvangst' (the day the melding came "
        "in), 'case' (the case was registered) or a step id",
    )
    open: OpenMarker = None
    source: Citation | None = None

    def describe(self, step_label: str | None = None) -> str:
        """The deadline as a griffier reads it; ``step_label`` names the step it counts
        from (default: its id in quotes).

        >>> Deadline(amount=1, unit="weken").describe()
        '1 week'
        >>> Deadline.model_validate({"amount": 10, "unit": "werkdagen", "from": "case"}).describe()
        '10 werkdagen na opening van de zaak'
        >>> Deadline.model_validate({"amount": 10, "unit": "werkdagen", "from": "ontvangst"}).describe()
        '10 werkdagen na ontvangst'
        >>> Deadline(words="zo spoedig mogelijk").describe()
        '"zo spoedig mogelijk" (geen datum)'
        """
        from protocolkit.format.texts import text as words

        if self.amount is None or self.unit is None:
            return words("words.no-date", "nl", words=self.words)
        unit = {"werkdagen": "werkdag", "dagen": "dag", "weken": "week"}[self.unit] \
            if self.amount == 1 else self.unit
        text = f"{self.amount} {unit}"
        if self.words:
            text += f' ("{self.words}")'
        if self.from_ == "case":
            return text + words("words.after-opening", "nl")
        if self.from_ == "ontvangst":
            return text + words("words.after-receipt", "nl")
        if self.from_ != "step":
            return text + words("words.after-step", "nl", step=step_label or repr(self.from_))
        return text

    @model_validator(mode="after")
    def _amount_or_words(self) -> Self:
        if (self.amount is None) != (self.unit is None):
            raise ValueError("a deadline gives 'amount' and 'unit' together")
        if self.amount is None and not self.words:
            raise ValueError("a deadline needs 'amount' and 'unit', or the text's 'words'")
        return self


class Handoff(Model):
    """Where a case goes when it leaves the protocol (``Step.out_of_scope``), and who
    acts there, as far as the text says.

    ``decides`` (who decides on follow-up in that regime) and
    ``communicates_with_melder`` are a role id, a list of ``{when, role}`` alternatives
    like a step's actor, or ``null`` where the text does not assign it (shown as "not
    assigned", never filled in). Example (Arnhem, Fase 1, 1.6/2.6/3.5)::

        out_of_scope:
          regime: Ambtelijke integriteitsregeling (interne meldregeling, Meldpunt)
          decides: [{when: {act: uitgevoerd}, role: gemeentesecretaris}]
          communicates_with_melder:
            - {when: {reporter: burgemeester}, role: gemeentesecretaris}
            - {role: burgemeester}
          source: ["Fase 1, 1.6", "Fase 1, 2.6", "Fase 1, 3.5"]

    A plain string is the short form: the regime, with nobody assigned.
    """

    regime: str = Field(min_length=1)
    decides: Party | None = None
    communicates_with_melder: Party | None = None
    description: str | None = None
    source: Citation | None = None

    def text(self) -> str:
        """The regime as a griffier reads it (with the description, if any)."""
        return self.regime + (f": {self.description}" if self.description else "")


class Join(Model):
    """An explicit join: the step waits for tracks to arrive from each of ``waits_for``
    before it opens (``Step.join``).

    A track *arrives* when an outcome of one of those steps leads to the joining step
    (as its ``next`` or as a track it opens). Arrivals from other steps merge into the
    waiting join without opening it. Until every listed step's track has arrived, the
    joining step is *waiting*: nothing is open there, and the case does not end.
    Example (tests/data/join.yaml: the raad judges once both the integrity report and
    the outcome of the criminal case are in)::

        - id: oordeel
          join: {waits_for: [rapport, strafzaak_uitkomst], source: "art. 5"}
    """

    waits_for: list[Identifier] = Field(min_length=1, description="the steps whose tracks "
                                        "must all arrive before this step opens")
    source: Citation


class Step(Model):
    id: Identifier
    phase: str
    kind: StepKind
    title: str
    actor: Party | None = Field(
        default=None, description="who acts: a role, or guarded alternatives whose role may be "
        "several roles acting together; left out only on an end step where the text names "
        "nobody (\"is de zaak afgedaan\"): shown as not assigned")
    counterpart: Party | None = Field(
        default=None, description="whom the actor turns to (aanspreken, melding, advies)"
    )
    consulted: Parties = Field(default_factory=_empty_list)
    informed: Parties = Field(default_factory=_empty_list)
    heard: Parties = Field(default_factory=_empty_list, description="parties heard in this step")
    deadline: Deadline | None = None
    outcomes: list[Outcome] = Field(default_factory=_empty_list)
    end: bool = Field(default=False, description="the case ends in this step")
    out_of_scope: str | Handoff | None = Field(
        default=None, description="where the case goes instead when it ends here: the "
        "regime and who decides and communicates there (a string: the regime only)"
    )
    sanctions: list[str] = Field(default_factory=_empty_list, description="sanctions offered here")
    confidential: bool = False
    description: str | None = None
    open: OpenMarker = None
    join: Join | None = Field(
        default=None, description="wait for tracks to arrive from each of these steps "
        "before opening (an explicit join)")
    source: Citation

    def cited_sections(self) -> list[str]:
        """Every section the step encodes in some scenario: its own ``source``, then
        those its guarded alternatives cite (parties, then outcomes' ``next``), once
        each. What one scenario cites is :attr:`protocolkit.semantics.StepView.source`."""
        found = citations(self.source)
        for party in (self.actor, self.counterpart, self.consulted, self.informed, self.heard):
            if isinstance(party, list):
                found += [c for case in party if isinstance(case, RoleCase)
                          for c in citations(case.source)]
        for outcome in self.outcomes:
            if isinstance(outcome.next, list):
                found += [c for case in outcome.next for c in citations(case.source)]
        return list(dict.fromkeys(found))

    @model_validator(mode="after")
    def _end_or_outcomes(self) -> Self:
        if self.end and self.outcomes:
            raise ValueError("an end step has no outcomes; remove 'end' or 'outcomes'")
        if self.out_of_scope and not self.end:
            raise ValueError("'out_of_scope' needs 'end: true'")
        if self.actor is None and not self.end:
            raise ValueError("a step names its 'actor'; only an end step may leave it out "
                             "(the text names nobody who closes the case)")
        return self


class Phase(Model):
    id: Identifier
    name: str
    order: int
    source: Citation | None = None


class EntryRoute(Model):
    """Where a case starts: the first step for the scenarios that match ``when``."""

    id: Identifier
    when: Guard
    step: str
    open: OpenMarker = None
    source: Citation


class Substitution(Model):
    """When ``when`` holds, role ``by`` acts in place of role ``replaces``.

    Example: when the burgemeester is the subject, the CvdK acts in his place::

        {id: cvdk_voor_burgemeester, when: {subject: burgemeester},
         replaces: burgemeester, by: cvdk, source: "Fase 2, 2.1"}
    """

    id: Identifier
    when: Guard
    replaces: str
    by: str
    phases: list[str] = Field(
        default_factory=_empty_list, description="only in these phases (empty: everywhere)")
    steps: list[str] = Field(
        default_factory=_empty_list, description="only in these steps (empty: everywhere)")
    bodies: list[str] = Field(
        default_factory=_empty_list,
        description="only where the replaced role sits as a member of one of these bodies "
        "(empty: wherever the role is named); Oostzaan art. 1.1 lid 5 replaces a "
        "fractievoorzitter who is the subject in the klankbordgroep only")
    named_only: bool = _flag(
        "only where the protocol names the replaced role itself, never its seat as a "
        "member of a body (not with 'bodies'); Oostzaan art. 2.1 lid 7: the voorzitter "
        "van de vertrouwenscommissie takes the burgemeester's tasks, not his seat in "
        "the college")
    subject_seat_only: bool = _flag(
        "only the seat that the subject himself holds in ``bodies`` (required): the others "
        "who hold the role keep theirs; Oostzaan art. 1.1 lid 5: \"Indien een "
        "fractievoorzitter zelf het onderwerp van een melding is, wordt deze ... vervangen\"")
    if_possible: bool = _flag(
        "the text replaces the role only if possible (\"zo mogelijk\"), shown so in the "
        "composition of ``bodies`` (required)")
    open: OpenMarker = None
    source: Citation

    @model_validator(mode="after")
    def _named_only_without_bodies(self) -> Self:
        from protocolkit.format.diagnostics import Msg, TextError

        if self.named_only and self.bodies:
            raise TextError(Msg.of("schema.named-only-with-bodies"))
        if self.subject_seat_only and not self.bodies:
            raise TextError(Msg.of("schema.subject-seat-without-bodies"))
        if self.if_possible and not self.bodies:
            # only a seat in a body is shown "zo mogelijk": elsewhere it would change nothing
            raise TextError(Msg.of("schema.if-possible-without-bodies"))
        return self

    @property
    def scoped(self) -> bool:
        """Whether the substitution holds only in some phases or steps."""
        return bool(self.phases or self.steps)

    def applies_in(self, step_id: str | None, phase_id: str | None,
                   body: str | None = None) -> bool:
        """Whether the substitution reaches a step (``None``: outside any step, where
        only unscoped substitutions apply), for the role as a member of ``body``
        (``None``: the role named in its own right). A substitution limited to
        ``bodies`` reaches only members of those bodies, one ``named_only`` none; phases
        and steps limit it further.

        >>> sub = Substitution(id="s", when={}, replaces="fractievoorzitter",
        ...                    by="fractiegenoot", bodies=["klankbordgroep"], source="x")
        >>> sub.applies_in("stap", None, body="klankbordgroep"), sub.applies_in("stap", None)
        (True, False)
        >>> tasks = Substitution(id="t", when={}, replaces="burgemeester",
        ...                      by="voorzitter", named_only=True, source="x")
        >>> tasks.applies_in("stap", None), tasks.applies_in("stap", None, body="college")
        (True, False)
        """
        if (self.bodies and body not in self.bodies) or (self.named_only and body is not None):
            return False
        if not self.scoped:
            return True
        return (step_id is not None and step_id in self.steps) or (
            phase_id is not None and phase_id in self.phases)


class Sanction(Model):
    """A sanction, with who imposes it: the raad, a werkgeverscommissie, or others than
    the protocol's bodies (the own fractie or partij, politie/OM), whose imposing is
    then shown as such rather than as a step of the protocol."""

    # The schema says what the loader checks: roles, or the text's silence, named.
    model_config = ConfigDict(json_schema_extra={"anyOf": [
        {"required": ["imposed_by"]}, {"required": ["imposer_not_set"]}]})

    id: Identifier
    name: str
    imposed_by: Parties = Field(
        default_factory=_empty_list, description="who imposes it: role ids, or guarded "
        "entries ({when, role}) like a step's consulted - every entry whose guard holds for "
        "the scenario (Arnhem: the gemeenteraad, for the griffier the "
        "werkgeverscommissie); empty only with imposer_not_set")
    imposer_not_set: bool = _flag(
        "the text lists the sanction but does not say who imposes it (Arnhem, "
        "Sanctiemogelijkheden: 'schorsing / ontslag (alleen voor burgemeester, wethouder "
        "en griffier)'): imposed_by stays empty and every output says the text does not "
        "set who imposes it, never a role")
    applies_to: list[str] = Field(min_length=1, description="roles (subjects) it applies to")
    severity: int = Field(ge=1, le=100, description="rank: higher is heavier")
    outside_procedure: bool = Field(
        default=False,
        description="imposed by imposed_by outside this protocol's steps (the own fractie "
        "or partij, politie/OM): answered under imposes_sanction for the subjects it "
        "applies to whose case can reach an oordeel or sanctie")
    offered: bool = _flag(
        "a measure imposed_by offers of its own accord, not a sanction imposed "
        "(Oostzaan art. 5.1 lid 3: the subject 'kan ... overgaan tot het aanbieden van "
        "publiek excuus'): shown as 'aangeboden door', and a step whose sanctions are all "
        "offered does not answer who imposes a sanction")
    open: OpenMarker = None
    source: Citation

    @model_validator(mode="after")
    def _imposer_or_not_set(self) -> Self:
        if bool(self.imposed_by) == self.imposer_not_set or (
                self.imposer_not_set and self.offered):
            from protocolkit.format.diagnostics import Msg, TextError

            raise TextError(Msg.of("schema.imposer-not-set-with-roles" if self.imposed_by
                                   else "schema.imposer-not-set-offered"
                                   if self.imposer_not_set else "schema.imposer-missing"))
        return self

    def imposer_ids(self) -> list[str]:
        """Every role ``imposed_by`` names, in any scenario, in file order.

        >>> Sanction(id="x", name="X", applies_to=["griffier"], severity=1, source="s",
        ...          imposed_by=["gemeenteraad", {"when": {"subject": "griffier"},
        ...                                       "role": "werkgeverscommissie"}]).imposer_ids()
        ['gemeenteraad', 'werkgeverscommissie']
        """
        found: list[str] = []
        for entry in self.imposed_by:
            for role in ([entry] if isinstance(entry, str) else entry.roles()):
                if role not in found:
                    found.append(role)
        return found


class CommunicationRule(Model):
    """Who may speak to whom about a case, from which stage.

    ``from_step``: the speaker may speak only once the case has passed this step; a
    ``communicatie`` step reached earlier is ``publicity-before-judgment``.
    ``from_step: null`` with ``allowed: false`` is a standing silence.
    """

    id: Identifier
    speaker: str
    audience: str
    allowed: bool = True
    from_step: str | None = None
    moment_not_set: bool = _flag(
        "the text names who speaks but sets no moment from which he may "
        "(Arnhem Fase 3, Communicatie: 'Bij sanctionering van de burgemeester: Dit wordt "
        "aan de CvdK overgelaten'): every output says the moment is not set by the text, "
        "never 'at every stage'; not with from_step, and only for allowed: true")
    when: Guard | None = None
    open: OpenMarker = None
    source: Citation

    @model_validator(mode="after")
    def _moment_not_set_alone(self) -> Self:
        if self.moment_not_set and (self.from_step is not None or not self.allowed):
            from protocolkit.format.diagnostics import Msg, TextError

            raise TextError(Msg.of("schema.moment-not-set-with-from" if self.allowed
                                   else "schema.moment-not-set-silence"))
        return self


class Silence(Model):
    """A silence that ends: ``roles`` do not speak to ``audience`` from the step
    ``from`` (``None``: from the start of the case) until ``until`` — a step id
    (the silence ends once that step is done) or ``step.outcome`` (ends with that
    outcome); ``until: None`` is a standing silence.

    Arnhem Fase 3, Communicatie: "Tot die tijd spreekt geen van de betrokkenen ... met
    de pers. Allen wachten daarmee tot na de raadsvergadering"::

        {id: stilte_raadslid, roles: [melder, betrokkene, raadslid], audience: pers,
         until: raadsvergadering, when: {subject: raadslid}, source: "Fase 3"}
    """

    id: Identifier
    roles: list[str] = Field(min_length=1)
    audience: str = "pers"
    from_: str | None = Field(default=None, alias="from",
                              description="step id from which the silence holds")
    until: str | list[str] | None = Field(
        default=None, description="step id, or 'step.outcome', that ends the silence; a "
        "list where the period can end in several places (the first one passed ends it)")
    when: Guard | None = None
    open: OpenMarker = None
    source: Citation

    def ends(self) -> list[str]:
        """Every ``step`` or ``step.outcome`` that ends the silence (empty: standing).

        >>> Silence(id="s", roles=["melder"], source="x", until=["a.b", "c"]).ends()
        ['a.b', 'c']
        """
        if self.until is None:
            return []
        return [self.until] if isinstance(self.until, str) else list(self.until)

    def until_step(self) -> str | None:
        """The step of the first end (``a`` of ``a`` or ``a.b``)."""
        ends = self.ends()
        return ends[0].split(".", 1)[0] if ends else None

    def until_outcome(self) -> str | None:
        """The outcome of the first end when it names one (``b`` of ``a.b``)."""
        ends = self.ends()
        if not ends or "." not in ends[0]:
            return None
        return ends[0].split(".", 1)[1]


#: What a need-to-know rule is about: that a case exists, who the melder is, whom the
#: melding concerns, what it says (and the route so far).
DISCLOSURE_FACTS: tuple[str, ...] = ("exists", "melder", "subject", "content")


class Disclosure(Model):
    """Who may know what about a case, from which step (need to know).

    Each listed role may know ``fact`` once the case has entered one of the ``from``
    steps (no ``from``: from the start) and not before. With ``exclusive: true`` no role
    outside the list may ever know it. With ``withheld: true`` the listed roles may never
    know it, even when they take part in a step (the text withholds it, or gives it to
    them in confidence without it; no ``from``). A role that no rule for the fact names
    knows it when it takes part in a step the case entered (actor, counterpart,
    consulted or informed): where the text is silent, that is the reading
    (``protocolkit.engine.views``).
    """

    id: Identifier
    fact: Literal["exists", "melder", "subject", "content"]
    roles: list[str] = Field(min_length=1)
    from_: list[str] = Field(default_factory=_empty_list, alias="from",
                             description="step ids; the roles may know it once the case "
                             "entered one of them (empty: from the start)")
    exclusive: bool = Field(default=False, description="no other role may ever know it")
    confidential: bool = Field(default=False, description="told in confidence (vertrouwelijk)")
    withheld: bool = _flag("the listed roles may never know it, even when "
                           "they take part in a step")
    description: str | None = None
    source: Citation

    @model_validator(mode="after")
    def _withheld_has_no_from(self) -> Self:
        if self.withheld and (self.from_ or self.exclusive):
            raise ValueError("a withheld fact has no 'from' and is not 'exclusive': the "
                             "listed roles never know it")
        return self


class Principle(Model):
    id: Identifier
    name: str
    text: str
    source: Citation


class Reservation(Model):
    """What the binding text says that qualifies an open point's proposal (Aalsmeer: the
    burgemeester "is niet in de positie een persoonsgericht onderzoek te laten doen naar
    een raadslid"): shown next to the proposal wherever it is shown, in the scenarios
    ``when`` allows (all when absent)."""

    text: str
    when: Guard | None = None
    source: Citation


class OpenPoint(Model):
    """A point a concept protocol leaves open, with the plan's own reasoning."""

    id: Identifier
    topic: str
    question: str
    reasoning: str
    affects: list[str] = Field(default_factory=_empty_list, description="ids of affected elements")
    proposal_from: str | None = Field(
        default=None,
        description="the provisional answer it governs is a proposal taken from this "
        "source (a protocol.sources id, e.g. another municipality's text), not a decision "
        "of the protocol's own text: every output shows it as 'voorstel (ontleend aan "
        "...)' under 'nog open', never as the answer")
    scope_roles: list[str] = Field(
        default_factory=_empty_list,
        description="shared-vocabulary role ids whose place in the scenarios (as reporter "
        "or subject) this point leaves open: a scenario with such a role outside the "
        "scenario space is answered 'nog open' with this point, never as 'not in this "
        "protocol'")
    reservation: Reservation | None = Field(
        default=None,
        description="what the protocol's own text says that qualifies the proposal "
        "({text, source}): shown next to the proposal in every output")
    source: Citation

    @field_validator("scope_roles")
    @classmethod
    def _known_scope_roles(cls, value: list[str]) -> list[str]:
        unknown = [v for v in value if v not in SHARED_ROLES]
        if unknown:
            raise ValueError(f"'{unknown[0]}' is not a role of the shared vocabulary")
        return value


class Reading(Model):
    """One reading of an ambiguous passage."""

    id: Identifier
    text: str
    source: Citation | None = None


class Ambiguity(Model):
    """A passage that allows two (or more) readings: both recorded, the one chosen and
    why. ``affects`` names the elements (steps, substitutions, rules, ``step.outcome``)
    whose encoding rests on the choice; ``when`` limits it to scenarios."""

    id: Identifier
    question: str
    readings: list[Reading] = Field(min_length=2)
    chosen: str
    reason: str
    affects: list[str] = Field(default_factory=_empty_list)
    when: Guard | None = None
    source: Citation


class Calendar(Model):
    """The working-day calendar that ``werkdagen`` count on.

    ``base: algemene_termijnenwet`` (the default) skips Saturdays, Sundays and the
    algemeen erkende feestdagen of the Algemene termijnenwet (art. 3 lid 1, Goede
    Vrijdag by lid 2, decreed days by lid 3; see :mod:`protocolkit.engine.calendar`);
    ``closed`` adds the municipality's own closing days::

        calendar: {base: algemene_termijnenwet, closed: [2026-12-24], source: "..."}
    """

    base: Literal["algemene_termijnenwet"] = "algemene_termijnenwet"
    closed: list[dt.date] = Field(
        default_factory=_empty_list, max_length=2000,
        description="the municipality's own closing days (YYYY-MM-DD)")
    source: Citation | None = None


class Protocol(Model):
    """A whole protocol file."""

    protocol: Metadata
    sections: list[Section] = Field(min_length=1)
    roles: list[Role] = Field(min_length=1)
    scenarios: ScenarioSpace
    phases: list[Phase] = Field(min_length=1)
    steps: list[Step] = Field(min_length=1)
    entry_routes: list[EntryRoute] = Field(min_length=1)
    substitutions: list[Substitution] = Field(default_factory=_empty_list)
    sanctions: list[Sanction] = Field(default_factory=_empty_list)
    communication: list[CommunicationRule] = Field(default_factory=_empty_list)
    silences: list[Silence] = Field(default_factory=_empty_list)
    disclosure: list[Disclosure] = Field(default_factory=_empty_list)
    principles: list[Principle] = Field(default_factory=_empty_list)
    open_points: list[OpenPoint] = Field(default_factory=_empty_list)
    ambiguities: list[Ambiguity] = Field(default_factory=_empty_list)
    acknowledged: list[Acknowledgement] = Field(default_factory=_empty_list)
    calendar: Calendar = Field(default_factory=Calendar)
    facts: list[CaseFact] = Field(default_factory=_empty_list)

    _roles: dict[str, Role] = PrivateAttr(default_factory=dict)
    _steps: dict[str, Step] = PrivateAttr(default_factory=dict)
    _phases: dict[str, Phase] = PrivateAttr(default_factory=dict)
    _sanctions: dict[str, Sanction] = PrivateAttr(default_factory=dict)
    _memo: dict[str, dict[Any, Any]] = PrivateAttr(default_factory=dict)
    _lock: threading.RLock = PrivateAttr(default_factory=threading.RLock)

    def _derive(self) -> None:
        # Lookups derived once, and a memo of this instance's own: the fields cannot
        # change, and a copy (even one with changed fields) starts afresh.
        super()._derive()
        self._roles = _index(self.roles)
        self._steps = _index(self.steps)
        self._phases = _index(self.phases)
        self._sanctions = _index(self.sanctions)
        self._memo = {}
        self._lock = threading.RLock()

    def __eq__(self, other: object) -> bool:
        # Equal protocols have equal fields; the lookups and memo are derived state.
        if not isinstance(other, Protocol):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]

    # Private attributes live in ``__pydantic_private__``; reading them through it
    # directly skips pydantic's (slow) ``__getattr__`` on these hot paths.
    def memo(self, name: str) -> dict[Any, Any]:
        """A per-instance memo for derived computations (safe: the model is frozen)."""
        memos: dict[str, dict[Any, Any]] = self.__pydantic_private__["_memo"]  # type: ignore[index]
        found = memos.get(name)
        if found is None:
            found = memos.setdefault(name, {})
        return found

    def derived(self, name: str, compute: "Callable[[Protocol], T]") -> T:
        """``compute(self)``, computed once per protocol instance and kept (the model is
        frozen, so it cannot go stale). Safe across threads: one thread computes, the
        others wait for its value. For per-key memos use :meth:`memo`."""
        memo = self.memo("derived")
        if name in memo:
            value: T = memo[name]
            return value
        lock: threading.RLock = self.__pydantic_private__["_lock"]  # type: ignore[index]
        with lock:
            if name not in memo:
                memo[name] = compute(self)
        value = memo[name]
        return value

    def intern(self, name: str, key: Hashable) -> int:
        """A small number for ``key``, the same for equal keys and different for
        different ones, per protocol instance and table ``name`` (safe across threads).

        >>> from protocolkit.format.loader import load_protocol
        >>> p = load_protocol("tests/data/minimal.yaml").protocol
        >>> p.intern("t", "a"), p.intern("t", "b"), p.intern("t", "a")
        (0, 1, 0)
        """
        ids = self.memo(name)
        found: int | None = ids.get(key)
        if found is None:
            lock: threading.RLock = self.__pydantic_private__["_lock"]  # type: ignore[index]
            with lock:
                found = ids.setdefault(key, len(ids))
        return found

    def role(self, role_id: str) -> Role | None:
        found: Role | None = self.__pydantic_private__["_roles"].get(role_id)  # type: ignore[index]
        return found

    def step(self, step_id: str) -> Step | None:
        found: Step | None = self.__pydantic_private__["_steps"].get(step_id)  # type: ignore[index]
        return found

    def phase(self, phase_id: str) -> Phase | None:
        found: Phase | None = self.__pydantic_private__["_phases"].get(phase_id)  # type: ignore[index]
        return found

    def sanction(self, sanction_id: str) -> Sanction | None:
        found: Sanction | None = self.__pydantic_private__["_sanctions"].get(sanction_id)  # type: ignore[index]
        return found

    def shared_id(self, role_id: str) -> str:
        """The shared-vocabulary id of a role (its own id when it maps to none)."""
        role = self.role(role_id)
        if role is None or role.shared is None:
            return role_id
        return role.shared

    def outcome_label(self, step_id: str, outcome_id: str) -> str:
        """An outcome as a reader sees it (:func:`~protocolkit.format.vocabulary.outcome_words`):
        its label, else its id in words; the id in words too for a step this protocol
        lacks (a case kept under another version).

        >>> from protocolkit.format.loader import load_protocol
        >>> p = load_protocol("protocols/oostzaan.yaml").protocol
        >>> p.outcome_label("ontvankelijkheidstoets", "ontvankelijk")
        'Voldoet aan lid 1: vooronderzoek (eerste screening)'
        >>> p.outcome_label("nadere_onderbouwing", "niet_aangevuld")
        'De melder heeft de melding niet nader onderbouwd'
        >>> p.outcome_label("melding", "gemeld")
        'gemeld'
        """
        step = self.step(step_id)
        found = next((o for o in step.outcomes if o.id == outcome_id), None) if step else None
        return outcome_words(outcome_id, found.label if found else None)

    def fact_label(self, fact_id: str) -> str:
        """A fact of a case as a reader sees it: its ``label``, else its id in words (a
        fact this protocol does not declare, from a case kept under another version).

        >>> from protocolkit.format.loader import load_protocol
        >>> p = load_protocol("protocols/oostzaan.yaml").protocol
        >>> p.fact_label("datum_vermeende_feiten"), p.fact_label("datum_x")
        ('Datum van de vermeende feiten', 'datum x')
        """
        found = next((f for f in self.facts if f.id == fact_id), None)
        return found.label if found is not None else fact_id.replace("_", " ")

    def exclusions_in_force(self) -> list[tuple[int, Exclusion | Guard]]:
        """The ``scenarios.exclude`` entries that exclude, with their index: all but an
        entry that follows a reading its ambiguity note does not choose.

        >>> from protocolkit.format.loader import load_protocol
        >>> p = load_protocol("protocols/arnhem.yaml").protocol
        >>> len(p.exclusions_in_force()) == len(p.scenarios.exclude)
        True
        """
        chosen = {a.id: a.chosen for a in self.ambiguities}
        return [(i, e) for i, e in enumerate(self.scenarios.exclude)
                if not (isinstance(e, Exclusion) and e.reading is not None
                        and chosen.get(e.reading.note) != e.reading.follows)]

    def exclusion_guards(self) -> list[Guard]:
        """The guard of every ``exclude`` entry in force (:meth:`exclusions_in_force`)."""
        return [e.when if isinstance(e, Exclusion) else e
                for _, e in self.exclusions_in_force()]

    def role_names(self) -> dict[str, str]:
        """Each role's name as the protocol gives it (``name:``), by its id and by the
        shared id it maps to: what a reader of the text outputs sees (``Raadsgriffier``),
        where a program reads the ids (``--format json``).

        >>> from protocolkit.format.loader import load_protocol
        >>> load_protocol("protocols/oostzaan.yaml").protocol.role_names()["griffier"]
        'Raadsgriffier'
        """
        names = {role.id: role.name for role in self.roles}
        for role in self.roles:
            if role.shared and role.shared not in names:
                names[role.shared] = role.name
        return names


def _index(items: list[Any]) -> dict[str, Any]:
    return {item.id: item for item in items}


def open_ids(value: OpenMarker) -> list[str]:
    """An ``open:`` marker as a list of open-point ids."""
    return citations(value)


def citations(value: str | list[str] | None) -> list[str]:
    """A ``source`` field as a list of section ids."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


Guard.model_rebuild()
