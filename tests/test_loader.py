"""The loader: every kind of bad input comes back as a located finding, never a traceback."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import tracemalloc
from pathlib import Path

import pytest
import yaml

from protocolkit.format import loader
from protocolkit.format.diagnostics import Severity
from protocolkit.format.loader import MAX_BYTES, load_bytes, load_protocol, load_text

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"


def minimal_text() -> str:
    return MINIMAL.read_text(encoding="utf-8")


def codes_and_lines(result) -> list[tuple[str, int | None]]:
    return [(f.code, f.location.line) for f in result.findings]


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the ``occurrence``-th line containing ``needle``."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


def test_minimal_protocol_loads_clean() -> None:
    result = load_protocol(MINIMAL)
    assert result.ok
    assert result.findings == []
    assert result.protocol is not None
    assert result.protocol.protocol.municipality == "Voorbeeld"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("")
    result = load_protocol(path)
    assert codes_and_lines(result) == [("empty-file", 1)]
    assert result.findings[0].location.path == str(path)


def test_comment_only_file_is_empty() -> None:
    result = load_text("# only a comment\n\n", "c.yaml")
    assert [f.code for f in result.findings] == ["empty-file"]


def test_binary_garbage() -> None:
    result = load_bytes(bytes(range(256)) * 4, "garbage.bin")
    assert codes_and_lines(result) == [("binary-file", 1)]


def test_invalid_utf8_names_its_line() -> None:
    result = load_bytes(b"protocol:\n  title: caf\xe9\n", "latin1.yaml")
    assert codes_and_lines(result) == [("binary-file", 2)]


@pytest.mark.parametrize("text, kind", [("- a\n- b\n", "a list"), ("just text\n", "a text"),
                                        ("42\n", "a number")])
def test_root_not_a_mapping(text: str, kind: str) -> None:
    result = load_text(text, "root.yaml")
    assert codes_and_lines(result) == [("root-not-mapping", 1)]
    assert result.findings[0].message.endswith(f"this document is {kind}")


def test_tab_indentation_names_the_line() -> None:
    text = minimal_text().replace("  version: \"1.0\"", "\tversion: \"1.0\"")
    result = load_text(text, "tabs.yaml")
    assert codes_and_lines(result) == [("tab-indentation", line_of(text, "\tversion"))]
    assert result.findings[0].hint and "spaces" in result.findings[0].hint


def test_alias_bomb_ends_in_a_finding_quickly() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    text = "\n".join(lines) + "\n"
    result = load_text(text, "bomb.yaml")
    # Refused, not expanded (9^10 items); that it never hangs is the subprocess test's job
    # below, with a hard timeout (the suite asserts no durations).
    assert [f.code for f in result.findings] == ["alias-bomb"]
    assert result.findings[0].location.line is not None


def test_alias_bomb_in_a_subprocess_stays_bounded() -> None:
    """Run the bomb in a fresh interpreter with a hard timeout: it must not hang."""
    script = textwrap.dedent("""
        from protocolkit.format.loader import load_text
        lines = ['a0: &a0 [' + ','.join(['"lol"'] * 9) + ']']
        for i in range(1, 12):
            lines.append(f'a{i}: &a{i} [' + ','.join([f'*a{i-1}'] * 9) + ']')
        print(load_text('\\n'.join(lines) + '\\n', 'b.yaml').findings[0].code)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=60, cwd=ROOT, check=False)
    assert out.stdout.strip() == "alias-bomb", out.stderr


def test_small_aliases_are_fine() -> None:
    text = minimal_text().replace("  reporters: [raadslid, burgemeester]",
                                  "  reporters: &who [raadslid, burgemeester]").replace(
        "  subjects: [raadslid, burgemeester]", "  subjects: *who")
    result = load_text(text, "alias.yaml")
    assert result.ok, [f.render() for f in result.findings]


