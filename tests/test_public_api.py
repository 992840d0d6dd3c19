"""The public API of ``import protocolkit``, pinned: a change to a name or a signature
fails here, so it is made deliberately (and recorded in CHANGELOG.md)."""

from __future__ import annotations

import dataclasses
import inspect
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import protocolkit

ROOT = Path(__file__).resolve().parents[1]

FUNCTIONS = {
    "load": "(path: 'str | Path') -> 'LoadResult'",
    "load_text": "(text: 'str', path: 'str' = '<string>') -> 'LoadResult'",
    "validate": "(paths: 'str | Path | Iterable[str | Path]', *, cache: 'bool' = False)"
                " -> 'ValidationReport'",
    "run_checks": "(protocol: 'Protocol', locations: 'Locations | None' = None)"
                  " -> 'list[Finding]'",
    "scenario_space": "(protocol: 'Protocol') -> 'list[Scenario]'",
    "scenario_from_shared": "(protocol: 'Protocol', reporter: 'str', subject: 'str', act: 'str',"
                            " own: 'bool' = False, attributes: 'Mapping[str, str] | None' = None)"
                            " -> 'Scenario'",
    "responsibilities": "(protocol: 'Protocol', scenario: 'Scenario') -> 'Responsibilities'",
    "resolve_step": "(protocol: 'Protocol', step_id: 'str', scenario: 'Scenario') -> 'StepView'",
    "route_graph": "(protocol: 'Protocol', scenario: 'Scenario') -> 'nx.MultiDiGraph'",
    "route": "(protocol: 'Protocol', scenario: 'Scenario') -> 'Route'",
    "coverage_matrix": "(protocol: 'Protocol') -> 'CoverageMatrix'",
    "diff_protocols": "(left: 'Protocol', right: 'Protocol') -> 'ProtocolDiff'",
    "simulate_file": "(protocol: 'Protocol', path: 'str | Path', as_of: 'dt.date | str | None'"
                     " = None, engine: 'CaseEngine | None' = None) -> 'Simulation'",
    "identity": "(protocol: 'Protocol') -> 'str'",
    "dump": "(protocol: 'Protocol', schema_line: 'bool' = True) -> 'str'",
    "run_scenario_tests": "(protocol_path: 'str | Path', tests_path: 'str | Path')"
                          " -> 'TestReport'",
}

CONSTRUCTORS = {
    "Scenario": "(reporter: 'str', subject: 'str', act: 'str', own: 'bool' = False, "
                "attributes: 'Mapping[str, str] | Iterable[tuple[str, str]]' = ()) -> 'None'",
    "CaseEngine": "(max_live: 'int | None' = None, "
                  "registry: 'ProtocolRegistry | None' = None) -> 'None'",
    "Casebook": "(backend: 'CaseBackend | str | Path', engine: 'CaseEngine | None' = None, "
                "clock: 'Callable[[], dt.datetime] | None' = None) -> 'None'",
}

DATA_FIELDS = {
    "Finding": ["code", "severity", "message", "location", "hint", "witness", "text",
                "hint_text", "acknowledgement", "holds_for"],
    "Location": ["path", "line", "column"],
    "LoadResult": ["path", "protocol", "findings", "locations", "data"],
    "ValidationReport": ["files"],
    "Responsibilities": ["scenario", "first_contact", "decides_follow_up",
                         "commissions_investigation", "judges", "imposes_sanction",
                         "communicates", "out_of_scope", "handoff", "sources", "steps", "silent",
                         "open_points", "speakers", "proposals", "ambiguities", "readings",
                         "sanctions", "compositions", "refused"],
    "Route": ["scenario", "steps", "entry_source", "silences", "ambiguities", "sanctions",
              "findings"],
    "ProtocolDiff": ["left", "right", "structural", "behavioral", "groups", "common"],
    "StepView": ["id", "kind", "phase", "title", "actor", "counterpart", "consulted", "informed",
                 "outcomes", "end", "out_of_scope", "deadline", "sanctions", "confidential",
                 "source", "actors", "any_of", "counterparts", "heard", "consulted_optional",
                 "heard_optional",
                 "open_points", "ambiguities",
                 "handoff", "compositions", "source_for", "actor_source"],
    "CoverageMatrix": ["municipality", "attributes", "rows"],
    "TestReport": ["path", "protocol_path", "findings", "results", "unreadable"],
    "Simulation": ["path", "protocol", "as_of", "case", "findings", "events_applied",
                   "events_given"],
}

