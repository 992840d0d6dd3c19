"""From YAML text to a validated :class:`~protocolkit.format.model.Protocol`, with located findings.

The loader is the first stage. It

* reads at most :data:`MAX_BYTES` and refuses binary input;
* parses safe YAML only, with YAML 1.2 booleans (``on``/``off``/``yes``/``no`` stay
  strings), no explicit tags, no duplicate keys, and a bounded expansion of aliases
  and nesting (a billion-laughs file ends in a finding, in bounded time and memory);
* keeps the line and column of every key and value, so that every schema error and
  every later finding points at ``file:line:column``;
* validates against the model and then resolves references (:mod:`protocolkit.format.references`).

Everything a user can get wrong comes back as a :class:`~protocolkit.format.diagnostics.Finding`;
nothing raises.

>>> result = load_text("protocol: {}\\n", path="x.yaml")
>>> [f.code for f in result.findings][:1]
['missing-field']
>>> result.protocol is None
True
"""

from __future__ import annotations

import bisect
import operator
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, NamedTuple, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from protocolkit.format.collector import collector_paused
from protocolkit.format.diagnostics import (
    CODES,
    Finding,
    Location,
    Msg,
    TextError,
    did_you_mean,
    finding,
    joined,
    said_given,
)
from protocolkit.format.escape import HIDDEN_CHARACTERS
from protocolkit.format.files import file_kind
from protocolkit.format.model import (
    CONTROL_CHARACTERS,
    EXCLUDE_TAGS,
    TEXT_CHECKED,
    Guard,
    Protocol,
)

#: Largest protocol file accepted. The shipped protocols are well under 200 KiB; the
#: bound keeps parsing of any accepted file within a few seconds.
MAX_BYTES = 1024 * 1024
#: Deepest nesting of mappings and lists accepted.
MAX_DEPTH = 64
#: Nodes an alias may add beyond the document's own nodes.
ALIAS_BUDGET = 20_000

Path_ = tuple[str | int, ...]


#: A line and column packed in one int (:func:`packed`): a plain int is no object the
#: cyclic collector tracks, where a (line, column) tuple per key and value of a file
#: (some 200,000 in 1 MiB) was one more for each of its passes to walk.
_COLUMN_BITS = 32


#: Where a key or value is: :func:`packed` as the loader keeps it, or a ``(line,
#: column)`` pair, which a caller building :class:`Locations` may give as before.
Position = int | tuple[int, int]


def packed(line: int, column: int) -> int:
    """``line`` and ``column`` (from 1) as :class:`Locations` keeps them.

    >>> unpacked(packed(12, 7))
    (12, 7)
    """
    return line << _COLUMN_BITS | column


def unpacked(position: Position) -> tuple[int, int]:
    """The line and column of a :func:`packed` position (or of a ``(line, column)``
    pair, as a caller may still give one).

    >>> unpacked((12, 7))
    (12, 7)
    """
    if isinstance(position, tuple):
        return position
    return position >> _COLUMN_BITS, position & ((1 << _COLUMN_BITS) - 1)


@dataclass
class Locations:
    """Line/column of every key and value in a document, by path (``("steps", 3, "actor")``).

    The loader keeps each :func:`packed` in one int; a ``(line, column)`` pair is read
    the same (``Locations("p.yaml", values={("steps", 0): (12, 5)})``), so locations
    built by a caller for :func:`protocolkit.run_checks` work as they did."""

    path: str
    keys: dict[Path_, Position] = field(default_factory=dict)
    values: dict[Path_, Position] = field(default_factory=dict)

    def at(self, node_path: Path_, *, key: bool = False) -> Location:
        """The location of ``node_path``, or of its nearest ancestor that has one."""
        current = tuple(node_path)
        while True:
            table = self.keys if key and current in self.keys else self.values
            if current in table:
                line, column = unpacked(table[current])
                return Location(self.path, line, column)
            if current in self.keys:
                line, column = unpacked(self.keys[current])
                return Location(self.path, line, column)
            if not current:
                return Location(self.path, 1, 1)
            current = current[:-1]


@dataclass
class LoadResult:
    """What loading one file gives: the model (``None`` when it has errors) and all findings."""

    path: str
    protocol: Protocol | None
    findings: list[Finding]
    locations: Locations
    data: Any = None

    @property
    def ok(self) -> bool:
        return self.protocol is not None


# --------------------------------------------------------------------------- YAML


