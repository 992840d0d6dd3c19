"""Compare two protocols by meaning: ``protocolkit diff A B``.

A line diff of two YAML files answers neither "how does Oostzaan handle a melding about
the burgemeester, and how does Arnhem?" nor "what did this change do to real cases?".
This package does:

* **structural** (:mod:`protocolkit.diff.structural`): roles, phases, steps, deadlines,
  entry routes, substitutions, sanctions, communication rules and principles added,
  removed or changed — matched by id first and by shared vocabulary and a step's part in the route
  second, compared on meaning (display names, citations, list order and comments never
  count);
* **behavioural** (:mod:`protocolkit.diff.behavioral`): for every scenario in the union
  of both scenario spaces, what happens — the answers of ``responsibilities``, the kinds
  of step on the route, the deadlines, who is informed, which sanctions are open —
  grouped (:mod:`protocolkit.diff.grouping`) so that a difference that holds for every
  scenario about the burgemeester is read once.

Computing (:func:`diff_protocols`) and rendering (:func:`render_text`,
:func:`render_markdown`, :func:`render_json`) are separate. The consultants' guide is
``docs/diff.md``.
"""

from protocolkit.diff.core import diff_protocols
from protocolkit.diff.rows import (
    BehavioralRow,
    ProtocolDiff,
    RowGroup,
    Side,
    StructuralChange,
)

__all__ = [
    "BehavioralRow",
    "ProtocolDiff",
    "RowGroup",
    "Side",
    "StructuralChange",
    "diff_protocols",
]