def test_thirty_megabyte_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("w") as handle:
        handle.write("protocol:\n")
        chunk = "  # " + "x" * 1019 + "\n"  # 1 KiB a line
        for _ in range(30 * 1024):
            handle.write(chunk)
    assert path.stat().st_size > 30 * 1024 * 1024
    # Refused after reading at most MAX_BYTES + 1 bytes: the memory the load takes stays
    # near that, whatever the file's size (structural, not timed).
    tracemalloc.start()
    try:
        result = load_protocol(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert codes_and_lines(result) == [("file-too-large", 1)]
    assert MAX_BYTES < path.stat().st_size
    assert peak < 4 * MAX_BYTES, peak


def test_unknown_field_with_hint() -> None:
    text = minimal_text().replace("    kind: onderzoek\n", "    kind: onderzoek\n    deadlnie: x\n")
    result = load_text(text, "typo.yaml")
    assert codes_and_lines(result) == [("unknown-field", line_of(text, "deadlnie"))]
    finding = result.findings[0]
    assert finding.location.column == 5
    assert finding.hint == "did you mean `deadline`?"


def test_duplicate_key_names_both_lines() -> None:
    text = minimal_text().replace("  title: Voorbeeldprotocol integriteit\n",
                                  "  title: Voorbeeldprotocol integriteit\n  title: Nog een titel\n")
    result = load_text(text, "dup.yaml")
    assert ("duplicate-key", line_of(text, "title: Nog een")) in codes_and_lines(result)
    dup = next(f for f in result.findings if f.code == "duplicate-key")
    assert f"line {line_of(text, 'title: Voorbeeldprotocol')}" in (dup.hint or "")


def test_mistyped_role_reference_with_hint() -> None:
    text = minimal_text().replace("    actor: gemeenteraad\n    outcomes:\n      - {id: sanctie",
                                  "    actor: gemeenteraaad\n    outcomes:\n      - {id: sanctie")
    result = load_text(text, "ref.yaml")
    assert codes_and_lines(result) == [("unknown-role", line_of(text, "gemeenteraaad"))]
    assert result.findings[0].hint == "did you mean `gemeenteraad`?"
    assert result.protocol is None


def test_mistyped_step_reference_with_hint() -> None:
    text = minimal_text().replace("{id: verleend, next: onderzoek}", "{id: verleend, next: onderzoekk}")
    result = load_text(text, "step.yaml")
    assert codes_and_lines(result) == [("unknown-step", line_of(text, "onderzoekk"))]
    assert result.findings[0].hint == "did you mean `onderzoek`?"


def test_unknown_section_citation() -> None:
    text = minimal_text().replace('    title: Eindoordeel\n    actor: gemeenteraad\n',
                                  '    title: Eindoordeel\n    actor: gemeenteraad\n', 1)
    text = text.replace('      - {id: geen_sanctie, next: afgedaan}\n    source: "art. 4"',
                        '      - {id: geen_sanctie, next: afgedaan}\n    source: "art. 44"')
    result = load_text(text, "cite.yaml")
    assert codes_and_lines(result) == [("unknown-section", line_of(text, '"art. 44"'))]


def test_uncited_section_is_a_warning() -> None:
    text = minimal_text().replace('  - {id: "inleiding", informative: true}',
                                  '  - {id: "art. 5", title: Evaluatie}')
    result = load_text(text, "uncited.yaml")
    assert codes_and_lines(result) == [("uncited-section", line_of(text, '"art. 5"'))]
    assert result.findings[0].severity is Severity.warning
    assert result.ok  # warnings do not stop the model


def test_guard_value_outside_its_domain() -> None:
    text = minimal_text().replace("when: {subject: burgemeester}", "when: {subject: burgemeestr}")
    result = load_text(text, "guard.yaml")
    assert codes_and_lines(result) == [("unknown-value", line_of(text, "burgemeestr"))]
    assert result.findings[0].hint == "did you mean `burgemeester`?"


def test_guard_unknown_attribute() -> None:
    text = minimal_text().replace("when: {subject: burgemeester}", "when: {subjct: burgemeester}")
    result = load_text(text, "attr.yaml")
    assert codes_and_lines(result) == [("unknown-attribute", line_of(text, "subjct"))]
    assert result.findings[0].hint == "did you mean `subject`?"


def test_invalid_enum_value_names_the_line() -> None:
    text = minimal_text().replace("    kind: wederhoor\n", "    kind: wederhor\n")
    result = load_text(text, "enum.yaml")
    assert codes_and_lines(result) == [("invalid-value", line_of(text, "wederhor"))]


def test_missing_field_points_at_its_parent() -> None:
    text = minimal_text().replace("    title: Integriteitsonderzoek\n", "")
    result = load_text(text, "missing.yaml")
    assert ("missing-field", line_of(text, "- id: onderzoek")) in codes_and_lines(result)
    assert "'title'" in result.findings[0].message


def test_yes_no_on_off_stay_strings() -> None:
    text = minimal_text().replace('  version: "1.0"', "  version: yes").replace(
        "  title: Voorbeeldprotocol integriteit", "  title: on")
    result = load_text(text, "bools.yaml")
    assert result.ok, [f.render() for f in result.findings]
    assert result.protocol.protocol.version == "yes"
    assert result.protocol.protocol.title == "on"


def test_python_tags_are_refused_not_executed() -> None:
    text = "protocol: !!python/object/apply:os.system ['echo pwned']\n"
    result = load_text(text, "tag.yaml")
    assert codes_and_lines(result) == [("yaml-tag", 1)]


def test_custom_tags_are_refused() -> None:
    result = load_text("protocol: !include other.yaml\n", "tag.yaml")
    assert [f.code for f in result.findings] == ["yaml-tag"]


def test_deep_nesting_is_bounded() -> None:
    text = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    result = load_text(text, "deep.yaml")
    assert [f.code for f in result.findings] == ["too-deeply-nested"]


@pytest.mark.parametrize("depth", [100, 1100, 5000])
@pytest.mark.parametrize("reader", ["libyaml", "python"])
def test_deep_nesting_is_bounded_with_either_yaml_reader(
        monkeypatch: pytest.MonkeyPatch, depth: int, reader: str) -> None:
    # libyaml (PyYAML >= 6.0.2) refuses flow nesting beyond 1000 itself, PyYAML's pure-Python
    # reader recurses instead, and below both limits the loader's own bound answers: every
    # way ends in the same finding, never yaml-syntax or a traceback.
    if reader == "python":
        monkeypatch.setattr(loader.yaml, "compose",
                            lambda text, Loader: yaml.compose(text, Loader=yaml.SafeLoader))
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("this PyYAML has no libyaml")
    text = "a: " + "[" * depth + "]" * depth + "\n"
    result = load_text(text, "deep.yaml")
    assert [f.code for f in result.findings] == ["too-deeply-nested"]


def test_libyaml_nesting_refusal_is_located() -> None:
    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("this PyYAML has no libyaml")
    text = "a: " + "[" * 1100 + "]" * 1100 + "\n"
    (found,) = load_text(text, "deep.yaml").findings
    assert found.code == "too-deeply-nested" and found.location.line == 1


def test_multiple_documents() -> None:
    result = load_text(minimal_text() + "---\nprotocol: {}\n", "multi.yaml")
    assert [f.code for f in result.findings] == ["multiple-documents"]


def test_all_findings_are_collected_not_just_the_first() -> None:
    text = (minimal_text()
            .replace("    actor: gemeenteraad\n    outcomes:\n      - {id: sanctie",
                     "    actor: gemeenteraaad\n    outcomes:\n      - {id: sanctie")
            .replace("{id: verleend, next: onderzoek}", "{id: verleend, next: onderzoekk}")
            .replace("when: {subject: burgemeester}", "when: {subject: burgemeestr}"))
    result = load_text(text, "many.yaml")
    assert sorted(f.code for f in result.findings) == ["unknown-role", "unknown-step",
                                                       "unknown-value"]


def test_missing_file_is_a_finding() -> None:
    result = load_protocol(ROOT / "does-not-exist.yaml")
    assert [f.code for f in result.findings] == ["file-not-found"]


def test_a_python_field_name_in_the_file_is_reported_as_written() -> None:
    text = minimal_text().replace("deadline: {amount: 8, unit: weken}",
                                  "deadline: {amount: 8, unit: weken, from_: case}")
    result = load_text(text, "alias.yaml")
    assert codes_and_lines(result) == [("unknown-field", line_of(text, "from_: case"))]
    assert "'from_'" in result.findings[0].message
    assert result.findings[0].hint == "did you mean `from`?"


def test_a_protocol_built_in_code_refuses_control_characters_like_a_file() -> None:
    """Issue 12 residual: ``Protocol.model_validate`` (the API path) refuses what the YAML
    loader refuses, with the field named; tab and line feed stay text."""
    import yaml
    from pydantic import ValidationError

    from protocolkit.format.model import Protocol

    source = (Path(__file__).parent / "data" / "minimal.yaml").read_text(encoding="utf-8")
    for char in ("\x00", "\x1b", "\x7f", "\x9b"):
        data = yaml.safe_load(source)
        data["steps"][0]["title"] = f"Melding{char}[31m"
        with pytest.raises(ValidationError, match=f"'title' holds the control character "
                                                  f"U\\+{ord(char):04X}"):
            Protocol.model_validate(data)
        data = yaml.safe_load(source)
        data["steps"][0]["source"] = ["art. 2", f"art.{char} 3"]      # inside a list
        with pytest.raises(ValidationError, match="'source' holds the control character"):
            Protocol.model_validate(data)
    data = yaml.safe_load(source)
    data["steps"][0]["title"] = "Melding\tbij de\nburgemeester"
    assert Protocol.model_validate(data).steps[0].title == "Melding\tbij de\nburgemeester"
    # A file reports it once, with its place, not again from the model.
    found = load_text(source.replace("title: Voorbeeldprotocol integriteit",
                                     'title: "Voorbeeld\\u001bprotocol"', 1)).findings
    assert [f.code for f in found] == ["hidden-character"]


# A guarded alternative cites what it alone encodes (RoleCase.source, NextCase.source):
# checked like every other citation.
_GUARDED_ACTOR = ("    title: Eindoordeel\n    actor:\n"
                  '      - {when: {subject: burgemeester}, role: gemeenteraad, source: "art. 1"}\n'
                  "      - {role: gemeenteraad}\n")


def test_alternative_source_is_checked_and_located() -> None:
    text = minimal_text().replace("    title: Eindoordeel\n    actor: gemeenteraad\n",
                                  _GUARDED_ACTOR.replace('"art. 1"', '"art. 11"'), 1)
    result = load_text(text, "alternative.yaml")
    assert codes_and_lines(result) == [("unknown-section", line_of(text, '"art. 11"'))]
    assert result.findings[0].hint == "did you mean `art. 1`?"


def test_next_alternative_source_is_checked_and_located() -> None:
    text = minimal_text().replace(
        "      - {id: gemeld, next: beoordeling}\n",
        "      - id: gemeld\n        next:\n"
        '          - {when: {subject: burgemeester}, step: beoordeling, source: "art 2"}\n'
        "          - {step: beoordeling}\n", 1)
    result = load_text(text, "next.yaml")
    assert codes_and_lines(result) == [("unknown-section", line_of(text, '"art 2"'))]
    assert result.findings[0].hint == "did you mean `art. 2`?"


def test_a_section_cited_only_by_an_alternative_is_cited() -> None:
    text = minimal_text().replace('  - {id: "inleiding", informative: true}',
                                  '  - {id: "art. 5", title: Vervanging}')
    text = text.replace("    title: Eindoordeel\n    actor: gemeenteraad\n",
                        _GUARDED_ACTOR.replace('"art. 1"', '"art. 5"'), 1)
    result = load_text(text, "cited.yaml")
    assert result.findings == []


@pytest.mark.parametrize("empty", ["[]", '""', '"  "'])
def test_an_empty_citation_is_a_located_error(empty: str) -> None:
    """Every rule-carrying element cites at least one section: ``source: []`` is no
    citation (it used to validate clean, and ``route`` printed an empty "Bron: ")."""
    text = minimal_text()
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines)
              if i > line_of(text, "steps:") and line.strip().startswith("source:"))
    lines[at] = lines[at].split("source:")[0] + f"source: {empty}"
    result = load_text("\n".join(lines) + "\n", "empty.yaml")
    found = [f for f in result.findings if f.severity is Severity.error]
    assert [(f.code, f.location.line) for f in found] == [("invalid-value", at + 1)]
    assert "cites no section" in found[0].message
    assert "citeert geen enkele sectie" in found[0].render("nl")
    assert result.protocol is None


