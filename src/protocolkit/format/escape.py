"""Escaping protocol text for each output language: one function per language, one place.

Presentation stage. A protocol file is untrusted input (docs/security.md): its titles,
names, citations and free text end up in HTML pages, Markdown, Mermaid and DOT diagrams,
SARIF and terminals. Every renderer passes text taken from a protocol (or a case record,
or a file path) through the function for its output language here, and writes markup of
its own only around the escaped text. Keep it that way when rewriting a renderer: the
property test ``tests/test_security.py`` puts hostile strings into every text field and
checks every output.

>>> print(html_text('<img src=x onerror="alert(1)">'))
&lt;img src=x onerror=&quot;alert(1)&quot;&gt;
>>> print(markdown_inline("*bold* <b>x</b> | [a](b), art. 2.1 voorzitter_vc"))
\\*bold\\* \\<b\\>x\\</b\\> \\| \\[a\\](b), art. 2.1 voorzitter_vc
>>> print(terminal("\\x1b]0;PWNED\\x07 red\\nfake.yaml:1:1: error"))
\\x1b]0;PWNED\\x07 red\\nfake.yaml:1:1: error
>>> print(mermaid_id("s", "end"), dot_string('node "x"'))
s_end "node \\"x\\""
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

#: Characters that are invisible, move the cursor, reorder text or break lines for one
#: reader but not another: C0/C1 controls, DEL, bidi embeddings/overrides/isolates,
#: zero-width characters, the BOM, and the Unicode line/paragraph separators.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u180e"
_SEPARATORS = "\u2028\u2029\u0085"
HIDDEN_CHARACTERS = frozenset(_BIDI + _ZERO_WIDTH + _SEPARATORS)


def is_hidden(char: str) -> bool:
    """True for a character a reader cannot see or that changes how the rest reads."""
    return (char in HIDDEN_CHARACTERS or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"))


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible_char(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object, keep_newlines: bool = False) -> str:
    """``text`` with every hidden character written out (``\\x1b``, ``\\u202e``).

    With ``keep_newlines`` a plain ``\\n`` stays a line break (for outputs where a line
    break cannot forge anything, such as an HTML paragraph).
    """
    text = str(text)
    # Every hidden character is unprintable (str.isprintable), so a printable text has
    # none: checked in C, which keeps escaping a long report linear and cheap.
    if text.isprintable() or not any(is_hidden(c) for c in text):
        return text
    return "".join(c if not is_hidden(c) or (keep_newlines and c == "\n") else _visible_char(c)
                   for c in text)


# --------------------------------------------------------------------------- terminal


def terminal(text: object) -> str:
    """One field of terminal output: no escape sequence, no line break, no bidi trick.

    A newline in user text is shown as ``\\n``, so it cannot start a line that looks like
    ``file:line: error`` of its own.
    """
    return visible(text)


def terminal_lines(lines: list[str]) -> str:
    """Lines for the terminal, each escaped (a line break inside one stays visible)."""
    return "".join(terminal(line) + "\n" for line in lines)


def json_text(text: str) -> str:
    """JSON output (already serialised) with every hidden character as a ``\\uXXXX``
    escape: the same JSON value, but safe to print to a terminal (``ensure_ascii=False``
    leaves C1 controls such as U+009B and bidi overrides raw)."""
    if text.isprintable() or not any(is_hidden(c) and c != "\n" for c in text):
        return text
    return "".join(f"\\u{ord(c):04x}" if is_hidden(c) and c != "\n" else c for c in text)


def rich_text(text: object) -> Text:
    """A Rich renderable showing ``text`` literally: never parsed as Rich markup."""
    from rich.text import Text

    return Text(terminal(text))


# --------------------------------------------------------------------------- HTML


def html_text(text: object) -> str:
    """Text or an attribute value in HTML (quotes escaped too); hidden characters shown."""
    import html  # here: only the HTML outputs need it (its entity table is large)

    return html.escape(visible(text, keep_newlines=True), quote=True)


#: For pages that run no script: nothing but inline styles and inline (data:) images.
CONTENT_SECURITY_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                           "script-src 'none'; object-src 'none'; base-uri 'none'; "
                           "form-action 'none'")


def csp_meta() -> str:
    """The ``<meta>`` tag that forbids script (inline or not) in a page."""
    return f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'


# --------------------------------------------------------------------------- Markdown

# The patterns below are compiled where first used (the ``re`` module keeps them), not
# at import: most commands never write Markdown or Mermaid.

#: Characters that start or end markup anywhere in a CommonMark/GFM line: code, emphasis,
#: links and images (``!`` and ``(`` only act after an unescaped ``]``), raw HTML,
#: entity references, table cells, strikethrough, headings' closing ``#``.
_MARKDOWN_SPECIAL = r"([\\`*\[\]<>&|~#])"
#: ``_`` only opens or closes emphasis at a word boundary (never inside ``voorzitter_vc``).
_MARKDOWN_UNDERSCORE = r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])"
#: What starts a block when it begins a line: list items, quotes, thematic breaks,
#: setext underlines, ordered-list numbers (``1.``, ``1)``).
_MARKDOWN_LINE_START = r"^([-+=>]|\d+(?=[.)]))"


def markdown_inline(text: object) -> str:
    """User text inside a Markdown line (heading, table cell, list item, paragraph).

    Line breaks become spaces (a line break could start a heading or end a table); every
    character that could start markup is backslash-escaped, so ``<script>``,
    ``[x](javascript:)``, ``*``, ``|`` and entity references all stay literal text,
    while ordinary text (``art. 2.1``, ``voorzitter_vc``, ``(geen)``) reads as written.
    """
    flat = " ".join(visible(text, keep_newlines=True).split())
    flat = re.sub(_MARKDOWN_SPECIAL, r"\\\1", flat)
    flat = re.sub(_MARKDOWN_UNDERSCORE, r"\\_", flat)
    start = re.match(_MARKDOWN_LINE_START, flat)
    if start is None:
        return flat
    marker = start.group(1)
    escaped = marker + "\\" if marker[0].isdigit() else "\\" + marker
    return escaped + flat[start.end():]


def markdown_paragraphs(text: object) -> str:
    """Multi-paragraph user text: blank-line-separated paragraphs kept, each escaped."""
    paragraphs = re.split(r"\n\s*\n", visible(text, keep_newlines=True).strip())
    return "\n\n".join(markdown_inline(p) for p in paragraphs if p.strip())


def markdown_code(text: object) -> str:
    """An inline code span that no backtick in ``text`` can close early."""
    flat = " ".join(visible(text, keep_newlines=True).split()).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def markdown_fence(body: str, info: str = "") -> str:
    """A fenced code block whose fence no line of ``body`` can close."""
    longest = max((len(run) for run in re.findall(r"`{3,}", body)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}{info}\n{body.rstrip()}\n{fence}"


# --------------------------------------------------------------------------- Mermaid

_MERMAID_SAFE = r"[A-Za-z0-9 ,.:'/()?À-ɏ-]"


def mermaid_label(text: object) -> str:
    """Text inside a quoted Mermaid label (``["..."]``, ``|"..."|``).

    Everything but letters, digits and plain punctuation becomes a Mermaid entity code
    (``#60;``), so quotes, brackets, ``%%{init}%%`` directives, backticks and HTML cannot
    end the label or reach the page; a newline becomes ``<br/>``.
    """
    out: list[str] = []
    for char in visible(text, keep_newlines=True):
        if char == "\n":
            out.append("<br/>")
        elif re.fullmatch(_MERMAID_SAFE, char):
            out.append(char)
        else:
            out.append(f"#{ord(char)};")
    return "".join(out)


def mermaid_string(text: object) -> str:
    """A double-quoted YAML string for Mermaid's front matter (``title: ...``).

    JSON escapes quotes, backslashes and line breaks; ``%`` becomes ``\\x25`` (a YAML
    escape) so no ``%%{init}%%`` directive can appear in the diagram's source.
    """
    return json.dumps(visible(text), ensure_ascii=True).replace("%", "\\x25")


def mermaid_id(prefix: str, ident: str) -> str:
    """A Mermaid node or subgraph id: prefixed, so ``end``, ``graph``, ``style``,
    ``click``, ``default``… are never read as keywords; other characters hex-encoded."""
    safe = re.sub(r"[^A-Za-z0-9_]", lambda m: f"_{ord(m.group()):x}_", ident)
    return f"{prefix}_{safe}"


# --------------------------------------------------------------------------- DOT


def dot_string(text: object) -> str:
    """A quoted DOT string (ids and labels alike): quotes, backslashes and ``&`` escaped,
    a newline becomes ``\\n``, so ``node``, ``edge``, ``graph``, ``strict``… are plain ids."""
    value = visible(text, keep_newlines=True)
    value = (value.replace("&", "&amp;").replace("\\", "\\\\").replace('"', '\\"')
             .replace("\n", "\\n"))
    return f'"{value}"'


# --------------------------------------------------------------------------- SARIF / URIs


def file_uri(path: str | Path) -> str:
    """An absolute ``file://`` URI for a path, percent-encoded (spaces, ``#``, ``%``; also
    characters no real path holds, such as NUL, which a caller of the API may pass)."""
    try:
        return Path(path).resolve().as_uri()
    except (OSError, ValueError):
        from urllib.parse import quote

        return "file://" + quote(os.path.abspath(str(path)), safe="/")
