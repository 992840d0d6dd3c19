"""Running cases: protocols compiled into durable-rules rulesets, with deadlines.

* :mod:`protocolkit.engine.compiler` turns a validated protocol into a ruleset (data);
* :mod:`protocolkit.engine.adapter` is the only module that talks to durable-rules;
* :mod:`protocolkit.engine.case` opens, advances, stores and restores cases;
* :mod:`protocolkit.engine.calendar` computes due dates (werkdagen on the Dutch calendar);
* :mod:`protocolkit.engine.casefile` reads ``CASE.yaml`` files for ``protocolkit simulate``;
* :mod:`protocolkit.engine.records` is the one home of scenario, event, case-id and date
  input types (strict at the API edge);
* :mod:`protocolkit.engine.identity` hashes what the engine uses of a protocol (cosmetic
  edits keep the identity); :mod:`protocolkit.engine.registry` finds a record's protocol;
* :mod:`protocolkit.engine.views` gives a role's need-to-know view of a case;
* :mod:`protocolkit.engine.migration` moves a case to another version of its protocol.

Cases are kept in a database by :mod:`protocolkit.store`.

See ``docs/engine.md`` for the tool builder's guide.
"""

from __future__ import annotations

from protocolkit.engine.case import (
    CASE_FORMAT,
    Case,
    CaseEngine,
    CaseRecordError,
    Closing,
    EngineError,
    Event,
    EventRefused,
    Notice,
    OpenStep,
    ScenarioNotCovered,
    TraceEntry,
    parse_record,
)
from protocolkit.engine.compiler import CompiledProtocol, compile_protocol
from protocolkit.engine.identity import identity
from protocolkit.engine.migration import Migration, MigrationRefused
from protocolkit.engine.registry import ProtocolRegistry
from protocolkit.semantics.inputs import CaseError, CaseInputError

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
    "Migration",
    "MigrationRefused",
    "Notice",
    "OpenStep",
    "ProtocolRegistry",
    "ScenarioNotCovered",
    "TraceEntry",
    "compile_protocol",
    "identity",
    "parse_record",
]