PROTOCOL_FIELDS = ["protocol", "sections", "roles", "scenarios", "phases", "steps",
                   "entry_routes", "substitutions", "sanctions", "communication",
                   "silences", "disclosure", "principles", "open_points", "ambiguities",
                   "acknowledged", "calendar", "facts"]

METHODS = {
    "CaseEngine": {
        "open": "(self, protocol: 'Protocol', scenario: 'Scenario | Mapping[str, Any]', "
                "opened: 'DateLike', case_id: 'str | None' = None, *, "
                "received: 'DateLike | None' = None, "
                "facts: 'Mapping[str, DateLike] | None' = None, "
                "as_of: 'DateLike | None' = None) -> 'Case'",
        "restore": "(self, protocol: 'Protocol | str | Mapping[str, Any]', "
                   "record: 'str | Mapping[str, Any] | None' = None, *, "
                   "migrate: 'bool' = False) -> 'Case'",
        "migrate": "(self, case: 'Case', protocol: 'Protocol', note: 'str', date: 'DateLike', *, "
                   "recorded_by: 'str | None' = None, "
                   "recorded_at: 'dt.datetime | str | None' = None, "
                   "as_of: 'DateLike | None' = None) -> 'Case'",
        "subscribe": "(self, listener: 'Listener') -> 'Callable[[], None]'",
        "check_overdue": "(self, as_of: 'DateLike') -> 'list[Notice]'",
        "get": "(self, case_id: 'str') -> 'Case'",
        "drop": "(self, case: 'Case | str') -> 'None'",
        "compile": "(self, protocol: 'Protocol') -> 'CompiledProtocol'",
        "stats": "(self) -> 'dict[str, dict[str, int]]'",
        "close": "(self) -> 'None'",
    },
    "Case": {
        "record": "(self, step: 'str', outcome: 'str', date: 'DateLike', *, "
                  "recorded_by: 'str | None' = None, "
                  "recorded_at: 'dt.datetime | str | None' = None, note: 'str | None' = None, "
                  "as_of: 'DateLike | None' = None) -> 'tuple[str, ...]'",
        "record_fact": "(self, fact: 'str', value: 'DateLike', date: 'DateLike', *, "
                       "recorded_by: 'str | None' = None, "
                       "recorded_at: 'dt.datetime | str | None' = None, "
                       "note: 'str | None' = None, "
                       "as_of: 'DateLike | None' = None) -> 'tuple[str, ...]'",
        "correct": "(self, event: 'int', note: 'str', date: 'DateLike', *, "
                   "recorded_by: 'str | None' = None, "
                   "recorded_at: 'dt.datetime | str | None' = None, "
                   "as_of: 'DateLike | None' = None) -> 'tuple[str, ...]'",
        "latest_date": "(self) -> 'dt.date'",
        "protocol_at": "(self, entry: 'int') -> 'Protocol | None'",
        "audit_trail": "(self) -> 'list[dict[str, Any]]'",
        "view": "(self, role: 'str', as_of: 'DateLike | None' = None) -> 'dict[str, Any]'",
        "open_steps": "(self, as_of: 'DateLike | None' = None) -> 'tuple[OpenStep, ...]'",
        "overdue": "(self, as_of: 'DateLike | None' = None) -> 'tuple[OpenStep, ...]'",
        "accepts": "(self) -> 'dict[str, tuple[str, ...]]'",
        "trace": "(self) -> 'tuple[TraceEntry, ...]'",
        "waiting": "(self) -> 'dict[str, dict[str, list[str]]]'",
        "facts": "(self) -> 'list[dict[str, Any]]'",
        "silent": "(self, as_of: 'DateLike | None' = None) -> 'list[dict[str, Any]]'",
        "to_dict": "(self) -> 'dict[str, Any]'",
        "to_json": "(self) -> 'str'",
        "drop": "(self) -> 'None'",
    },
    "Casebook": {
        "add_protocol": "(self, source: 'Protocol | str | Path') -> 'str'",
        "protocols": "(self) -> 'list[ProtocolText]'",
        "open": "(self, protocol: 'Protocol | str', scenario: 'Scenario | Mapping[str, Any]', "
                "opened: 'DateLike', case_id: 'str | None' = None, *, "
                "received: 'DateLike | None' = None, "
                "facts: 'Mapping[str, DateLike] | None' = None, "
                "as_of: 'DateLike | None' = None) -> 'Case'",
        "case": "(self, case_id: 'str') -> 'Case'",
        "version": "(self, case_id: 'str') -> 'int'",
        "record": "(self, case_id: 'str', step: 'str', outcome: 'str', date: 'DateLike', *, "
                  "version: 'int | None' = None, recorded_by: 'str | None' = None, "
                  "recorded_at: 'dt.datetime | None' = None, note: 'str | None' = None, "
                  "as_of: 'DateLike | None' = None) -> 'Case'",
        "record_fact": "(self, case_id: 'str', fact: 'str', value: 'DateLike', "
                       "date: 'DateLike', *, version: 'int | None' = None, "
                       "recorded_by: 'str | None' = None, "
                       "recorded_at: 'dt.datetime | None' = None, note: 'str | None' = None, "
                       "as_of: 'DateLike | None' = None) -> 'Case'",
        "correct": "(self, case_id: 'str', event: 'int', note: 'str', date: 'DateLike', *, "
                   "version: 'int | None' = None, recorded_by: 'str | None' = None, "
                   "recorded_at: 'dt.datetime | None' = None, "
                   "as_of: 'DateLike | None' = None) -> 'Case'",
        "migrate": "(self, case_id: 'str', protocol: 'Protocol | str', note: 'str', "
                   "date: 'DateLike', *, version: 'int | None' = None, "
                   "recorded_by: 'str | None' = None, "
                   "recorded_at: 'dt.datetime | None' = None, "
                   "as_of: 'DateLike | None' = None) -> 'Case'",
        "list": "(self, status: 'str | None' = None, overdue_as_of: 'DateLike | None' = None, "
                "municipality: 'str | None' = None) -> 'list[CaseRow]'",
        "export": "(self, case_id: 'str') -> 'dict[str, Any]'",
        "replay": "(self, case_id: 'str', before_migration: 'int | None' = None) -> 'Case'",
        "close": "(self) -> 'None'",
    },
}

