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

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from protocolkit import escape


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


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    location: Location = field(default_factory=Location)
    hint: str | None = None
    witness: dict[str, Any] | None = None

    def render(self) -> str:
        text = f"{self.location.render()}: {self.severity.value}[{self.code}]: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        # One line, whatever the file says: a newline or escape sequence in a quoted
        # value cannot print a line of its own or reach the terminal.
        return escape.terminal(text)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "location": self.location.to_dict(),
            "hint": self.hint,
        }
        if self.witness is not None:
            data["witness"] = self.witness
        return data

    def with_severity(self, severity: Severity, note: str | None = None) -> Finding:
        message = self.message if note is None else f"{self.message} — {note}"
        return replace(self, severity=severity, message=message)


@dataclass(frozen=True)
class CodeInfo:
    severity: Severity
    stage: str
    summary: str


def _c(severity: str, stage: str, summary: str) -> CodeInfo:
    return CodeInfo(Severity(severity), stage, summary)


#: Every finding code, its default severity, the stage that emits it, and what it means.
CODES: dict[str, CodeInfo] = {
    # reading the file
    "file-not-found": _c("error", "read", "the file does not exist"),
    "file-unreadable": _c("error", "read", "the file exists but cannot be read (permissions, a device, an I/O error)"),
    "file-too-large": _c("error", "read", "the file exceeds the size limit for a protocol"),
    "binary-file": _c("error", "read", "the file is not text (NUL bytes or invalid UTF-8)"),
    "empty-file": _c("error", "read", "the file holds no YAML document"),
    # YAML
    "yaml-syntax": _c("error", "yaml", "the text is not valid YAML"),
    "tab-indentation": _c("error", "yaml", "a tab is used for indentation, YAML needs spaces"),
    "duplicate-key": _c("error", "yaml", "a key appears twice in one mapping"),
    "yaml-tag": _c("error", "yaml", "an explicit YAML tag (!!python/..., !custom) is not allowed"),
    "alias-bomb": _c("error", "yaml", "anchors and aliases expand beyond the allowed size"),
    "too-deeply-nested": _c("error", "yaml", "the document nests deeper than allowed"),
    "multiple-documents": _c("error", "yaml", "the file holds more than one YAML document"),
    "root-not-mapping": _c("error", "yaml", "the document is not a mapping of keys"),
    "non-string-key": _c("error", "yaml", "a mapping key is not a plain string"),
    "merge-key": _c("error", "yaml", "a YAML merge key (<<), which protocol files do not support"),
    "hidden-character": _c("error", "yaml", "a character a reviewer cannot see: a line break only YAML sees, a bidi control or zero-width character outside a quoted string, or a control character in a value"),
    # schema
    "unknown-field": _c("error", "schema", "a key the format does not know (often a typo)"),
    "missing-field": _c("error", "schema", "a required key is missing"),
    "invalid-value": _c("error", "schema", "a value has the wrong type or is not allowed"),
    # references and citations
    "duplicate-id": _c("error", "references", "two elements of one kind share an id"),
    "unknown-role": _c("error", "references", "a role id that no role declares"),
    "unknown-step": _c("error", "references", "a step id that no step declares"),
    "unknown-phase": _c("error", "references", "a phase id that no phase declares"),
    "unknown-sanction": _c("error", "references", "a sanction id that no sanction declares"),
    "unknown-fact": _c("error", "references", "a fact condition names a fact of the case that no fact declares"),
    "unknown-section": _c("error", "references", "a citation of a section the file does not declare"),
    "unknown-document": _c("error", "references", "a section names a source document not in metadata"),
    "unknown-attribute": _c("error", "references", "a guard names an attribute the scenario space lacks"),
    "unknown-value": _c("error", "references", "a guard value outside the attribute's declared domain"),
    "uncited-section": _c("warning", "references", "a declared section that no element cites"),
    "look-alike-id": _c("warning", "references", "a section id spelled with look-alike letters of another script"),
    "substitution-cycle": _c("error", "references", "substitutions replace roles in a circle"),
    "open-point": _c("warning", "references", "a point the concept leaves open for decision"),
    "unknown-open-point": _c("error", "references", "an 'open:' marker names no declared open point"),
    "unknown-element": _c("error", "references", "an 'affects' list names no element of the file"),
    "open-point-governs-nothing": _c("warning", "references", "an open point that no element is marked with or listed under"),
    "empty-scenario-space": _c("error", "references", "the scenario space holds no scenario"),
    "scenario-space-too-large": _c("error", "references", "the scenario space has more combinations than can be checked"),
    # route-graph checks (protocolkit.analysis; one page each in docs/checks/)
    "missing-route": _c("error", "analysis", "a scenario that no entry route serves"),
    "ambiguous-route": _c("error", "analysis", "two entry routes hold for one scenario and lead different ways"),
    "no-actor": _c("error", "analysis", "a step names nobody to act in some scenario"),
    "dead-end": _c("error", "analysis", "a step that is not an end has no way on in some scenario"),
    "no-termination": _c("error", "analysis", "steps that go round without any way to an end"),
    "unreachable-step": _c("warning", "analysis", "a step that no scenario reaches"),
    "conflict-of-interest": _c("error", "analysis", "a role acts in a case about itself, someone it depends on, or a body it belongs to"),
    "forbidden-role-action": _c("error", "analysis", "a role acts against its declared restriction (never)"),
    "no-hearing-before-sanction": _c("error", "analysis", "a path to a sanction without hearing the subject or an admission"),
    "investigation-without-preliminary": _c("error", "analysis", "a path into an onderzoek that skips the vooronderzoek"),
    "sanction-not-applicable": _c("error", "analysis", "a sanction offered to a subject it does not apply to, or imposed by a role not empowered"),
    "publicity-before-judgment": _c("error", "analysis", "the press or public is told before the communication rules allow"),
    "disclosure-before-allowed": _c("error", "analysis", "a step tells a role something (that a case exists, whom it concerns, who reported it) before the disclosure rules allow it"),
    "incomplete-coverage": _c("warning", "analysis", "an element the handreiking asks for (melding, onderzoek, aangifte, registratie, nazorg) is not covered"),
    "unmatched-acknowledgement": _c("warning", "analysis", "an acknowledgement that matches no finding"),
    # running a case (protocolkit.engine; protocolkit simulate)
    "scenario-not-covered": _c("error", "case", "the protocol excludes the scenario, or it cannot happen, or no route serves it"),
    "event-refused": _c("error", "case", "an event the protocol does not allow at that point of the case"),
    "invalid-case-input": _c("error", "case", "a scenario attribute or case fact the protocol does not declare, a value outside its domain, a required attribute left out, or received after opened"),
}