def test_the_loader_tags_nodes_as_pyyaml_does_without_path_resolvers() -> None:
    # The composer's path-resolver hooks are builtins that do nothing: right only while
    # the loader registers no path resolver. Its tags are PyYAML's, but for YAML 1.2
    # booleans and no implicit timestamps.
    assert not loader._SafeLoader.yaml_path_resolvers
    text = ("a: [1, '2', \"x\", yes, true, ~, '', 2020-01-01, 1.5, .inf, 0x1F, -3]\n"
            "b: {c: null, d: !!str 5, e: [], f: {}}\n"
            "'': plain\n")

    def tags(node: yaml.Node) -> list[str]:
        found = [node.tag]
        for child in node.value if isinstance(node.value, list) else []:
            for part in child if isinstance(child, tuple) else (child,):
                found.extend(tags(part))
        return found

    ours = tags(yaml.compose(text, Loader=loader._SafeLoader))
    pyyaml = ["tag:yaml.org,2002:str" if tag.endswith((":bool", ":timestamp")) and value
              in ("yes", "2020-01-01") else tag
              for tag, value in zip(tags(yaml.compose(text, Loader=yaml.SafeLoader)),
                                    _values(yaml.compose(text, Loader=yaml.SafeLoader)),
                                    strict=True)]
    assert ours == pyyaml


