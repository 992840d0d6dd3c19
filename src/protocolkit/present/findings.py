"""Rendering findings for people and tools: text, JSON and SARIF 2.1.0.

Reports stage: takes data from :mod:`protocolkit.api`, returns strings.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from protocolkit import __version__
from protocolkit.format import escape
from protocolkit.format.diagnostics import (
    CODES,
    FileReport,
    Msg,
    Severity,
    ValidationReport,
    counted,
    relation_chain,
    severity_word,
)
from protocolkit.format.texts import citation_text, text
from protocolkit.format.vocabulary import not_assigned, scenario_text


def findings_text(report: ValidationReport, lang: str = "en", verbose: bool = False) -> str:
    """The findings for a terminal, short by default.

    One line per finding (``file:line:col: severity[code]: message (hint)``); errors
    show the path through the protocol that proves them. Findings the protocol
    acknowledges take one line each, with the number of scenarios and without the
    reason; open points show their question only. ``verbose`` shows everything: hints,
    reasons and every witness. A last line counts the findings.

    A witness is shown once: a later error with the same scenario and route (one wrong
    actor breaks several rules at one step) refers to the finding above that shows it,
    by its line. ``verbose`` and the JSON give every finding its own witness.
    """
    lines: list[str] = []
    collapsed = False
    shown: dict[str, int | None] = {}        # a witness shown -> the line of its finding
    for file in report.files:
        for f in file.findings:
            if verbose:
                lines.append(f.render(lang))
                if f.witness:
                    lines.extend("    " + line for line in witness_lines(f.witness, lang))
                continue
            if f.acknowledgement is not None and f.text is not None:
                count = int((f.witness or {}).get("scenarios") or 0)
                words = (Msg.of("v.count", scenarios=counted("n.scenario", count))
                         .render(lang) if count else "")
                lines.append(f"{f.location.render()}: {severity_word(f.severity, lang)}"
                             f"[{f.code}]: {f.text.render(lang)}{words}"
                             + Msg.of("w.acknowledged", id=f.acknowledgement[0]).render(lang))
                collapsed = True
            elif f.code == "open-point" and f.text is not None:
                lines.append(f"{f.location.render()}: {severity_word(f.severity, lang)}"
                             f"[{f.code}]: {f.text.render(lang)}")
                collapsed = collapsed or f.hint is not None
            else:
                lines.append(f.render(lang))
                if f.witness and f.severity is Severity.error:
                    key = json.dumps([file.path, f.witness.get("scenario"),
                                      f.witness.get("path"), f.witness.get("cycle")],
                                     sort_keys=True, default=str)
                    if key in shown:
                        line = shown[key]
                        lines.append("    " + Msg.of("v.same-witness-line" if line else
                                                     "v.same-witness", line=line).render(lang))
                        continue
                    shown[key] = f.location.line
                    lines.extend("    " + line for line in witness_lines(f.witness, lang))
                else:
                    collapsed = collapsed or bool(f.witness)
        lines.extend(_note_lines(file, lang))
    lines.append(count_line(report, lang))
    if collapsed:
        lines.append(Msg.of("v.verbose").render(lang))
    return escape.terminal_lines(lines)


def count_line(report: ValidationReport, lang: str = "en") -> str:
    """``3 files checked: 0 errors, 10 warnings, 16 acknowledged``; ``1 bestand
    gecontroleerd: 1 fout, 0 waarschuwingen, 0 aanvaard``."""
    counts = report.counts()
    files = len(report.files)
    return Msg.of("v.checked", files=counted("n.file", files),
                  errors=counted("n.error", counts["error"]),
                  warnings=counted("n.warning", counts["warning"]),
                  notes=counts["info"]).render(lang)


def findings_summary(report: ValidationReport, lang: str = "en") -> str:
    """Counts per file and per code (``validate --summary``)."""
    lines: list[str] = []
    for file in report.files:
        counts: dict[tuple[str, Severity], int] = {}
        for f in file.findings:
            counts[(f.code, f.severity)] = counts.get((f.code, f.severity), 0) + 1
        lines.append(f"{file.path}:" + ("" if counts else " " + Msg.of("v.clean").render(lang)))
        for (code, severity), number in sorted(counts.items(),
                                               key=lambda item: (-_rank(item[0][1]), item[0][0])):
            title = CODES[code].title_nl if lang == "nl" and code in CODES else (
                CODES[code].summary if code in CODES else code)
            lines.append(f"  {number:>4} {severity_word(severity, lang):<12} {code:<34} {title}")
        lines.extend(_note_lines(file, lang))
    lines.append(count_line(report, lang))
    return escape.terminal_lines(lines)


def _note_lines(file: FileReport, lang: str) -> list[str]:
    """The line saying that the route checks of ``file`` did not run, if they did not."""
    note = file.note()
    return [] if note is None else [f"{file.path}: {note.render(lang)}"]


def _rank(severity: Severity) -> int:
    return {Severity.error: 2, Severity.warning: 1, Severity.info: 0}[severity]


def witness_lines(witness: dict[str, Any], lang: str = "en") -> list[str]:
    """A witness (scenario + path + who acts) as indented lines a griffier can follow."""
    lines: list[str] = []
    scenario = witness.get("scenario")
    if scenario:
        lines.append(Msg.of("v.scenario", label=scenario_text(
            scenario, prose=lang == "nl", lang=lang)).render(lang))
    path = witness.get("path") or []
    first = 1 + (path[0].get("steps_before", 0) if path and isinstance(path[0], dict) else 0)
    for i, step in enumerate(path, start=first):
        if isinstance(step, dict) and step.get("steps_before"):
            lines.append(counted("v.before", step["steps_before"]).render(lang))
        if isinstance(step, dict):
            via = f" --{step['outcome']}-->" if step.get("outcome") else ""
            lines.append(f"{i}. {step.get('step')} ({step.get('kind', '')}, "
                         f"{step.get('actor', '?')}){via}")
        else:
            lines.append(f"{i}. {step}")
    if witness.get("cycle"):
        lines.append(Msg.of("v.relations").render(lang)
                     + relation_chain(str(x) for x in witness["cycle"]).render(lang))
    return lines


def findings_json(report: ValidationReport, lang: str = "en") -> str:
    return escape.json_text(json.dumps(report.to_dict(lang), indent=2, ensure_ascii=False)) + "\n"


_SARIF_LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "note"}

#: The documentation folder of a source checkout (absent from an installed wheel).
_DOCS = Path(__file__).resolve().parents[3] / "docs"


def docs_uri(page: str, fragment: str = "") -> str | None:
    """An absolute ``file://`` URI of a documentation page, or ``None`` where the docs are
    not on this machine (SARIF wants absolute URIs, and a relative one resolves against
    whatever folder the viewer happens to use)."""
    target = _DOCS / page
    if not target.is_file():
        return None
    return escape.file_uri(target) + (f"#{fragment}" if fragment else "")


def findings_sarif(report: ValidationReport, lang: str = "en") -> str:
    """SARIF 2.1.0 for code review tools (GitHub code scanning and the like)."""
    used = sorted({f.code for f in report.findings})
    rules: list[dict[str, Any]] = []
    for code in used:
        rule: dict[str, Any] = {
            "id": code,
            "name": code,
            "shortDescription": {"text": (CODES[code].summary_nl if lang == "nl" else
                                          CODES[code].summary) if code in CODES else code},
            "defaultConfiguration": {"level": _SARIF_LEVEL[CODES[code].severity]
                                     if code in CODES else "warning"},
        }
        help_uri = (docs_uri(f"checks/{code}.md") if code in CODES
                    and CODES[code].stage == "analysis" else docs_uri("diagnostics.md", code))
        if help_uri:
            rule["helpUri"] = help_uri
        rules.append(rule)
    results = []
    for file in report.files:
        for f in file.findings:
            region: dict[str, int] = {}
            if f.location.line:
                region["startLine"] = f.location.line
            if f.location.column:
                region["startColumn"] = f.location.column
            # An absolute file URI, percent-encoded (a raw path with a space, '#' or '%'
            # is not a URI).
            physical: dict[str, Any] = {"artifactLocation": {"uri": escape.file_uri(file.path)}}
            if region:
                physical["region"] = region
            result: dict[str, Any] = {
                "ruleId": f.code,
                "level": _SARIF_LEVEL[f.severity],
                "message": {"text": f.describe(lang) + (
                    f" ({f.hint_in(lang)})" if f.hint_in(lang) else "")},
                "locations": [{"physicalLocation": physical}],
            }
            if f.witness:
                result["properties"] = {"witness": f.witness}
            results.append(result)
    driver: dict[str, Any] = {"name": "protocolkit", "version": __version__, "rules": rules}
    information = docs_uri("diagnostics.md")
    if information:
        driver["informationUri"] = information
    run: dict[str, Any] = {"tool": {"driver": driver}, "results": results}
    # A file whose route checks did not run says so as a notification of the run.
    notes = [{"level": "note", "message": {"text": note.render(lang)},
              "locations": [{"physicalLocation": {
                  "artifactLocation": {"uri": escape.file_uri(file.path)}}}]}
             for file in report.files if (note := file.note()) is not None]
    if notes:
        run["invocations"] = [{"executionSuccessful": True,
                               "toolExecutionNotifications": notes}]
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    }
    return escape.json_text(json.dumps(sarif, indent=2, ensure_ascii=False)) + "\n"


#: What the text leaves unassigned reads as this (never filled in).


def party_words(party: Any, lang: str = "nl") -> str:
    """Who a party is across scenarios, in Dutch: ``gemeentesecretaris (als act
    uitgevoerd); anders burgemeester``; :data:`NOT_ASSIGNED` where the text is silent."""
    from protocolkit.present.comparison import guard_words

    if not party:
        return not_assigned(lang)
    if isinstance(party, str):
        return party
    shown: list[str] = []
    for case in party:
        if isinstance(case, str):
            shown.append(case)
            continue
        roles = text("common.and-or" if case.any_of else "common.and", lang).join(case.roles())
        shown.append(roles + (text("party.if", lang, guard=guard_words(case.when.to_data(), lang))
                              if case.when else ""))
    guarded = any(not isinstance(c, str) and c.when for c in party)
    last = party[-1]
    if guarded and not isinstance(last, str) and last.when:
        shown.append(not_assigned(lang))       # no alternative holds: the text is silent
    return text("party.otherwise" if guarded else "common.and", lang).join(shown)


def handoff_lines(handoff: dict[str, Any] | None, lang: str = "nl") -> list[str]:
    """Where a case goes when it leaves the protocol and who acts there, in Dutch or
    English (``Responsibilities.handoff``, ``RouteStep.handoff``, ``Closing.handoff``).

    >>> handoff_lines({"regime": "Ambtelijke meldregeling", "text": "Ambtelijke meldregeling",
    ...                "decides": None, "communicates_with_melder": ["burgemeester"],
    ...                "source": ["art. 2.1 lid 2"]})
    ['Buiten dit protocol: Ambtelijke meldregeling (art. 2.1 lid 2)', '  Wie beslist daar over het vervolg: niet toegewezen in de tekst', '  Wie communiceert met de melder: burgemeester']
    """
    if not handoff:
        return []
    cited = citation_text(handoff.get("source") or [])
    head = text("handoff.head", lang, text=handoff["text"]) + (f" ({cited})" if cited else "")

    def who(roles: list[str] | None) -> str:
        return text("common.and", lang).join(roles or []) or not_assigned(lang)

    return [head,
            text("handoff.decides", lang, roles=who(handoff["decides"])),
            text("handoff.communicates", lang, roles=who(handoff["communicates_with_melder"]))]