CASE_PROPERTIES = ["closed", "current_facts", "entry_route", "events", "facts_given", "id", "identity",
                   "migrations", "ontvangst", "opened", "protocol", "received", "ruleset", "scenario",
                   "substitutions", "version"]

ERRORS = {
    "CaseError": "Exception",
    "EventRefused": "CaseError",
    "ScenarioNotCovered": "CaseError",
    "CaseInputError": "CaseError",
    "CaseRecordError": "CaseError",
    "EngineError": "CaseError",
    "MigrationRefused": "CaseError",
    "StoreError": "RuntimeError",
    "StaleWrite": "StoreError",
}


def test_the_public_names() -> None:
    names = ["__version__", *FUNCTIONS, *CONSTRUCTORS, *DATA_FIELDS, "Protocol", "Severity",
             *METHODS, *ERRORS]
    assert sorted(set(names)) == sorted(protocolkit.__all__)
    assert sorted(protocolkit.__all__) == protocolkit.__all__
    for name in protocolkit.__all__:
        assert getattr(protocolkit, name) is not None
        assert name in dir(protocolkit)


#: Names the guides import from a module behind the API: the stages a tool may go into
#: (docs/api.md says so where it shows them), deliberately not in ``__all__``.
BEHIND = {
    "protocolkit.api": {"refuse"},
    "protocolkit.semantics": {"aliases_used", "press_rules", "refusal", "silences",
                              "possible_scenarios", "route_adjacency", "completions",
                              "missing_required", "scenario_problems"},
    "protocolkit.semantics.boxes": {"merge", "select"},
    # docs/api.md says why these are not exported: the writers of the outputs, the
    # engine's calendar arithmetic, the frame of the outputs
    "protocolkit.present": {"diagram"},
    "protocolkit.present.bpmn": {"to_bpmn"},
    "protocolkit.present.comparison": {"render_markdown"},
    "protocolkit.present.diagram": {"scope_ids"},
    "protocolkit.present.report": {"build_report", "render_html", "route_diagrams",
                                   "route_sheet"},
    "protocolkit.present.wegwijzer": {"answers", "cell_key", "cited_sections",
                                      "render_wegwijzer", "wegwijzer_data"},
    "protocolkit.engine.calendar": {"WorkingCalendar", "due_date", "is_working_day"},
    "protocolkit.format": {"escape"},
    "protocolkit.format.collector": {"collector_paused"},
    "protocolkit.format.texts": {"resolve_lang"},
    "protocolkit.format.vocabulary": {"QUESTIONS", "SHARED_ROLES", "StepKind"},
}
GUIDES = ("api.md", "engine.md")
#: Every page whose examples import from protocolkit: the guides, the other pages of
#: docs/ (docs/**/*.md) and README.md.
PAGES = (*GUIDES, *sorted(
    path for path in (str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*.md"))
    if path not in GUIDES
    and "from protocolkit" in (ROOT / "docs" / path).read_text(encoding="utf-8")),
    "../README.md")


def _guide_imports(page: str) -> list[tuple[str, str]]:
    """(module, name) of every ``from protocolkit... import`` in a guide's examples."""
    import re

    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    found = []
    for module, names in re.findall(r"^from (protocolkit[\w.]*) import \(?([^)\n]*(?:\n[^)\n]*)*?)\)?$",
                                    text, flags=re.MULTILINE):
        found.extend((module, n.strip()) for n in names.replace("\n", ",").split(",")
                     if n.strip())
    return found


@pytest.mark.parametrize("page", PAGES)
def test_the_guides_import_what_protocolkit_exports(page: str) -> None:
    # docs/api.md: "a tool imports everything it needs from protocolkit itself"; every
    # other page as well, but for the few names docs/api.md says are kept behind it
    imports = _guide_imports(page)
    assert imports
    for module, name in imports:
        if module == "protocolkit":
            assert name in protocolkit.__all__, (page, name)
        else:
            assert name not in protocolkit.__all__, f"{page}: import {name} from protocolkit"
            assert name in BEHIND.get(module, set()), (page, module, name)


def test_the_api_guide_names_every_public_name() -> None:
    guide = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    table = guide.split("| what | names |", 1)[1].split("\n\n", 1)[0]
    assert [n for n in protocolkit.__all__ if n != "__version__" and f"`{n}`" not in table] == []


def test_no_public_name_is_shadowed_by_a_submodule() -> None:
    # Importing protocolkit.X sets the attribute X of the package to the module, which
    # would replace a public function of that name.
    package = Path(protocolkit.__file__).parent
    clashes = [n for n in protocolkit.__all__
               if (package / f"{n}.py").exists() or (package / n / "__init__.py").exists()]
    assert clashes == []


def test_function_signatures() -> None:
    for name, signature in FUNCTIONS.items():
        assert str(inspect.signature(getattr(protocolkit, name))) == signature, name


def test_constructor_and_method_signatures() -> None:
    for name, signature in CONSTRUCTORS.items():
        assert str(inspect.signature(getattr(protocolkit, name))) == signature, name
    for cls_name, methods in METHODS.items():
        cls = getattr(protocolkit, cls_name)
        public = sorted(n for n, m in vars(cls).items()
                        if not n.startswith("_") and callable(m) and not isinstance(m, property))
        assert public == sorted(methods), cls_name
        for method, signature in methods.items():
            assert str(inspect.signature(getattr(cls, method))) == signature, (cls_name, method)
    properties = sorted(n for n, m in vars(protocolkit.Case).items() if isinstance(m, property))
    assert properties == CASE_PROPERTIES


def test_the_refusal_methods_are_the_documented_ones() -> None:
    # semantics.Refusal's words are messages (docs/api.md); the commands print
    # api.refuse's finding, whose message and hint are message_text and hint_text.
    from protocolkit.semantics import Refusal

    public = sorted(n for n, m in vars(Refusal).items()
                    if not n.startswith("_") and callable(m) and not isinstance(m, property))
    assert public == ["detail_text", "hint_text", "message_text", "reason_text"]
    documented = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in documented for name in public)