def _values(node: yaml.Node) -> list[object]:
    found: list[object] = [node.value if isinstance(node, yaml.ScalarNode) else None]
    for child in node.value if isinstance(node.value, list) else []:
        for part in child if isinstance(child, tuple) else (child,):
            found.extend(_values(part))
    return found


def test_a_substitution_is_named_only_or_limited_to_bodies_never_both() -> None:
    """``named_only`` reaches no member of a body, ``bodies`` only members of those
    bodies: both on one substitution is an ``invalid-value`` error at it."""
    text = (ROOT / "protocols" / "oostzaan.yaml").read_text(encoding="utf-8")
    assert text.count("    named_only: true\n") == 1
    bad = text.replace("    named_only: true\n", "    named_only: true\n    bodies: [college]\n")
    result = load_text(bad, "both.yaml")
    found = [f for f in result.findings if f.severity is Severity.error]
    assert [f.code for f in found] == ["invalid-value"]
    assert found[0].location.line == line_of(bad, "id: voorzitter_vertrouwenscommissie_voor_"
                                                   "burgemeester")
    assert result.protocol is None
    # said in the reader's language, like every schema message
    assert ("'named_only: true' reaches no member of a body and 'bodies' only members of "
            "those bodies: keep one or the other") in found[0].describe("en")
    dutch = found[0].describe("nl")
    assert ("'named_only: true' bereikt geen lid van een orgaan en 'bodies' alleen leden "
            "van die organen: kies het een of het ander") in dutch, dutch
    assert "reaches" not in dutch, dutch


