"""Running cases: protocols compiled into durable-rules rulesets, with deadlines.

* :mod:`protocolkit.engine.compiler` turns a validated protocol into a ruleset (data);
* :mod:`protocolkit.engine.adapter` is the only module that talks to durable-rules;
* :mod:`protocolkit.engine.case` opens, advances, stores and restores cases;
* :mod:`protocolkit.engine.calendar` computes due dates (werkdagen on the Dutch calendar);
* :mod:`protocolkit.engine.casefile` reads ``CASE.yaml`` files for ``protocolkit simulate``.

See ``docs/engine.md`` for the tool builder's guide.
"""

from __future__ import annotations

from protocolkit.engine.case import (
    CASE_FORMAT,
    Case,
    CaseEngine,
    CaseError,
    CaseInputError,
    CaseRecordError,
    Closing,
    EngineError,
    Event,
    EventRefused,
    OpenStep,
    ScenarioNotCovered,
    TraceEntry,
)
from protocolkit.engine.compiler import CompiledProtocol, compile_protocol

__all__ = [
    "CASE_FORMAT",
    "Case",
    "CaseEngine",
    "CaseError",
    "CaseInputError",
    "CaseRecordError",
    "Closing",
    "CompiledProtocol",
    "EngineError",
    "Event",
    "EventRefused",
    "OpenStep",
    "ScenarioNotCovered",
    "TraceEntry",
    "compile_protocol",
]
