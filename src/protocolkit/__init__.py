"""protocolkit: integrity protocols of Dutch municipalities as executable, checkable data.

The stages, one way: YAML text -> loader -> :class:`Protocol` -> {semantics and
analysis, engine, diff} -> reports and CLI. Everything a tool builder needs is importable
from here (``__all__``, pinned by ``tests/test_public_api.py``); each name is imported
on first use, so ``import protocolkit`` stays cheap (no pydantic, networkx or
durable-rules until a name that needs them is used).

>>> import protocolkit
>>> result = protocolkit.load("tests/data/minimal.yaml")
>>> scenario = protocolkit.Scenario("raadslid", "burgemeester", "uitgevoerd")
>>> protocolkit.responsibilities(result.protocol, scenario).decides_follow_up
['cvdk']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

#: Public name -> the module that defines it (its one home).
_HOMES: dict[str, str] = {
    # read, check, write
    "load": "protocolkit.format.loader",
    "load_text": "protocolkit.format.loader",
    "LoadResult": "protocolkit.format.loader",
    "dump": "protocolkit.format.dump",
    "validate": "protocolkit.api",
    "ValidationReport": "protocolkit.format.diagnostics",
    "run_checks": "protocolkit.analysis",
    "Finding": "protocolkit.format.diagnostics",
    "Severity": "protocolkit.format.diagnostics",
    "Location": "protocolkit.format.diagnostics",
    # the model and who acts
    "Protocol": "protocolkit.format.model",
    "Scenario": "protocolkit.semantics",
    "scenario_space": "protocolkit.semantics",
    "scenario_from_shared": "protocolkit.api",
    "responsibilities": "protocolkit.api",
    "Responsibilities": "protocolkit.semantics",
    "resolve_step": "protocolkit.api",
    "StepView": "protocolkit.semantics",
    "route_graph": "protocolkit.api",
    "route": "protocolkit.api",
    "Route": "protocolkit.api",
    "coverage_matrix": "protocolkit.analysis.matrix",
    "CoverageMatrix": "protocolkit.analysis.matrix",
    "run_scenario_tests": "protocolkit.scenario_tests",
    "TestReport": "protocolkit.scenario_tests",
    # comparing
    "diff_protocols": "protocolkit.diff",
    "ProtocolDiff": "protocolkit.diff",
    # running cases
    "CaseEngine": "protocolkit.engine",
    "Case": "protocolkit.engine",
    "CaseError": "protocolkit.engine",
    "EventRefused": "protocolkit.engine",
    "ScenarioNotCovered": "protocolkit.engine",
    "CaseInputError": "protocolkit.engine",
    "CaseRecordError": "protocolkit.engine",
    "EngineError": "protocolkit.engine",
    "MigrationRefused": "protocolkit.engine",
    "simulate_file": "protocolkit.engine.casefile",
    "Simulation": "protocolkit.engine.casefile",
    "identity": "protocolkit.engine.identity",
    # a case store
    "Casebook": "protocolkit.store",
    "StaleWrite": "protocolkit.store",
    "StoreError": "protocolkit.store",
}
#: Public names whose home calls them differently. (A public name never equals the name
#: of a submodule of ``protocolkit`` itself, such as ``diff`` or ``engine``: importing
#: that submodule would replace it. ``dump`` may be public: its home is
#: ``protocolkit.format.dump``, a submodule of ``format``, which binds no ``protocolkit.dump``.)
_RENAMED = {"load": "load_protocol", "run_scenario_tests": "run_tests"}

__all__ = [
    "Case",
    "CaseEngine",
    "CaseError",
    "CaseInputError",
    "CaseRecordError",
    "Casebook",
    "CoverageMatrix",
    "EngineError",
    "EventRefused",
    "Finding",
    "LoadResult",
    "Location",
    "MigrationRefused",
    "Protocol",
    "ProtocolDiff",
    "Responsibilities",
    "Route",
    "Scenario",
    "ScenarioNotCovered",
    "Severity",
    "Simulation",
    "StaleWrite",
    "StepView",
    "StoreError",
    "TestReport",
    "ValidationReport",
    "__version__",
    "coverage_matrix",
    "diff_protocols",
    "dump",
    "identity",
    "load",
    "load_text",
    "resolve_step",
    "responsibilities",
    "route",
    "route_graph",
    "run_checks",
    "run_scenario_tests",
    "scenario_from_shared",
    "scenario_space",
    "simulate_file",
    "validate",
]

if TYPE_CHECKING:
    from protocolkit.analysis import run_checks
    from protocolkit.analysis.matrix import CoverageMatrix, coverage_matrix
    from protocolkit.api import (
        Route,
        resolve_step,
        responsibilities,
        route,
        route_graph,
        scenario_from_shared,
        validate,
    )
    from protocolkit.diff import ProtocolDiff, diff_protocols
    from protocolkit.engine import (
        Case,
        CaseEngine,
        CaseError,
        CaseInputError,
        CaseRecordError,
        EngineError,
        EventRefused,
        MigrationRefused,
        ScenarioNotCovered,
    )
    from protocolkit.engine.casefile import Simulation, simulate_file
    from protocolkit.engine.identity import identity
    from protocolkit.format.diagnostics import Finding, Location, Severity, ValidationReport
    from protocolkit.format.dump import dump
    from protocolkit.format.loader import LoadResult, load_text
    from protocolkit.format.loader import load_protocol as load
    from protocolkit.format.model import Protocol
    from protocolkit.scenario_tests import TestReport
    from protocolkit.scenario_tests import run_tests as run_scenario_tests
    from protocolkit.semantics import (
        Responsibilities,
        Scenario,
        StepView,
        scenario_space,
    )
    from protocolkit.store import Casebook, StaleWrite, StoreError


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'protocolkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), _RENAMED.get(name, name))
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
