"""A directed multigraph as plain adjacency dicts: the route graph of one scenario.

Semantics stage. Route graphs are built for every scenario of every protocol checked, and
the checks only walk them breadth first; networkx (imported lazily, only by
:meth:`RouteGraph.to_networkx` and the rare check that needs its algorithms) costs more
to import than a cold ``protocolkit validate`` spends on everything else. The class keeps
the part of networkx's ``MultiDiGraph`` interface protocolkit uses — ``graph``,
``nodes`` (also ``nodes(data=True)``), ``succ``, ``pred``, ``successors``,
``out_degree``, ``edges(keys=True, data=...)``, ``has_edge``, ``add_node``,
``add_edge``, ``subgraph``, ``number_of_nodes``, ``in`` and ``len`` — with the same
meaning, so code written against either reads the same.

>>> g = RouteGraph(entry="a")
>>> g.add_node("a", order=0); g.add_node("b", order=1)
>>> g.add_edge("a", "b", key="verder", outcome="verder")
>>> list(g.successors("a")), g.out_degree("b"), g.has_edge("a", "b", key="verder")
(['b'], 0, True)
>>> list(g.edges(keys=True))
[('a', 'b', 'verder')]
>>> g.pred["b"]["a"] is g.succ["a"]["b"]   # one dict for both directions, as networkx
True
>>> sorted(g.to_networkx().nodes)
['a', 'b']
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from typing import Any


class _NodeView(dict[str, dict[str, Any]]):
    """``graph.nodes``: node -> attributes; ``nodes(data=True)`` as networkx."""

    def __call__(self, data: bool = False) -> Iterable[Any]:
        return list(self.items()) if data else list(self)


class RouteGraph:
    """Directed multigraph with keyed edges (see the module text)."""

    def __init__(self, **attributes: Any) -> None:
        self.graph: dict[str, Any] = dict(attributes)
        self.nodes: _NodeView = _NodeView()
        #: node -> successor -> edge key -> edge attributes
        self.succ: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
        #: node -> predecessor -> edge key -> edge attributes (the same dicts)
        self.pred: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
        #: What is computed from the structure alone, kept for every graph sharing it.
        self.derived: dict[Hashable, Any] = {}
        #: Set by :meth:`sharing`: the structure is shared and may no longer change.
        self.frozen = False

    def sharing(self, **attributes: Any) -> RouteGraph:
        """A graph with the same nodes and edges (the very dicts: read-only from now
        on) and its own graph attributes: scenarios that see every step alike share one
        structure instead of building it again.

        >>> g = RouteGraph(scenario="a"); g.add_edge("x", "y", key="k")
        >>> h = g.sharing(scenario="b")
        >>> h.graph["scenario"], list(h.edges()) == list(g.edges()), h.succ is g.succ
        ('b', True, True)
        >>> h.add_node("z")
        Traceback (most recent call last):
        ...
        TypeError: this route graph shares its structure with other scenarios' graphs: copy it (subgraph(graph.nodes)) or use to_networkx() to change it
        """
        other = RouteGraph(**attributes)
        other.nodes, other.succ, other.pred, other.derived = (
            self.nodes, self.succ, self.pred, self.derived)
        self.frozen = other.frozen = True
        return other

    def _check_mutable(self) -> None:
        if self.frozen:
            raise TypeError("this route graph shares its structure with other scenarios' "
                            "graphs: copy it (subgraph(graph.nodes)) or use to_networkx() to "
                            "change it")

    def add_node(self, node: str, **attributes: Any) -> None:
        self._check_mutable()
        if node not in self.nodes:
            self.nodes[node] = {}
            self.succ[node] = {}
            self.pred[node] = {}
        self.nodes[node].update(attributes)

    def add_nodes_from(self, nodes: Iterable[str]) -> None:
        for node in nodes:
            self.add_node(node)

    def add_edge(self, source: str, target: str, key: str, **attributes: Any) -> None:
        self._check_mutable()
        self.add_node(source)
        self.add_node(target)
        keyed = self.succ[source].get(target)
        if keyed is None:
            keyed = self.succ[source][target] = self.pred[target][source] = {}
        data = keyed.setdefault(key, {})
        data.update(attributes)

    def has_edge(self, source: str, target: str, key: str | None = None) -> bool:
        keyed = self.succ.get(source, {}).get(target)
        return keyed is not None and (key is None or key in keyed)

    def successors(self, node: str) -> Iterator[str]:
        return iter(self.succ[node])

    def predecessors(self, node: str) -> Iterator[str]:
        return iter(self.pred[node])

    def out_degree(self, node: str) -> int:
        return sum(len(keyed) for keyed in self.succ[node].values())

    def number_of_nodes(self) -> int:
        return len(self.nodes)

    def edges(self, keys: bool = False, data: bool | str = False) -> list[tuple[Any, ...]]:
        """Edges in insertion order, as networkx gives them: ``(u, v)``, with ``keys``
        ``(u, v, key)``, with ``data=True`` the attributes last, with ``data="name"`` the
        value of that attribute (``None`` when absent)."""
        return [edge for source in self.succ for edge in self.out_edges(source, keys, data)]

    def out_edges(self, node: str, keys: bool = False, data: bool | str = False,
                  ) -> list[tuple[Any, ...]]:
        """The edges leaving ``node``, as :meth:`edges` gives them."""
        result: list[tuple[Any, ...]] = []
        for target, keyed in self.succ[node].items():
            for key, attributes in keyed.items():
                item: tuple[Any, ...] = (node, target, key) if keys else (node, target)
                if data is True:
                    item += (attributes,)
                elif isinstance(data, str):
                    item += (attributes.get(data),)
                result.append(item)
        return result

    def subgraph(self, nodes: Iterable[str]) -> RouteGraph:
        """A new graph of ``nodes`` and the edges between them (attributes shared)."""
        keep = [n for n in nodes if n in self.nodes]
        chosen = set(keep)
        sub = RouteGraph(**self.graph)
        for node in keep:
            sub.add_node(node, **self.nodes[node])
        for node in keep:
            for target, keyed in self.succ[node].items():
                if target in chosen:
                    for key, attributes in keyed.items():
                        sub.add_edge(node, target, key, **attributes)
        return sub

    def to_networkx(self) -> Any:
        """The same graph as a ``networkx.MultiDiGraph`` (for exports and algorithms)."""
        import networkx as nx

        result = nx.MultiDiGraph(**self.graph)
        for node, attributes in self.nodes.items():
            result.add_node(node, **attributes)
        for source, target, key, attributes in self.edges(keys=True, data=True):
            result.add_edge(source, target, key=key, **attributes)
        return result

    def __contains__(self, node: object) -> bool:
        return node in self.nodes

    def __iter__(self) -> Iterator[str]:
        return iter(self.nodes)

    def __len__(self) -> int:
        return len(self.nodes)

    def __bool__(self) -> bool:
        return bool(self.nodes)