_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SafeLoader(_Base):  # type: ignore[misc]
    """Safe loader (libyaml where available) with YAML 1.2 core-schema booleans and no
    implicit timestamps."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._tags: dict[str, str] = {}

    # The composer calls these two around every node, for path resolvers
    # (``yaml.add_path_resolver``), and this loader has none: PyYAML's return at once,
    # but as Python functions called from C they cost a tenth of composing. Builtins
    # that take the same arguments and change nothing cost no Python frame.
    # Our own (empty) table, never one a library added to yaml.SafeLoader's: the two
    # hooks below do nothing, which is right only while no path resolver is registered.
    yaml_path_resolvers: ClassVar[dict[Any, Any]] = {}
    descend_resolver = staticmethod(operator.is_)   # (parent, index); result unused
    ascend_resolver = staticmethod(tuple)           # (); result unused

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        # PyYAML resolves every scalar's tag in Python by trying regular expressions; a
        # protocol repeats the same words (phase ids, sections, roles) thousands of times.
        if kind is not _ScalarNode:
            return _COLLECTION_TAGS[kind]   # what PyYAML gives without path resolvers
        if not implicit[0] or value[:1] not in _RESOLVED_FIRST:
            return _STR_TAG     # quoted, or no implicit type starts with this character
        tag = self._tags.get(value)
        if tag is None:
            tag = self._tags[value] = super().resolve(kind, value, implicit)
        return tag


_SafeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_SafeLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
#: The first characters of plain scalars that an implicit resolver may give another
#: type than a string ("" for the empty scalar, a null); every other plain scalar is a
#: string, as is every quoted one.
_RESOLVED_FIRST = frozenset(_SafeLoader.yaml_implicit_resolvers)

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_MAP_TAG = "tag:yaml.org,2002:map"


_ScalarNode, _SequenceNode, _MappingNode = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
_COLLECTION_TAGS = {_SequenceNode: _SEQ_TAG, _MappingNode: _MAP_TAG}


class _Stop(Exception):
    def __init__(self, found: Finding) -> None:
        self.finding = found


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns a composed node graph into plain data, recording locations and refusing
    what a protocol file must not contain."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.locations = Locations(path)
        self.findings: list[Finding] = []
        self.visited = 0
        #: The distinct nodes met so far (an alias visits a node again).
        self.unique: set[int] = set()
        self._scalar: yaml.SafeLoader | None = None

    def loc(self, node: yaml.Node) -> Location:
        line, column = _mark(node)
        return Location(self.path, line, column)

    def _alias_bomb(self, node: yaml.Node) -> _Stop:
        return _Stop(finding(
            "alias-bomb", Msg.of("alias-bomb"), self.loc(node), hint=Msg.of("hint.alias-bomb")))

    def build(self, node: yaml.Node, node_path: Path_, depth: int = 0) -> Any:
        # One walk: repeated visits (aliases) beyond ALIAS_BUDGET are refused as they
        # happen, which is the same bound as counting the distinct nodes first.
        self.visited += 1
        unique = self.unique
        unique.add(id(node))
        if self.visited - len(unique) > ALIAS_BUDGET:
            raise self._alias_bomb(node)
        if depth > MAX_DEPTH:
            raise _Stop(finding(
                "too-deeply-nested",
                Msg.of("too-deeply-nested", max=MAX_DEPTH),
                self.loc(node),
            ))
        values = self.locations.values
        mark = node.start_mark
        values.setdefault(node_path, (mark.line + 1) << _COLUMN_BITS | (mark.column + 1))
        tag = node.tag
        if isinstance(node, _ScalarNode):
            if tag == _STR_TAG:
                return self._text(node)
            if tag not in _SCALAR_TAGS:
                raise _Stop(self._tag_finding(node))
            return self._scalar_value(node)
        # Most children are plain strings: those are built here, in the same order and
        # with the same checks as a call of build would (the depth is within bounds for
        # all children alike), without a call each. Any other child is built by a call.
        depth += 1
        inline = depth <= MAX_DEPTH
        if isinstance(node, _SequenceNode):
            if tag != _SEQ_TAG:
                raise _Stop(self._tag_finding(node))
            items: list[Any] = []
            for index, item in enumerate(node.value):
                child = node_path + (index,)
                if (inline and type(item) is _ScalarNode and item.tag == _STR_TAG
                        and item.style != '"'):
                    self.visited += 1
                    unique.add(id(item))
                    if self.visited - len(unique) > ALIAS_BUDGET:
                        raise self._alias_bomb(item)
                    mark = item.start_mark
                    values.setdefault(child, (mark.line + 1) << _COLUMN_BITS | (mark.column + 1))
                    items.append(item.value)
                else:
                    items.append(self.build(item, child, depth))
            return items
        if isinstance(node, _MappingNode):
            if tag != _MAP_TAG:
                raise _Stop(self._tag_finding(node))
            keys = self.locations.keys
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key_tag = key_node.tag
                if key_tag == _STR_TAG and isinstance(key_node, _ScalarNode):
                    # nearly every key (see _text)
                    key = key_node.value if key_node.style != '"' else self._text(key_node)
                elif key_tag == _MERGE_TAG:
                    self.findings.append(finding(
                        "merge-key", Msg.of("merge-key"), self.loc(key_node),
                        hint=Msg.of("hint.merge-key")))
                    continue
                elif not isinstance(key_node, _ScalarNode) or key_tag not in _SCALAR_TAGS:
                    self.findings.append(finding(
                        "non-string-key", Msg.of("non-string-key"),
                        self.loc(key_node)))
                    continue
                else:
                    value = self._scalar_value(key_node)
                    key = (value if isinstance(value, str) else str(value).lower()
                           if isinstance(value, bool) else str(value))
                child = node_path + (key,)
                if key in result:   # a key kept is in the result, located in keys
                    self.findings.append(finding(
                        "duplicate-key",
                        Msg.of("duplicate-key", key=key), self.loc(key_node),
                        hint=Msg.of("hint.duplicate-key", line=unpacked(keys[child])[0]),
                    ))
                    continue
                mark = key_node.start_mark
                keys[child] = (mark.line + 1) << _COLUMN_BITS | (mark.column + 1)
                if (inline and type(value_node) is _ScalarNode and value_node.tag == _STR_TAG
                        and value_node.style != '"'):
                    self.visited += 1
                    unique.add(id(value_node))
                    if self.visited - len(unique) > ALIAS_BUDGET:
                        raise self._alias_bomb(value_node)
                    mark = value_node.start_mark
                    values.setdefault(child, (mark.line + 1) << _COLUMN_BITS | (mark.column + 1))
                    result[key] = value_node.value
                else:
                    result[key] = self.build(value_node, child, depth)
            return result
        raise _Stop(finding("yaml-syntax", Msg.of("yaml-syntax.node"), self.loc(node)))

    def _text(self, node: yaml.ScalarNode) -> str:
        """A string scalar as it is: plain strings are most of a protocol."""
        value: str = node.value
        if node.style != '"':
            # Only an escape ("\0", "\e"), and so only a double-quoted string, can put a
            # control character in a value: the reader refuses them in the text itself.
            return value
        control = _CONTROL.search(value)
        if control is None:
            return value
        char = control.group()
        self.findings.append(finding(
            "hidden-character",
            Msg.of("hidden-character.control", char=_describe(char)),
            self.loc(node), hint=Msg.of("hint.control")))
        # Reported here with its place; the model would refuse it again.
        return _CONTROL.sub("\ufffd", value)

    def _scalar_value(self, node: yaml.ScalarNode) -> Any:
        # Let PyYAML's safe constructor handle the scalar types other than strings
        # (ints in all YAML forms, …).
        if node.tag == _STR_TAG:
            return self._text(node)
        if self._scalar is None:
            self._scalar = yaml.SafeLoader("")
        try:
            return self._scalar.yaml_constructors[node.tag](self._scalar, node)
        except (ValueError, KeyError, IndexError):
            # YAML 1.1 takes `0x_` or a 5000-digit number for an int Python cannot
            # convert, and `!!bool maybe` or an empty `!!int` has no value of its tag:
            # keep the text, and let the schema judge it like any other value.
            return node.value

    def _tag_finding(self, node: yaml.Node) -> Finding:
        return finding(
            "yaml-tag",
            Msg.of("yaml-tag", tag=node.tag), self.loc(node), hint=Msg.of("hint.yaml-tag"),
        )


#: What YAML counts as a line break (libyaml numbers lines by these). This pattern and
#: the two of :func:`_unclosed_quote` are compiled when a YAML error first needs them.
_LINE_BREAK = r"\r\n|[\r\n\x85\u2028\u2029]"


def _yaml_error(error: yaml.MarkedYAMLError, path: str, text: str) -> Finding:
    mark = error.problem_mark or error.context_mark
    location = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
    if mark is not None and mark.line > len(re.findall(_LINE_BREAK, text)):
        # libyaml puts the end of a file without a final newline on a line after it.
        parts = re.split(_LINE_BREAK, text)
        location = Location(path, len(parts), len(parts[-1]) + 1)
    problem = (error.problem or error.context or "invalid YAML").strip()
    lines = text.splitlines()
    line_text = lines[mark.line] if mark and mark.line < len(lines) else ""
    indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
    if "\t" in indent or "\\t" in problem:
        return finding("tab-indentation", Msg.of("tab-indentation"), location,
                       hint=Msg.of("hint.tab"))
    if isinstance(error, yaml.composer.ComposerError) and "single document" in str(error.context):
        return finding("multiple-documents", Msg.of("multiple-documents"), location,
                       hint=Msg.of("hint.one-per-file"))
    context = f" {error.context}" if error.context and error.problem else ""
    said = f"{problem}{context}"
    kind = next((k for needle, k in _YAML_PROBLEMS if needle in said), None)
    hint: Msg | None = Msg.of(f"yaml.hint-{kind}") if kind else None
    unclosed = _unclosed_bracket(text)
    if unclosed is not None and (mark is None or unclosed[0] <= mark.line + 1):
        hint = Msg.of("hint.unclosed", char=unclosed[2], line=unclosed[0], column=unclosed[1])
    quoted = _unclosed_quote(text)
    if quoted is not None and (mark is None or quoted[0] <= mark.line + 1):
        # A quoted value left open runs on over the next lines until a quote further down
        # ends it; PyYAML trips lines later, often over the indentation. Point at the line
        # where the value opened.
        kind, location = "quote", Location(path, quoted[0], quoted[1])
        hint = Msg.of("hint.unclosed-quote", char=quoted[2], line=quoted[0])
    if kind is not None:
        # What it means for this line, in words (in English too, not PyYAML's).
        return finding("yaml-syntax", Msg.of("yaml-syntax", problem=Msg.of(f"yaml.{kind}")),
                       location, hint=hint)
    # Else the code's explanation (the report's too), with PyYAML's words in brackets.
    explained = CODES["yaml-syntax"].summary_nl.rstrip(".")
    dutch = f"{explained[:1].lower()}{explained[1:]} (PyYAML: {said})"
    return finding("yaml-syntax", Msg.of("yaml-syntax", problem=both(said, dutch)),
                   location, hint=hint)


#: A line whose value opens with a quote: (the text before the quote, the quote).
_QUOTED_VALUE = r"""^(\s*(?:-\s+)*(?:[^\s#'"-][^#]*?:\s+)?)(["'])"""
#: A line that starts a key or a list item (what a still-open quoted value swallows).
_NEW_ENTRY = r"""^\s*(?:-(?:\s|$)|[\w.-]+:(?:\s|$)|["'][^"']*["']:(?:\s|$))"""


def _unclosed_quote(text: str) -> tuple[int, int, str] | None:
    r"""The first quoted value left open, as (line, column, quote): a value that opens
    with ``"`` or ``'``, is not closed on its line, and is followed by a line that
    starts a key or a list item. (A quoted value may run over several lines; one
    followed by a new key almost never means to.)

    >>> _unclosed_quote('a:\n  title: "Het raadslid\n  b: "x"\n')
    (2, 10, '"')
    >>> _unclosed_quote('a: "one\n  two"\n') is None
    True
    """
    lines = re.split(_LINE_BREAK, text)
    for number, line in enumerate(lines, start=1):
        found = re.match(_QUOTED_VALUE, line)
        if found is None:
            continue
        quote, start = found[2], found.end()
        rest = line[start:]
        if quote == '"':
            closed = re.search(r'(?<!\\)(?:\\\\)*"', rest) is not None
        else:
            closed = "'" in rest.replace("''", "")
        if closed:
            continue
        following = next((other for other in lines[number:] if other.strip()), "")
        if not following or re.match(_NEW_ENTRY, following):
            return number, start, quote
    return None


#: PyYAML's problems a person can act on: (words in its message, texts ``yaml.<kind>``).
_YAML_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("did not find expected key", "indent"),
    ("did not find expected '-' indicator", "list"),
    ("mapping values are not allowed", "colon"),
    ("could not find expected ':'", "no-colon"),
    ("cannot start any token", "token"),
    ("while scanning a quoted scalar", "quote"),
    ("expected ',' or ']'", "bracket"),
    ("expected ',' or '}'", "bracket"),
    ("while parsing a flow", "bracket"),
)


def _unclosed_bracket(text: str) -> tuple[int, int, str] | None:
    """The outermost flow bracket (``[`` or ``{``) left open, as (line, column, char).

    YAML parsers report an unclosed bracket at the end of the file; a person needs to
    know where it was opened. Quotes and comments are skipped.
    """
    stack: list[tuple[int, int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        quote: str | None = None
        for column, char in enumerate(line, start=1):
            if quote:
                if char == quote:
                    quote = None
            elif char in "'\"":
                quote = char
            elif char == "#" and (column == 1 or line[column - 2] in " \t"):
                break
            elif char in "[{":
                stack.append((number, column, char))
            elif char in "]}" and stack:
                stack.pop()
    return stack[0] if stack else None


#: How libyaml (bundled with PyYAML >= 6.0.2) words its refusal of deep flow nesting.
_NESTING_LIMIT = "maximum nesting depth"


#: Control characters no protocol value needs (their home is the model, which refuses them).
_CONTROL = CONTROL_CHARACTERS
#: Characters refused outside quoted strings: line breaks to YAML that editors and
#: ``git diff`` do not show as such, bidi controls and zero-width characters.
_HIDDEN = re.compile("[" + "".join(sorted(HIDDEN_CHARACTERS)) + "]")
#: The same characters one by one: looking for each in turn is a quarter of the work
#: of matching the class, in the usual text that holds none of them.
_HIDDEN_EACH = tuple(sorted(HIDDEN_CHARACTERS))
#: Line breaks to YAML only: refused even inside quoted strings (they shift line numbers).
_YAML_ONLY_BREAKS = "\u2028\u2029\x85"


def _describe(char: str) -> str:
    import unicodedata

    name = unicodedata.name(char, "") or {"\x85": "NEXT LINE (NEL)"}.get(char, "control")
    return f"U+{ord(char):04X} ({name})"


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the quoted scalars ('...' and "...") as YAML reads them."""
    spans: list[tuple[int, int]] = []
    try:
        for token in yaml.scan(text, Loader=_SafeLoader):
            if isinstance(token, yaml.ScalarToken) and token.style in ("'", '"'):
                spans.append((token.start_mark.index, token.end_mark.index))
    except yaml.YAMLError:
        pass
    return spans


def hidden_characters(text: str, path: str) -> list[Finding]:
    """Characters a reviewer cannot see, located as an editor numbers lines.

    U+2028, U+2029 and NEL are line breaks to YAML but not to editors or ``git diff``:
    ``# zie toelichting<U+2028>  - {id: stil, …}`` reads as a comment and adds a
    substitution. Those are refused everywhere; bidi controls and zero-width characters
    are refused outside quoted strings (inside one they are shown, escaped, in every
    output).
    """
    if not any(char in text for char in _HIDDEN_EACH):
        return []
    spans = _quoted_spans(text)  # in text order, not overlapping
    starts = [start for start, _ in spans]
    findings: list[Finding] = []
    for match in _HIDDEN.finditer(text):
        char, index = match.group(), match.start()
        at = bisect.bisect_right(starts, index) - 1
        quoted = at >= 0 and index < spans[at][1]
        if quoted and char not in _YAML_ONLY_BREAKS:
            continue
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        if char in _YAML_ONLY_BREAKS:
            why = "hidden-character.break"
        elif char in "\u200b\u200c\u200d\u2060\ufeff\u180e":
            why = "hidden-character.invisible"
        else:
            why = "hidden-character.bidi"
        findings.append(finding("hidden-character", Msg.of(why, char=_describe(char)),
                                Location(path, line, column), hint=Msg.of("hint.hidden")))
        if len(findings) >= 20:
            break
    return findings


def parse_yaml(text: str, path: str = "<string>") -> tuple[Any, Locations, list[Finding]]:
    """Safe-parse ``text`` into plain data with locations; findings instead of exceptions."""
    locations = Locations(path)
    hidden = hidden_characters(text, path)
    if hidden:
        # What the parser would make of the rest is not what a reviewer reads: stop.
        return None, locations, hidden
    with collector_paused(settle=True):
        return _parse_yaml(text, path, locations)


def _parse_yaml(text: str, path: str, locations: Locations,
                ) -> tuple[Any, Locations, list[Finding]]:
    try:
        root = yaml.compose(text, Loader=_SafeLoader)
    except yaml.MarkedYAMLError as error:
        if _NESTING_LIMIT in str(error.problem):
            # libyaml's own depth bound (PyYAML >= 6.0.2 wheels); older ones recurse instead.
            mark = error.problem_mark
            where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path, 1, 1)
            return None, locations, [finding("too-deeply-nested",
                                             Msg.of("too-deeply-nested.read"), where)]
        return None, locations, [_yaml_error(error, path, text)]
    except yaml.YAMLError as error:
        return None, locations, [finding("yaml-syntax",
                                         Msg.of("yaml-syntax", problem=str(error)),
                                         Location(path, 1, 1))]
    except RecursionError:
        return None, locations, [finding("too-deeply-nested",
                                         Msg.of("too-deeply-nested.read"),
                                         Location(path, 1, 1))]
    if root is None:
        return None, locations, [finding("empty-file", Msg.of("empty-file", what=_PROTOCOL),
                                         Location(path, 1, 1), hint=PROTOCOL_FORMAT.start)]
    builder = _Builder(path)
    try:
        data = builder.build(root, ())
    except _Stop as stop:
        return None, builder.locations, [*builder.findings, stop.finding]
    except RecursionError:
        return None, builder.locations, [finding("too-deeply-nested",
                                                 Msg.of("too-deeply-nested.read"),
                                                 Location(path, 1, 1))]
    return data, builder.locations, builder.findings


# --------------------------------------------------------------------------- schema

_ALIASES = {"not_": "not", "from_": "from"}


def _yaml_path(loc: tuple[Any, ...], data: Any) -> Path_:
    """Map a pydantic error location onto a path in the YAML data.

    Pydantic adds segments that are not in the document (union member names such as
    ``str`` or ``list[RoleCase]``, the internal ``conditions`` of a guard); they are
    dropped by walking the data.
    """
    result: list[str | int] = []
    current = data
    for part in loc:
        # A key as the file writes it wins; else the YAML name of a field (``not_`` is
        # written ``not``), so that a literal ``from_:`` is reported as itself.
        if isinstance(part, str) and not (isinstance(current, dict) and part in current):
            part = _ALIASES.get(part, part)
        if (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        ):
            result.append(part)
            current = current[part]
        elif isinstance(current, dict) and isinstance(part, str) and part not in (
                "conditions",) and not _is_union_tag(part):
            # A key that is absent (missing field): point at the parent, keep the name.
            result.append(part)
            break
    return tuple(result)


def _is_union_tag(part: str) -> bool:
    return any(ch in part for ch in "[]") or part in {"str", "int", "bool", "list", "dict",
                                                      "function-after", "function-before",
                                                      *EXCLUDE_TAGS}


def _model_at(path: Path_, root: type[BaseModel] = Protocol) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``path`` (for field-name hints)."""
    model: Any = root
    keyed = False     # the next key is one of a mapping's own (a step id under actors)
    for part in path:
        if isinstance(part, int):
            continue
        if keyed:
            keyed = False
            continue
        if model is None or not hasattr(model, "model_fields"):
            return None
        fields = {(_ALIASES.get(name, name) if info.alias is None else info.alias): info
                  for name, info in model.model_fields.items()}
        info = fields.get(part)
        if info is None:
            return None
        model = _inner_model(info.annotation)
        keyed = _is_mapping(info.annotation)
    return model if hasattr(model, "model_fields") and not keyed else None


def _is_mapping(annotation: Any) -> bool:
    """Whether a field holds a mapping by keys of the file's own (``dict[str, ...]``)."""
    from typing import get_args, get_origin

    return get_origin(annotation) is dict or any(
        get_origin(arg) is dict for arg in get_args(annotation))


def _inner_model(annotation: Any) -> Any:
    from typing import get_args

    if hasattr(annotation, "model_fields"):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _field_names(model: type[BaseModel]) -> list[str]:
    if model is Guard:
        return ["all", "any", "not"]
    return [info.alias or name for name, info in model.model_fields.items()]


def schema_findings(error: ValidationError, data: Any, locations: Locations,
                    root: type[BaseModel] = Protocol) -> list[Finding]:
    """Translate pydantic's errors into located findings, one per place.

    ``root`` is the model validated against (a protocol, or another fixed-key format
    such as a case file or a scenario-test file), for the names in hints.
    """
    findings: list[Finding] = []
    seen: set[tuple[Path_, str]] = set()
    for item in error.errors(include_url=False):
        kind = item["type"]
        node_path = _yaml_path(item["loc"], data)
        hint: Msg | None
        if kind == "extra_forbidden":
            name = str(node_path[-1]) if node_path else "?"
            parent = _model_at(node_path[:-1], root)
            hint = did_you_mean(name, _field_names(parent)) if parent else None
            if hint is None and parent is not None:
                hint = Msg.of("hint.allowed-keys", keys=_field_names(parent))
            code, message = "unknown-field", Msg.of("unknown-field", name=name,
                                                    where=_in_place(node_path[:-1], data))
            location = locations.at(node_path, key=True)
        elif kind == "missing":
            name = str(node_path[-1]) if node_path else "?"
            code, hint = "missing-field", None
            message = Msg.of("missing-field", name=name, where=_in_place(node_path[:-1], data))
            location = locations.at(node_path[:-1], key=True)
        else:
            code = "invalid-value"
            said, hint = _wrong_value(item, node_path, root)
            message = Msg.of("invalid-value", where=reader_path(node_path, data), problem=said)
            location = locations.at(node_path)
        key = (node_path, code)
        if key in seen:
            continue
        seen.add(key)
        findings.append(finding(code, message, location, hint=hint))
    return findings


#: pydantic's error types, by the form the value should have (texts ``schema.<form>``).
_FORMS = {"bool_parsing": "bool", "bool_type": "bool", "int_parsing": "int",
          "int_type": "int", "int_from_float": "int", "float_parsing": "number",
          "float_type": "number", "string_type": "str", "list_type": "list",
          "tuple_type": "list", "set_type": "list", "dict_type": "mapping",
          "model_type": "mapping", "model_attributes_type": "mapping",
          "date_parsing": "date", "date_type": "date", "date_from_datetime_parsing": "date",
          "date_from_datetime_inexact": "date", "string_too_short": "empty",
          "too_short": "empty"}
_LIMITS = {"greater_than": "gt", "greater_than_equal": "ge", "less_than": "lt",
           "less_than_equal": "le"}


def _wrong_value(item: Any, node_path: Path_, root: type[BaseModel]) -> tuple[Msg, Msg | None]:
    """What is wrong with a value, in both languages, by pydantic's error type, and a
    hint of the form it should have (``{amount: 10, unit: werkdagen}``, ``true of false``)."""
    kind = item["type"]
    ctx = item.get("ctx") or {}
    given = item.get("input")
    shown = given if isinstance(given, (str, int, float, bool)) else type(given).__name__
    form = _FORMS.get(kind)
    if form == "mapping":
        model = _model_at(tuple(p for p in node_path if isinstance(p, str)), root)
        example = _example(model) if model is not None else None
        return (Msg.of("schema.mapping", value=said_given(given)),
                Msg.of("schema.hint-mapping", example=example) if example else None)
    if form is not None:
        return Msg.of(f"schema.{form}", value=said_given(given)), Msg.of(f"schema.hint-{form}")
    if kind in _LIMITS:
        limit = ctx.get(_LIMITS[kind])
        return Msg.of(f"schema.{_LIMITS[kind]}", limit=limit, value=shown), None
    error = ctx.get("error")
    if isinstance(error, TextError) and error.messages:
        # a validator of ours said it in every language (a date, a case id)
        return error.text, None
    problem = f"{item['msg'][0].lower()}{item['msg'][1:]}"
    expected = ctx.get("expected")
    said = (both(problem, f"de waarde moet {str(expected).replace(' or ', ' of ')} zijn")
            if expected else Msg.of("schema.other", original=untranslated("pydantic",
                                                                          item["msg"])))
    hint: Msg | None = None
    if expected:
        choices = re.findall(r"'([^']*)'", str(expected))
        hint = did_you_mean(str(given), choices) if isinstance(given, str) else None
        if hint is None and str(expected) not in problem:
            hint = Msg.of("hint.expected", expected=expected)
    return said, hint


def untranslated(source: str, words: str) -> Msg:
    """Another program's own words (``source``: pydantic, durable-rules, json), kept
    as they were said and marked so, after our words for what went wrong: the one
    form of such a detail (``common.untranslated``).

    >>> untranslated("pydantic", "Input should be a valid string").render("nl")
    ' (pydantic, onvertaald: "Input should be a valid string")'
    """
    return Msg.of("common.untranslated", source=source, text=words.splitlines()[0][:500]
                  if words else "")


def validation_text(error: ValidationError, data: Any, root: type[BaseModel],
                    most: int = 3) -> Msg:
    """What is wrong with ``data`` by ``root``'s model, in both languages, for a message
    that has no file to locate it in (a stored record, a scenario given to the API):
    the first ``most`` of :func:`schema_findings`' messages (by pydantic's error kind,
    as a file's findings say them), then how many more.

    >>> from pydantic import StrictStr
    >>> class Pair(BaseModel):
    ...     name: StrictStr
    ...     count: int
    >>> try:
    ...     Pair.model_validate({"name": 3})
    ... except ValidationError as error:
    ...     validation_text(error, {"name": 3}, Pair).render("nl")
    "veld 'name': de waarde moet tekst zijn, niet '3'; het verplichte veld 'count' ontbreekt"
    """
    said = [f.text for f in schema_findings(error, data, Locations("<input>"), root)
            if f.text is not None]
    if not said:
        return untranslated("pydantic", str(error))
    text = joined(said[:most])
    if len(said) > most:
        text = Msg.of("common.more", said=text, count=len(said) - most)
    return text


def _example(model: type[BaseModel]) -> str | None:
    """A short example of a block of ``model``'s fields: its required fields, else its
    first two (``{amount: 10, unit: werkdagen}``)."""
    from typing import Literal, get_args, get_origin

    fields = [(info.alias or name, info) for name, info in model.model_fields.items()]
    chosen = [f for f in fields if f[1].is_required()] or [
        f for f in fields if f[0] not in ("source", "open", "id")][:2]

    def sample(annotation: Any) -> str:
        options = [a for a in get_args(annotation) if a is not type(None)] \
            if get_origin(annotation) not in (Literal, list, dict) else []
        if options:
            return sample(options[0])
        if get_origin(annotation) is Literal:
            return str(get_args(annotation)[0])
        if annotation is bool:
            return "true"
        if annotation is int:
            return "10"
        if get_origin(annotation) is list:
            return "[…]"
        return "…"

    if not chosen:
        return None
    return "{" + ", ".join(f"{name}: {sample(info.annotation)}" for name, info in chosen) + "}"


def reader_path(node_path: Path_, data: Any) -> Msg:
    """A place in the file as a reader knows it: ``role 'vertrouwenspersoon', field
    'kind'`` (``rol 'vertrouwenspersoon', veld 'kind'``) rather than ``roles.10.kind``.

    >>> reader_path(("roles", 0, "kind"), {"roles": [{"id": "cvdk"}]}).render("nl")
    "rol 'cvdk', veld 'kind'"
    """
    from protocolkit.format.diagnostics import MESSAGES

    parts: list[Msg] = []
    current = data
    group: str | int | None = None
    for part in node_path:
        if isinstance(part, int):
            item = current[part] if isinstance(current, list) and part < len(current) else None
            ident = item.get("id", item.get("name")) if isinstance(item, dict) else None
            if isinstance(group, str) and f"g1.{group}" in MESSAGES and parts:
                parts.pop()  # "field 'roles'" becomes "role 'x'"
            if ident is not None and isinstance(group, str) and f"g1.{group}" in MESSAGES:
                parts.append(Msg.of("w.path-element", group=Msg.of(f"g1.{group}"),
                                    id=str(ident)))
            elif isinstance(group, str) and f"g1.{group}" in MESSAGES:
                parts.append(Msg.of("w.path-element", group=Msg.of(f"g1.{group}"),
                                    id=str(part + 1)))
            else:
                parts.append(Msg.of("w.path-item", n=part + 1))
        else:
            parts.append(Msg.of("w.path-field", field=str(part)))
        group = part
        if isinstance(current, dict):
            current = current.get(part) if isinstance(part, str) else None
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            current = current[part]
        else:
            current = None
    if not parts:
        return Msg.of("w.document")
    return Msg.of("w.text", text=parts)


def _in_place(node_path: Path_, data: Any) -> Msg:
    """`` (in role 'x')`` for a key below the top level, nothing at the top."""
    if not node_path:
        return Msg.of("w.empty")
    return Msg.of("w.in-place", where=reader_path(node_path, data))


# --------------------------------------------------------------------------- entry points


class Format(NamedTuple):
    """A fixed-key YAML format protocolkit reads: how to name it in findings."""

    name: Msg                  # "protocol file", "case file", "scenario-test file"
    keys: str                  # its top-level keys, for a root that is not a mapping
    start: Msg                 # where to begin when the file is empty
    what: Msg                  # what such a file holds: "protocol", "case", …


def both(en: str, nl: str) -> Msg:
    """Text given in both languages."""
    return Msg.of("w.both", en=en, nl=nl)


_PROTOCOL = both("protocol", "protocol")
PROTOCOL_FORMAT = Format(both("protocol file", "protocolbestand"), "protocol:, roles:, steps:, …",
                         both("write protocol:, sections:, roles:, scenarios:, phases:, steps: "
                              "and entry_routes:; "
                              "'protocolkit schema' prints every field (for an editor), and "
                              "docs/format.md in protocolkit's repository starts from its "
                              "smallest example, tests/data/minimal.yaml",
                              "schrijf protocol:, sections:, roles:, scenarios:, phases:, steps: "
                              "en entry_routes:; "
                              "'protocolkit schema' geeft elk veld (voor een editor), en "
                              "docs/format.md in de repository van protocolkit begint bij "
                              "het kleinste voorbeeld, tests/data/minimal.yaml"), _PROTOCOL)

M = TypeVar("M", bound=BaseModel)


def read_file(path: str | Path, fmt: Format = PROTOCOL_FORMAT,
              ) -> tuple[bytes | None, list[Finding]]:
    """The bytes of a file (at most :data:`MAX_BYTES`), or the finding why not."""
    name = str(path)
    try:
        # Non-blocking, so that a named pipe never waits for a writer; then only a
        # regular file is read (a folder, /dev/null, a pipe or a socket is no protocol).
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            kind = file_kind(os.fstat(handle.fileno()).st_mode)
            if kind is not None:
                return None, [finding("file-unreadable", Msg.of(
                    "file-not-regular", fmt=fmt.name, what=Msg.of(f"file.kind.{kind}")),
                    Location(name))]
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError as error:
        return None, [finding("file-not-found", Msg.of(
            "file-not-found", fmt=fmt.name, error=_os_reason(error)), Location(name))]
    except OSError as error:
        # It exists but cannot be read (a folder, no permission, /proc/self/mem): an I/O
        # error, not a missing file.
        return None, [finding("file-unreadable", Msg.of(
            "file-not-found", fmt=fmt.name, error=_os_reason(error)), Location(name))]
    return raw, []


def _os_reason(error: OSError) -> Msg:
    """Why the system could not read a file, in words of both languages where the
    texts have them (``os.EISDIR``: is a folder / is een map), else the system's."""
    import errno

    from protocolkit.format.texts import TEXTS

    key = f"os.{errno.errorcode.get(error.errno or 0, '')}"
    return Msg.of(key) if key in TEXTS else Msg.of("w.text", text=str(error.strerror or error))


def _too_large(path: str, fmt: Format) -> Finding:
    megabytes = MAX_BYTES // (1024 * 1024)
    return finding("file-too-large", Msg.of("file-too-large", mb=megabytes, fmt=fmt.name),
                   Location(path, 1, 1), hint=Msg.of("hint.right-file"))


#: Blanks, then at most one comment up to the end of its line (the line breaks of
#: :meth:`str.splitlines`; ``\\s`` is the whitespace of :meth:`str.strip`).
_BLANKS_AND_COMMENT = re.compile("\\s*(?:#[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]*)?")


def only_comments(text: str) -> bool:
    r"""Whether every line of ``text`` (as :meth:`str.splitlines` splits it) is blank or
    a comment: read from the start only until the first line that is neither, where
    splitting the whole text into lines made a string of each line of the file.

    >>> only_comments("# kop\n\n   # nog een\r\n")
    True
    >>> only_comments("# kop\nprotocol: {}\n")
    False
    """
    at, end = 0, len(text)
    while at < end:
        found = _BLANKS_AND_COMMENT.match(text, at)    # always matches, maybe nothing
        after = found.end() if found is not None else at
        if after == at:
            return False
        at = after
    return True


def decode(raw: bytes, path: str, fmt: Format = PROTOCOL_FORMAT,
           ) -> tuple[str | None, list[Finding]]:
    """The text of raw bytes, or the finding why they are not a readable YAML file."""
    if len(raw) > MAX_BYTES:
        return None, [_too_large(path, fmt)]
    if b"\x00" in raw:
        return None, [finding("binary-file", Msg.of("binary-file.nul"),
                              Location(path, 1, 1), hint=Msg.of("hint.right-file"))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [finding("binary-file", Msg.of("binary-file.utf8"),
                              Location(path, line, 1), hint=Msg.of("hint.save-utf8"))]
    if only_comments(text):
        return None, [finding("empty-file", Msg.of("empty-file", what=fmt.what),
                              Location(path, 1, 1), hint=fmt.start)]
    return text, []


def _type_name(value: Any) -> Msg:
    """What a YAML value is, in words (``lijst``, ``tekst``), for a reader."""
    name = type(value).__name__
    key = f"yaml-type.{name}"
    from protocolkit.format.texts import TEXTS

    return Msg.of(key) if key in TEXTS else Msg.of("w.text", text=name)


def parse_model(text: str, path: str, model: type[M], fmt: Format,
                ) -> tuple[M | None, Locations, Any, list[Finding]]:
    """Safe-parse ``text`` and validate it against ``model``: the model (or ``None``),
    the locations, the plain data and the located findings."""
    data, locations, findings = parse_yaml(text, path)
    if data is None and not findings:
        findings.append(finding("empty-file", Msg.of("empty-file", what=fmt.what),
                                Location(path, 1, 1), hint=fmt.start))
    if findings and data is None:
        return None, locations, data, findings
    if not isinstance(data, dict):
        findings.append(finding(
            "root-not-mapping",
            Msg.of("root-not-mapping", fmt=fmt.name, keys=fmt.keys, type=_type_name(data)),
            Location(path, 1, 1), hint=fmt.start))
        return None, locations, data, findings
    try:
        return (model.model_validate(data, context={TEXT_CHECKED: True}), locations, data,
                findings)
    except ValidationError as error:
        findings.extend(schema_findings(error, data, locations, root=model))
        return None, locations, data, findings


#: The loader's stages, in order (docs/architecture.md). Every fixed-key YAML file goes
#: through them; each entry point starts at the stage its input is at: a path at
#: ``read``, bytes at ``decode``, text at ``parse``. ``references`` is for protocols only.
STAGES: tuple[str, ...] = ("read", "decode", "parse", "schema", "references")


class _Load:
    """What the stages hand on to each other."""

    __slots__ = ("data", "document", "findings", "fmt", "locations", "model", "path", "raw",
                 "text")

    def __init__(self, path: str, model: type[BaseModel], fmt: Format) -> None:
        self.path = path
        self.model = model
        self.fmt = fmt
        self.findings: list[Finding] = []
        self.raw: bytes | None = None
        self.text: str | None = None
        self.locations: Locations | None = None
        self.data: Any = None
        self.document: BaseModel | None = None


def _stage_read(run: _Load, source: Any) -> bool:
    run.raw, run.findings = read_file(source, run.fmt)
    return run.raw is not None


def _stage_decode(run: _Load, source: Any) -> bool:
    run.text, found = decode(run.raw if run.raw is not None else source, run.path, run.fmt)
    run.findings.extend(found)
    return run.text is not None


def _stage_parse(run: _Load, source: Any) -> bool:
    text = run.text if run.text is not None else source
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        run.findings.append(_too_large(run.path, run.fmt))     # the same limit as a file
        return False
    run.text = text
    return True


def _stage_schema(run: _Load, source: Any) -> bool:
    assert run.text is not None
    run.document, run.locations, run.data, found = parse_model(
        run.text, run.path, run.model, run.fmt)
    run.findings.extend(found)
    if run.document is None and run.model is Protocol and found and isinstance(run.data, dict):
        # Schema errors do not hide the file's other findings (see load_text).
        run.findings.extend(_salvaged_findings(run.data, found, run.locations))
    return run.document is not None


def _stage_references(run: _Load, source: Any) -> bool:
    if not isinstance(run.document, Protocol):
        return True
    from protocolkit.format.references import check_references

    assert run.locations is not None
    run.findings.extend(check_references(run.document, run.locations))
    return True


_STAGE_FUNCTIONS = {"read": _stage_read, "decode": _stage_decode, "parse": _stage_parse,
                    "schema": _stage_schema, "references": _stage_references}


def _run_stages(source: Any, path: str, start: str, model: type[BaseModel] = Protocol,
                fmt: Format = PROTOCOL_FORMAT) -> _Load:
    """Run :data:`STAGES` from ``start``; a stage runs only when the one before gave it
    something to work on, and every stage's findings are kept."""
    run = _Load(path, model, fmt)
    for name in STAGES[STAGES.index(start):]:
        if not _STAGE_FUNCTIONS[name](run, source):
            break
    if run.locations is None:
        run.locations = Locations(path)
    return run


def _result(run: _Load) -> LoadResult:
    assert run.locations is not None
    has_error = any(f.severity.value == "error" for f in run.findings)
    protocol = run.document if isinstance(run.document, Protocol) and not has_error else None
    if protocol is not None:
        protocol.memo("loaded")["locations"] = run.locations
    return LoadResult(run.path, protocol, run.findings, run.locations, run.data)


def locations_of(protocol: Protocol) -> Locations | None:
    """Where the parts of a loaded protocol are in its file (``None`` for a protocol
    not read from text), for findings about it made later (a refused scenario)."""
    found: Locations | None = protocol.memo("loaded").get("locations")
    return found


def load_document(path: str | Path, model: type[M], fmt: Format,
                  ) -> tuple[M | None, Locations, list[Finding]]:
    """Read a fixed-key YAML file (a case file, a scenario-test file) into ``model``,
    through the same stages as a protocol file; never raises."""
    document, locations, findings, _ = load_document_data(path, model, fmt)
    return document, locations, findings


def load_document_data(path: str | Path, model: type[M], fmt: Format,
                       ) -> tuple[M | None, Locations, list[Finding], Any]:
    """:func:`load_document`, with the plain data the file holds (``None`` when it could
    not be parsed): a caller can still check the parts that are valid when the whole is
    not, so that one mistake does not hide the others."""
    run = _run_stages(path, str(path), "read", model, fmt)
    assert run.locations is not None
    document = run.document if isinstance(run.document, model) else None
    return document, run.locations, run.findings, run.data


def load_text(text: str, path: str = "<string>") -> LoadResult:
    """Parse, validate and resolve a protocol given as text.

    Schema errors do not hide the file's other findings: the elements at fault are set
    aside and the rest is checked for references and citations (findings that only
    follow from the set-aside elements are left out). The route checks need the whole
    protocol, so they wait until the schema errors are fixed.

    Every entry point enforces the same limits: at most :data:`MAX_BYTES` in UTF-8,
    like a file.
    """
    return _result(_run_stages(text, path, "parse"))


class _ShiftedLocations(Locations):
    """Locations of the original file for paths into a copy with list items removed."""

    def __init__(self, original: Locations, kept: dict[str, list[int]]) -> None:
        super().__init__(original.path, original.keys, original.values)
        self.kept = kept

    def at(self, node_path: Path_, *, key: bool = False) -> Location:
        if (len(node_path) >= 2 and isinstance(node_path[0], str) and node_path[0] in self.kept
                and isinstance(node_path[1], int) and node_path[1] < len(self.kept[node_path[0]])):
            node_path = (node_path[0], self.kept[node_path[0]][node_path[1]], *node_path[2:])
        return super().at(node_path, key=key)


#: The arguments of a finding's text that name an element or an outcome of one
#: (``step.outcome``), as the ``unknown-element`` findings write them.
_ELEMENT_ARGS = frozenset({"element"})


def _mentions(value: Any, names: set[str], element: bool = False) -> bool:
    """Whether a finding's text names one of ``names``; in an element argument
    (:data:`_ELEMENT_ARGS`) also as the step of an outcome reference (``step.outcome``:
    a step set aside takes its outcomes with it), never in any other text ("art. 3"
    is no outcome of a step ``art``)."""
    if isinstance(value, Msg):
        return any(_mentions(v, names, name in _ELEMENT_ARGS) for name, v in value.args)
    if isinstance(value, (list, tuple)):
        return any(_mentions(v, names, element) for v in value)
    return isinstance(value, str) and (
        value in names or (element and value.partition(".")[0] in names))


def _salvaged_findings(data: dict[str, Any], schema: list[Finding],
                       locations: Locations) -> list[Finding]:
    """Reference findings of what remains when the elements with schema errors are set
    aside (see :func:`load_text`); empty when the rest still does not validate."""
    from protocolkit.format.references import check_references

    # Which top-level list items (or top-level keys) the schema errors are in.
    faulty: dict[str, set[int]] = {}
    whole: set[str] = set()
    for f in schema:
        at = packed(f.location.line or 0, f.location.column or 0)
        for node_path, where in locations.values.items():
            if where == at and node_path:
                break
        else:
            node_path = ()
            for key_path, where in locations.keys.items():
                if where == at:
                    node_path = key_path
                    break
        if not node_path:
            return []
        if len(node_path) >= 2 and isinstance(node_path[1], int):
            faulty.setdefault(str(node_path[0]), set()).add(node_path[1])
        else:
            whole.add(str(node_path[0]))
    if whole & {"protocol", "scenarios"}:
        return []
    trimmed = {k: v for k, v in data.items() if k not in whole}
    kept: dict[str, list[int]] = {}
    removed: set[str] = set()
    for group, indices in faulty.items():
        items = trimmed.get(group)
        if not isinstance(items, list):
            return []
        kept[group] = [i for i in range(len(items)) if i not in indices]
        trimmed[group] = [items[i] for i in kept[group]]
        removed |= {str(items[i]["id"]) for i in indices
                    if isinstance(items[i], dict) and "id" in items[i]}
    try:
        protocol = Protocol.model_validate(trimmed, context={TEXT_CHECKED: True})
    except ValidationError:
        return []
    found = check_references(protocol, _ShiftedLocations(locations, kept))
    return [f for f in found if f.code != "uncited-section"
            and not (f.text is not None and _mentions(f.text, removed))]


def load_protocol(path: str | Path) -> LoadResult:
    """Read, parse, validate and resolve a protocol file; never raises for bad input.

    >>> load_protocol("does/not/exist.yaml").findings[0].code
    'file-not-found'
    """
    return _result(_run_stages(path, str(path), "read"))


def load_bytes(raw: bytes, path: str = "<bytes>") -> LoadResult:
    """Validate raw bytes (as read from a file or a request)."""
    return _result(_run_stages(raw, path, "decode"))
