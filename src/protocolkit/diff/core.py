"""``diff_protocols``: the difference in meaning between two protocols, as data.

>>> from protocolkit.format.loader import load_protocol
>>> p = load_protocol("tests/data/minimal.yaml").protocol
>>> diff_protocols(p, p).same
True
"""

from __future__ import annotations

from protocolkit.diff.behavioral import behavioral_rows
from protocolkit.diff.grouping import group_rows
from protocolkit.diff.rows import ProtocolDiff, Side
from protocolkit.diff.scenarios import SideSpace, union_space
from protocolkit.diff.structural import Context, structural_changes
from protocolkit.format.collector import collector_paused
from protocolkit.format.model import Protocol


def diff_protocols(left: Protocol, right: Protocol) -> ProtocolDiff:
    """Compare two protocols: which elements differ (structural) and what differs for
    every scenario either covers (behavioural), grouped for reading.

    The result does not depend on which protocol is passed first beyond the sides
    being swapped: ``diff_protocols(b, a)`` is ``diff_protocols(a, b)`` with ``left`` and
    ``right`` exchanged and ``added`` and ``removed`` exchanged.
    """
    # The comparison builds many objects that stay alive until it ends (route graphs,
    # views, observations, rows): the collector's passes would walk them again and again.
    with collector_paused():
        left_space, right_space = SideSpace.of(left), SideSpace.of(right)
        union = union_space(left_space, right_space)
        common = [k for k in union if left_space.own(k) is not None
                  and right_space.own(k) is not None]
        ctx = Context(left_space, right_space, common)
        structural = structural_changes(ctx)
        behavioral = behavioral_rows(ctx, union)
        groups = group_rows(behavioral, union, common)
    return ProtocolDiff(
        left=Side(left.protocol.municipality, left.protocol.version,
                  tuple(left.scenarios.attributes), names=tuple(left.role_names().items()),
                  protocol=left),
        right=Side(right.protocol.municipality, right.protocol.version,
                   tuple(right.scenarios.attributes),
                   names=tuple(right.role_names().items()), protocol=right),
        structural=tuple(structural),
        behavioral=tuple(behavioral),
        groups=tuple(groups),
        common=tuple(common),
    )