def test_data_types_and_their_fields() -> None:
    for name, fields in DATA_FIELDS.items():
        cls = getattr(protocolkit, name)
        assert [f.name for f in dataclasses.fields(cls)] == fields, name
    assert list(protocolkit.Protocol.model_fields) == PROTOCOL_FIELDS
    assert [s.value for s in protocolkit.Severity] == ["error", "warning", "info"]


def test_error_types() -> None:
    for name, base in ERRORS.items():
        cls = getattr(protocolkit, name)
        assert issubclass(cls, Exception) and cls.__mro__[1].__name__ == base, name


def test_import_protocolkit_stays_cheap() -> None:
    script = ("import sys, protocolkit; "
              "print(sorted(m for m in ('pydantic', 'networkx', 'durable', 'yaml', "
              "'protocolkit.format.model', 'protocolkit.engine') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_version_is_the_package_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert protocolkit.__version__ == project["version"] == "0.2.0"
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{project['version']}]" in changelog or "## [Unreleased]" in changelog


def test_locations_a_caller_builds_with_line_and_column_pairs_still_work() -> None:
    """``LoadResult.locations`` keeps line and column packed in one int; a caller's
    ``Locations`` with ``(line, column)`` pairs, as before, places the same findings."""
    from protocolkit.format.loader import Locations, unpacked

    result = protocolkit.load(ROOT / "tests" / "data" / "checks" / "dead_end.yaml")
    assert result.protocol is not None
    loaded = result.locations
    pairs = Locations(loaded.path, {k: unpacked(v) for k, v in loaded.keys.items()},
                      {k: unpacked(v) for k, v in loaded.values.items()})
    assert all(isinstance(v, tuple) for v in pairs.values.values())
    found = protocolkit.run_checks(result.protocol, loaded)
    assert found and protocolkit.run_checks(result.protocol, pairs) == found
    assert Locations("p.yaml", values={("steps", 0): (12, 5)}).at(
        ("steps", 0, "actor")) == protocolkit.Location("p.yaml", 12, 5)


def test_the_exported_functions_return_exported_types() -> None:
    """What an exported function returns is itself exported, so a tool can name it in
    its own annotations from ``protocolkit`` (``resolve_step`` -> ``StepView``,
    ``coverage_matrix`` -> ``CoverageMatrix``)."""
    import re

    returned = {re.sub(r"^.*-> '(.*)'$", r"\1", signature) for signature in FUNCTIONS.values()}
    named = {name for name in returned if re.fullmatch(r"[A-Z]\w*", name)}
    assert named - set(protocolkit.__all__) == set()
    assert {"StepView", "CoverageMatrix"} <= named
    result = protocolkit.load(ROOT / "tests" / "data" / "minimal.yaml")
    assert result.protocol is not None
    scenario = protocolkit.Scenario("raadslid", "burgemeester", "uitgevoerd")
    assert isinstance(protocolkit.resolve_step(result.protocol, "melding", scenario),
                      protocolkit.StepView)
    assert isinstance(protocolkit.coverage_matrix(result.protocol), protocolkit.CoverageMatrix)
