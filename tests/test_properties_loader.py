"""Loader invariants across shipped and generated protocols (hypothesis)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocolkit.api import check
from protocolkit.format.diagnostics import CODES
from protocolkit.format.dump import dump
from protocolkit.format.loader import load_bytes, load_protocol, load_text
from protocolkit.format.model import Protocol

from .strategies import protocol_data, protocols

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted((ROOT / "protocols").glob("*.yaml")) + [ROOT / "tests" / "data" / "minimal.yaml"]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_protocols_round_trip(path: Path) -> None:
    result = load_protocol(path)
    assert result.protocol is not None, [f.render() for f in result.findings]
    again = load_text(dump(result.protocol), "dumped.yaml")
    assert again.protocol == result.protocol


@given(protocols())
def test_generated_protocols_round_trip(protocol: Protocol) -> None:
    again = load_text(dump(protocol), "dumped.yaml")
    assert again.protocol == protocol, [f.render() for f in again.findings]


@given(protocol_data())
def test_generated_protocols_load_without_errors(data: dict) -> None:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    result = load_text(text, "gen.yaml")
    assert result.protocol is not None, [f.render() for f in result.findings]


def _never_raises(result_findings: list) -> None:
    for finding in result_findings:
        assert finding.code in CODES
        assert finding.message


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_validate_never_raises_on_arbitrary_text(text: str) -> None:
    result = load_text(text, "fuzz.yaml")
    _never_raises(check(result))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_validate_never_raises_on_arbitrary_bytes(raw: bytes) -> None:
    _never_raises(check(load_bytes(raw, "fuzz.bin")))


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12)
    | st.sampled_from(["raadslid", "burgemeester", "advies", "oordeel", "weken", "s0"]),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["id", "when", "steps", "roles", "actor", "next",
                                       "outcomes", "source", "protocol", "kind", "subject"])
                      | st.text(max_size=8), children, max_size=4),
    max_leaves=30,
)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(yaml_values)
def test_validate_never_raises_on_arbitrary_yaml(value: object) -> None:
    text = yaml.safe_dump(value, allow_unicode=True)
    _never_raises(check(load_text(text, "fuzz.yaml")))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(protocol_data(), st.data())
def test_validate_never_raises_on_damaged_protocols(data: dict, draw: st.DataObject) -> None:
    """Delete, retype or rename one key somewhere in a valid protocol."""
    node: object = data
    path = []
    while isinstance(node, (dict, list)) and node and draw.draw(st.booleans()):
        key = draw.draw(st.sampled_from(sorted(node) if isinstance(node, dict)
                                        else list(range(len(node)))))
        path.append(key)
        node = node[key]
    if path:
        parent: object = data
        for key in path[:-1]:
            parent = parent[key]  # type: ignore[index]
        action = draw.draw(st.sampled_from(["delete", "retype", "rename"]))
        last = path[-1]
        if action == "delete":
            del parent[last]  # type: ignore[attr-defined]
        elif action == "retype":
            parent[last] = draw.draw(st.sampled_from([None, 7, "x", [], {}]))  # type: ignore[index]
        elif isinstance(parent, dict):
            parent[f"{last}x"] = parent.pop(last)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    _never_raises(check(load_text(text, "damaged.yaml")))


def _paths(value: object, prefix: tuple = ()) -> list[tuple]:
    """Every place in plain data, as the keys and indexes that lead there."""
    found = [prefix]
    items = value.items() if isinstance(value, dict) else \
        enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        found += _paths(child, (*prefix, key))
    return found


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(protocol_data(), st.data())
def test_validate_never_raises_when_any_value_is_arbitrary_yaml(data: dict,
                                                                draw: st.DataObject) -> None:
    """Up to three places of a valid protocol, drawn from all of them (so deep ones such
    as a step's ``source`` or ``actor`` as often as the top-level keys), hold arbitrary
    YAML: a list of numbers where a citation belongs, a mapping where an actor belongs."""
    places = draw.draw(st.lists(st.sampled_from(_paths(data)[1:]), min_size=1, max_size=3,
                                unique=True), label="places")
    # Deepest first: a place below one replaced later is never walked through.
    for path in sorted(places, key=len, reverse=True):
        parent: object = data
        for key in path[:-1]:
            parent = parent[key]  # type: ignore[index]
        value = draw.draw(st.lists(yaml_values, min_size=1, max_size=3) | yaml_values,
                          label=f"value at {path}")
        parent[path[-1]] = value  # type: ignore[index]
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    _never_raises(check(load_text(text, "replaced.yaml")))


def test_equality_ignores_what_questions_have_memoized() -> None:
    from protocolkit.semantics import responsibilities, scenario_space

    path = ROOT / "tests" / "data" / "minimal.yaml"
    asked, fresh = load_protocol(path).protocol, load_protocol(path).protocol
    responsibilities(asked, scenario_space(asked)[0])
    assert asked == fresh


#: Characters that decide whether a line is blank or a comment: every line break of
#: str.splitlines, other whitespace, the comment sign, a byte-order mark and text.
_LINE_CHARACTERS = st.sampled_from(["#", " ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d",
                                    "\x1e", "\x1f", "\x85", "\u2028", "\u2029", "\u3000",
                                    "\xa0", "\ufeff", "a", ":", "-"])


@given(st.lists(_LINE_CHARACTERS, max_size=30).map("".join))
def test_only_comments_reads_lines_as_splitlines_does(text: str) -> None:
    """The loader's empty-file test stops at the first line that is neither blank nor a
    comment; it must judge every text as the line-by-line reading does."""
    from protocolkit.format.loader import only_comments

    by_lines = all(not line.strip() or line.lstrip().startswith("#")
                   for line in text.splitlines())
    assert only_comments(text) == by_lines