# ----------------------------------------------- optional members ("desgewenst")

GEMEENTERAAD = ('  - {id: gemeenteraad, name: Gemeenteraad, kind: body, shared: gemeenteraad, '
                'members: [raadslid], source: "art. 1"}\n')


def with_optional(entry: str) -> str:
    """minimal.yaml with the gemeenteraad's ``optional_members`` set to ``entry``."""
    text = minimal_text()
    assert GEMEENTERAAD in text
    return text.replace(GEMEENTERAAD, (
        "  - id: gemeenteraad\n    name: Gemeenteraad\n    kind: body\n    shared: gemeenteraad\n"
        "    members: [raadslid]\n    optional_members:\n"
        f"      - {entry}\n    source: \"art. 1\"\n"))


def test_an_optional_member_loads_with_its_citation() -> None:
    result = load_text(with_optional('{role: raadslid, source: "art. 1"}'), "optional.yaml")
    assert result.findings == [] and result.protocol is not None
    raad = result.protocol.role("gemeenteraad")
    assert raad is not None and raad.optional_member_ids() == {"raadslid"}


def test_an_optional_member_that_is_no_member_is_located_with_a_hint() -> None:
    text = with_optional('{role: raadslidd, source: "art. 1"}')
    result = load_text(text, "optional.yaml")
    assert codes_and_lines(result) == [("optional-member-not-member", line_of(text, "raadslidd"))]
    finding = result.findings[0]
    assert finding.severity is Severity.error and finding.location.column == 16
    assert finding.hint == "did you mean `raadslid`?"
    assert result.protocol is None


