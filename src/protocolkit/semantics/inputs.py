"""A scenario as a caller gives it, read strictly, and the errors for input that cannot
be taken: at home in the semantics, so that :class:`~protocolkit.semantics.Scenario`
refuses fields of the wrong types when it is made, with the exception the engine and
the API raise for the same input (:mod:`protocolkit.engine` and :mod:`protocolkit`
re-export :class:`CaseError` and :class:`CaseInputError`; a caller catches one type
wherever the input is refused).

Strict: roles and the act are strings, ``own`` is a boolean (``"nee"`` is refused,
never read as true), attribute names and values are strings.

>>> scenario_spec({"reporter": "raadslid", "subject": "wethouder", "act": "uitgevoerd",
...                "own": "nee"})
Traceback (most recent call last):
protocolkit.semantics.inputs.CaseInputError: not a valid scenario: field 'own': the value must be true or false, not 'nee'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictStr,
    ValidationError,
)

from protocolkit.format.diagnostics import Finding, Msg, TextError, finding, joined, listed
from protocolkit.format.vocabulary import ACT_KINDS


class CaseError(Exception):
    """Something a caller asked of a case that cannot be done.

    Its message is data, for every language: ``text`` is a
    :class:`~protocolkit.format.diagnostics.Msg` whose id, ``code``, is the stable key of
    the text in :data:`protocolkit.format.texts.TEXTS` (``engine.not-a-date``, …);
    ``str(error)`` is English and :meth:`render` writes it in Dutch or English.
    ``hint_text``, when not ``None``, is what the caller probably meant (a did-you-mean);
    :meth:`render` writes it after the message."""

    #: What the caller probably meant, else ``None``.
    hint_text: Msg | None = None

    def __init__(self, message: str | Msg, *, hint: Msg | None = None) -> None:
        self.text = message if isinstance(message, Msg) else Msg.of("w.text", text=message)
        self.hint_text = hint
        super().__init__(self.in_full().render("en"))

    @property
    def code(self) -> str:
        """The stable key of the message (``w.text`` for a text given as it is)."""
        return self.text.id

    def in_full(self) -> Msg:
        """The message and its hint as :meth:`render` writes them, for every language."""
        return self.text if self.hint_text is None else joined([self.text, self.hint_text])

    def render(self, lang: str | None = None) -> str:
        """The message in ``lang`` (``None``: :func:`protocolkit.format.texts.resolve_lang`)."""
        from protocolkit.format.texts import resolve_lang

        return self.in_full().render(resolve_lang(lang))


class CaseInputError(CaseError, ValueError):
    """Malformed input at the API edge: a date outside 1900-2200 or not ``YYYY-MM-DD``, a
    naive datetime, a case id that could not be restored, a scenario or event of the
    wrong types (``own: "false"``; a :class:`~protocolkit.semantics.Scenario` refuses
    them when it is made), scenario attributes or facts the protocol does not
    declare (strict input: nothing is dropped or defaulted silently). Nothing changed.
    ``field`` names the part of the input: ``scenario``, ``attributes``, ``facts``,
    ``received``, or a keyword that is no boolean (``migrate``, ``cache``: ``"no"`` is
    never read as true) or no case version (``version``). The API's questions about a scenario (``protocolkit.responsibilities``,
    ``route``, ``resolve_step``, ``route_graph``) refuse a misspelt role, act or
    attribute, a value outside its domain or a ``required`` attribute left out with this
    error too (:func:`protocolkit.api.checked_scenario`); :attr:`finding` is it as a
    diagnostic."""

    def __init__(self, message: str | Msg, field: str = "scenario", *,
                 hint: Msg | None = None) -> None:
        super().__init__(message, hint=hint)
        self.field = field

    @property
    def finding(self) -> Finding:
        """The error as a diagnostic, as the commands report it: code
        ``invalid-case-input``, severity error, the message and the hint in Dutch and
        English (``render(lang)``, ``to_dict(lang)``); no place (the input was no file)."""
        return finding("invalid-case-input", self.text, hint=self.hint_text)


def _act(value: str) -> str:
    if value not in ACT_KINDS:
        raise TextError(Msg.of("arg.not-an-act", act=value, listed=listed(
            value, ACT_KINDS, ", ".join(ACT_KINDS))))
    return value


#: The act of a scenario: one of the shared vocabulary's (``voorgenomen``, ``uitgevoerd``).
Act = Annotated[StrictStr, AfterValidator(_act)]


class ScenarioSpec(BaseModel):
    """Who reports, about whom, which act, own act or not (and extra attributes): a
    scenario's fields as ``CaseEngine.open``, the ``CASE.yaml`` files of ``protocolkit
    simulate`` and the scenario-test files of ``protocolkit test`` read them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reporter: StrictStr
    subject: StrictStr
    act: Act
    own: StrictBool = False
    attributes: dict[StrictStr, StrictStr] = Field(default_factory=dict)


def scenario_spec(scenario: Mapping[str, Any]) -> ScenarioSpec:
    """A scenario's fields read strictly (:class:`ScenarioSpec`: strings, ``own`` a
    boolean, never ``"nee"`` read as true), or :class:`CaseInputError` saying which field
    is wrong. ``Scenario(...)``, ``CaseEngine.open`` and the API's questions
    (:func:`protocolkit.api.checked_scenario`) read a scenario so, a mapping or a
    :class:`~protocolkit.semantics.Scenario`'s fields alike."""
    try:
        return ScenarioSpec.model_validate(dict(scenario))
    except ValidationError as error:
        from protocolkit.format.loader import validation_text

        raise CaseInputError(Msg.of("engine.invalid-scenario", detail=validation_text(
            error, dict(scenario), ScenarioSpec))) from error