#: Longest witness path kept: the last steps of the shortest path, the first kept step
#: saying how many came before it (``steps_before``). A chain of 3,000 steps otherwise
#: gives 3,000 findings whose witnesses hold 4.5 million steps (issue 12).
MAX_WITNESS_STEPS = 30
#: Findings of one code shown one by one; the rest of that code are grouped into one
#: finding that counts them (``witness["more"]``) and names the first of their places.
MAX_FINDINGS_PER_CODE = 50

#: Codes that say a file could not be read at all: I/O errors, exit code 2.
IO_CODES = frozenset({"file-not-found", "file-unreadable"})


def finding(code: str, message: str, location: Location | None = None, *,
            hint: str | None = None, severity: Severity | None = None,
            witness: dict[str, Any] | None = None) -> Finding:
    """A finding with the registered default severity of ``code``."""
    info = CODES[code]
    return Finding(code, severity or info.severity, message, location or Location(), hint, witness)


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A hint naming the closest candidate, or ``None``.

    >>> did_you_mean("cvdkk", ["cvdk", "college"])
    'did you mean `cvdk`?'
    """
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"did you mean `{matches[0]}`?" if matches else None


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


@dataclass
class FileReport:
    path: str
    findings: list[Finding]
    protocol: Any = None  # the validated model, when it loaded and was checked now

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "findings": [f.to_dict() for f in self.findings]}


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

    def to_dict(self) -> dict[str, Any]:
        return {"files": [f.to_dict() for f in self.files]}