def test_an_optional_member_from_elsewhere_is_told_to_join_members() -> None:
    text = with_optional('{role: burgemeester, source: "art. 1"}')
    result = load_text(text, "optional.yaml")
    assert codes_and_lines(result) == [("optional-member-not-member", line_of(text, "role: burgemeester"))]
    assert "members" in result.findings[0].message
    assert result.findings[0].hint is not None and "add 'burgemeester' to members" in result.findings[0].hint


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_optional_members_on_a_role_that_is_no_body_say_it_is_no_body(lang: str) -> None:
    """The slip is the role's kind, not a missing member: no "add it to members"."""
    body = "  - id: gemeenteraad\n    name: Gemeenteraad\n    kind: body\n"
    text = with_optional('{role: raadslid, source: "art. 1"}')
    assert text.count(body) == 1
    text = text.replace(body, body.replace("kind: body", "kind: person"))
    result = load_text(text, "person.yaml")
    assert codes_and_lines(result) == [("body-field-not-body", line_of(text, "- {role: raadslid"))]
    said = result.findings[0].render(lang)
    if lang == "nl":
        assert ("rol 'gemeenteraad' heeft optional_members, maar is geen orgaan (kind: "
                "person)") in said and "maak er kind: body van" in said
    else:
        assert ("role 'gemeenteraad' has optional_members, but it is not a body (kind: "
                "person)") in said and "make it kind: body" in said
    assert "add 'raadslid' to members" not in said and result.protocol is None


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_composition_source_on_a_role_that_is_no_body_is_refused(lang: str) -> None:
    person = "kind: person, shared: burgemeester, single: true,"
    text = minimal_text()
    assert text.count(person) == 1
    text = text.replace(person, person + ' composition_source: "art. 1",')
    result = load_text(text, "person.yaml")
    assert codes_and_lines(result) == [("body-field-not-body", line_of(text, "composition_source"))]
    said = result.findings[0].render(lang)
    assert ("geen orgaan (kind: person)" if lang == "nl" else "not a body (kind: person)") in said
    assert "composition_source" in said and result.protocol is None


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_optional_member_named_twice_is_refused_at_the_second(lang: str) -> None:
    """Two ``optional_members`` entries for one role say nothing the first does not, and
    may cite apart: a slip, refused where the second stands (``duplicate-id``)."""
    text = with_optional('{role: raadslid, source: "art. 1"}\n'
                         '      - {role: raadslid, source: "art. 2"}')
    result = load_text(text, "optional.yaml")
    second = line_of(text, '- {role: raadslid, source: "art. 2"}')
    assert codes_and_lines(result) == [("duplicate-id", second)]
    [finding] = result.findings
    assert finding.severity is Severity.error and finding.location.column == 16
    assert result.protocol is None
    said = finding.render(lang)
    assert said.startswith(f"optional.yaml:{second}:16: ")
    if lang == "nl":
        assert ("rol 'gemeenteraad' noemt 'raadslid' twee keer onder optional_members "
                "(noem de rol één keer; de eerste staat op plaats 1 in de lijst)") in said
    else:
        assert ("role 'gemeenteraad' names 'raadslid' twice under optional_members (name "
                "it once; the first is item 1 of the list)") in said


@pytest.mark.parametrize("field", ["members", "accountable_to"])
def test_a_role_listed_twice_in_a_relation_is_refused_where_it_repeats(field: str) -> None:
    """``members: [raadslid, raadslid]`` (and a relation's list) names a role twice: the
    second is located, file:line:column, with the first's place."""
    raad = GEMEENTERAAD.replace("members: [raadslid]", f"{field}: [raadslid, raadslid]") \
        if field == "members" else GEMEENTERAAD.replace(
            "members: [raadslid]", "members: [raadslid], accountable_to: [burgemeester, "
            "burgemeester]")
    text = minimal_text().replace(GEMEENTERAAD, raad)
    result = load_text(text, "twice.yaml")
    assert codes_and_lines(result) == [("duplicate-id", line_of(text, "id: gemeenteraad"))]
    [finding] = result.findings
    row = text.splitlines()[finding.location.line - 1]
    second = row.index("raadslid]" if field == "members" else "burgemeester]") + 1
    assert finding.location.column == second
    assert f"twice under {field}" in finding.message and "item 1" in (finding.hint or "")
    assert result.protocol is None


def test_a_joint_party_naming_a_role_twice_is_refused_where_it_repeats() -> None:
    """A step's party list (``role: [a, a]``) names each role once, like a role's list."""
    text = minimal_text()
    assert text.count("    counterpart: burgemeester\n") == 1
    text = text.replace("    counterpart: burgemeester\n",
                        "    counterpart: [{role: [burgemeester, cvdk, burgemeester]}]\n")
    result = load_text(text, "twice.yaml")
    line = line_of(text, "cvdk, burgemeester")
    assert codes_and_lines(result) == [("duplicate-id", line)]
    [finding] = result.findings
    assert finding.location.column == text.splitlines()[line - 1].index("burgemeester]") + 1
    assert "names 'burgemeester' twice under counterpart" in finding.message
    assert "item 1" in (finding.hint or "")
    assert result.protocol is None


@pytest.mark.parametrize(("entry", "code"), [
    ("{role: raadslid}", "missing-field"),                            # no citation
    ('{role: raadslid, source: "art. 99"}', "unknown-section"),
    ('{role: raadslid, source: "art. 1", wanneer: x}', "unknown-field"),
    ("raadslid", "invalid-value"),                                     # a bare id
])
def test_a_malformed_optional_member_is_a_diagnostic(entry: str, code: str) -> None:
    text = with_optional(entry)
    result = load_text(text, "optional.yaml")
    assert [f.code for f in result.findings] == [code]
    assert result.findings[0].location.line == line_of(text, "      - ")
