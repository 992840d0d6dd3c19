"""Build the fuzzing seed corpus and token dictionary from the repository.

Nothing is copied into git: the seeds are the shipped protocols, the protocols the
tests use, and the bad inputs of ``tests/test_loader.py`` (rebuilt here from
``tests/data/minimal.yaml`` the way the tests build them). The output goes to
``fuzz/corpus/`` (git-ignored):

* ``corpus/seed/``: one file per seed input;
* ``corpus/protocol.dict``: a libFuzzer dictionary of YAML syntax, every key the
  format knows and every enumerated value, so that byte-level mutations can insert
  whole keys instead of guessing them a letter at a time.

Run ``python fuzz/make_corpus.py`` (``fuzz/run.sh`` does it for you).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any, get_args

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from protocolkit.format.model import (
    ACT_KINDS,
    PSEUDO_ROLES,
    SHARED_ROLES,
    Guard,
    Protocol,
)

CORPUS = ROOT / "fuzz" / "corpus"
MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"

#: YAML syntax a byte-level mutator is unlikely to assemble by itself.
YAML_TOKENS: tuple[str, ...] = (
    "- ", ": ", "\n  ", "\n    - ", "{", "}", "[", "]", ", ", "&a ", "*a", "<<: *a",
    "!!str ", "!!int ", "!!float ", "!!bool ", "!!null ", "!!map ", "!!seq ", "!!binary ",
    "!!timestamp ", "!!python/object:os.system ", "!custom ", "%YAML 1.1\n", "%TAG ! x\n",
    "---\n", "...\n", "? ", "|\n  ", ">-\n  ", "'", '"', "# ", "\t", "\r\n", "\r",
    "~", "null", "true", "false", "yes", "on",
    # YAML 1.1 number forms (the reader takes these for int or float)
    "0x", "0b", "0o", "0", "_", "1_000", "1:30", "1e3", "1e+3", ".5", "-.inf", ".nan",
    "+1", "0x1F", "2025-01-01", "\\u0000", "\\x", "\ufeff", "\u2028", "\x85",
)


def shipped_seeds() -> Iterator[tuple[str, bytes]]:
    """The shipped protocols and the protocols the tests load."""
    paths = [*sorted((ROOT / "protocols").glob("*.yaml")), MINIMAL,
             *sorted((ROOT / "tests" / "data" / "checks").glob("*.yaml"))]
    for path in paths:
        prefix = "protocol" if path.parent.name == "protocols" else "test"
        yield f"{prefix}-{path.stem}.yaml", path.read_bytes()


def bad_seeds(minimal: str) -> Iterator[tuple[str, bytes]]:
    """The bad inputs of tests/test_loader.py, each as the bytes a file would hold."""
    def edit(old: str, new: str) -> bytes:
        assert old in minimal, f"minimal.yaml no longer contains {old!r}"
        return minimal.replace(old, new, 1).encode("utf-8")

    bomb = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        bomb.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    yield "bad-empty.yaml", b""
    yield "bad-comment-only.yaml", b"# only a comment\n\n"
    yield "bad-binary.bin", bytes(range(256))
    yield "bad-latin1.yaml", b"protocol:\n  title: caf\xe9\n"
    yield "bad-list-root.yaml", b"- a\n- b\n"
    yield "bad-str-root.yaml", b"just text\n"
    yield "bad-int-root.yaml", b"42\n"
    yield "bad-tab-indentation.yaml", edit('  version: "1.0"', '\tversion: "1.0"')
    yield "bad-alias-bomb.yaml", ("\n".join(bomb) + "\n").encode()
    yield "bad-small-aliases.yaml", edit("  reporters: [raadslid, burgemeester]",
                                         "  reporters: &who [raadslid, burgemeester]").replace(
        b"  subjects: [raadslid, burgemeester]", b"  subjects: *who")
    yield "bad-unknown-field.yaml", edit("    kind: onderzoek\n",
                                         "    kind: onderzoek\n    deadlnie: x\n")
    yield "bad-duplicate-key.yaml", edit("  title: Voorbeeldprotocol integriteit\n",
                                         "  title: Voorbeeldprotocol integriteit\n"
                                         "  title: Nog een titel\n")
    yield "bad-mistyped-role.yaml", edit("    actor: gemeenteraad\n", "    actor: gemeenteraaad\n")
    yield "bad-mistyped-step.yaml", edit("{id: verleend, next: onderzoek}",
                                         "{id: verleend, next: onderzoekk}")
    yield "bad-unknown-section.yaml", edit('    source: "art. 4"', '    source: "art. 44"')
    yield "bad-uncited-section.yaml", edit('  - {id: "inleiding", informative: true}',
                                           '  - {id: "art. 5", title: Evaluatie}')
    yield "bad-guard-value.yaml", edit("when: {subject: burgemeester}",
                                       "when: {subject: burgemeestr}")
    yield "bad-guard-attribute.yaml", edit("when: {subject: burgemeester}",
                                           "when: {subjct: burgemeester}")
    yield "bad-invalid-enum.yaml", edit("    kind: wederhoor\n", "    kind: wederhor\n")
    yield "bad-missing-field.yaml", edit("    title: Integriteitsonderzoek\n", "")
    yield "bad-yes-no.yaml", edit('  version: "1.0"', "  version: yes")
    yield "bad-python-tag.yaml", b"protocol: !!python/object/apply:os.system ['echo pwned']\n"
    yield "bad-custom-tag.yaml", b"protocol: !include other.yaml\n"
    yield "bad-deep-nesting.yaml", ("a: " + "[" * 5000 + "]" * 5000 + "\n").encode()
    yield "bad-multiple-documents.yaml", (minimal + "---\nprotocol: {}\n").encode()
    yield "bad-unclosed-bracket.yaml", edit("  - {id: \"art. 1\", title: Rollen}",
                                            "  - {id: \"art. 1\", title: Rollen")


def _field_names(model: Any, seen: set[Any]) -> Iterator[str]:
    if model in seen or not hasattr(model, "model_fields"):
        return
    seen.add(model)
    if model is Guard:
        yield from ("all", "any", "not", "when")
        return
    for name, info in model.model_fields.items():
        yield info.alias or name
        for inner in _leaf_types(info.annotation):
            yield from _field_names(inner, seen)


def _leaf_types(annotation: Any) -> Iterator[Any]:
    yield annotation
    for arg in get_args(annotation):
        yield from _leaf_types(arg)


def _enum_values(model: Any, seen: set[Any]) -> Iterator[str]:
    if model in seen or not hasattr(model, "model_fields"):
        return
    seen.add(model)
    for info in model.model_fields.values():
        for leaf in _leaf_types(info.annotation):
            if isinstance(leaf, type) and issubclass(leaf, Enum):
                yield from (str(member.value) for member in leaf)
            elif isinstance(leaf, str):
                yield leaf  # a Literal's value
            else:
                yield from _enum_values(leaf, seen)


def dictionary_tokens() -> list[str]:
    """YAML syntax, every key of the format, every enumerated value, the role vocabulary."""
    words = [*YAML_TOKENS, *_field_names(Protocol, set()), *_enum_values(Protocol, set()),
             *SHARED_ROLES, *PSEUDO_ROLES, *ACT_KINDS]
    return list(dict.fromkeys(words))


def _dict_line(token: str) -> str:
    escaped = "".join(
        f"\\x{byte:02x}" if byte < 0x20 or byte >= 0x7f or chr(byte) in '"\\' else chr(byte)
        for byte in token.encode("utf-8"))
    return f'"{escaped}"'


def build(out: Path = CORPUS) -> tuple[int, Path]:
    """(Re)write ``out/seed/`` and ``out/protocol.dict``; the number of seeds and the seed dir."""
    seed_dir = out / "seed"
    if seed_dir.exists():
        shutil.rmtree(seed_dir)
    seed_dir.mkdir(parents=True)
    minimal = MINIMAL.read_text(encoding="utf-8")
    count = 0
    for name, data in [*shipped_seeds(), *bad_seeds(minimal)]:
        (seed_dir / name).write_bytes(data)
        count += 1
    lines = [_dict_line(token) for token in dictionary_tokens()]
    (out / "protocol.dict").write_text("\n".join(lines) + "\n", encoding="ascii")
    return count, seed_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=CORPUS, help="corpus directory")
    args = parser.parse_args(argv)
    count, seed_dir = build(args.out)
    print(f"{count} seeds in {seed_dir}, dictionary in {args.out / 'protocol.dict'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
