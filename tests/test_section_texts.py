"""The texts of the sections in protocols/*.yaml are the sources' own words.

A section's ``text:`` is what the wegwijzer and the report show a raad as "what the text
says". It must be the source's wording, copied (whitespace normalised), never a
paraphrase; the omitted passages are marked "[…]". The shipped files carry a short
citation of each section (its first sentence), as the sources' terms allow ("quote them
only as short citations"); a municipality's own file may carry its whole text.

Two guards:

* sentences picked by reading the sources (``shared/sources/``; the article or section
  is named in each row) must be in the text of the section that encodes them, and
  passages of a neighbouring section must not be;
* where the source texts are present (beside the repository, as in this project's
  environment, or named by ``PROTOCOLKIT_SOURCES``), every line of every text, cut at
  "[…]", must occur in the normalised source, in the source's order. The project ships
  no copy of the sources, so elsewhere that check skips and says why.

The Arnhem file holds a PDF extraction with OCR slips and, after it, a clean copy that
lacks some passages (README of the sources). Texts take the clean copy where it has the
passage; where only the extraction has it, the text corrects the slips listed in
``OCR_SLIPS`` (each a misread letter or a footnote number glued to a word, as the clean
copy shows for the same words elsewhere) and nothing else.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import pytest

from protocolkit.format.loader import load_protocol
from protocolkit.format.model import Protocol

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = {name: ROOT / "protocols" / f"{name}.yaml"
           for name in ("arnhem", "oostzaan", "aalsmeer_draft")}

#: Misreadings of the PDF extraction (first half of the Arnhem file, the Aalsmeer plan)
#: and the words they stand for; footnote markers glued to a word are dropped.
OCR_SLIPS: tuple[tuple[str, str], ...] = (
    ("ledere", "Iedere"), ("lemand", "Iemand"), ("politiecke", "politieke"),
    ("categorieén", "categorieën"), ("integriteitscodrdinator", "integriteitscoördinator"),
    ("geinformeerd", "geïnformeerd"), ("geinterviewd", "geïnterviewd"),
    ("Uberhaupt", "überhaupt"), ("tGiberhaupt", "überhaupt"),
    ("handelingsstrategieén", "handelingsstrategieën"), ("creéren", "creëren"),
    ("o0.a.", "o.a."), ("G&lI", "G&I"), ("voorbeeldcases!.", "voorbeeldcases."),
    ("melding.? Dit", "melding. Dit"), ("verklaard;!", "verklaard;"),
    ("geévalueerd", "geëvalueerd"), ("definiéren", "definiëren"),
)


def normalise(text: str) -> str:
    """Text with list marks, footnote marks and line breaks gone and whitespace collapsed."""
    for slip, word in OCR_SLIPS:
        text = text.replace(slip, word)
    text = text.replace("\uf0b7", " ").replace("•", " ").replace("\ufffd", " ")
    text = re.sub(r"(?m)^[ \t]*[e¢o][ \t]+", " ", text)      # bullets as the OCR read them
    text = re.sub(r"(\w)-\n\s*(?=[a-zà-ü])", r"\1-", text)  # a hyphenated word at a line end
    return re.sub(r"\s+", " ", text).strip()


def fragments(text: str) -> list[str]:
    """The quoted pieces of a section text: its lines, list marks off, cut at "[…]"."""
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip().removeprefix("• ")
        out.extend(p.strip() for p in line.split("[…]") if p.strip())
    return out


def unquoted(text: str, source: str) -> list[str]:
    """The fragments of ``text`` that do not occur in ``source`` (normalised) after the
    fragment before them: empty when the text is quoted verbatim and in order."""
    missing: list[str] = []
    at = 0
    for piece in fragments(text):
        found = source.find(normalise(piece), at)
        if found < 0:
            missing.append(piece)
        else:
            at = found + len(normalise(piece))
    return missing


@cache
def shipped(name: str) -> Protocol:
    result = load_protocol(SHIPPED[name])
    assert result.protocol is not None, [str(f) for f in result.findings]
    return result.protocol


def text_of(name: str, section: str) -> str:
    found = next(s for s in shipped(name).sections if s.id == section)
    assert found.text is not None, f"{name}: section {section!r} has no text"
    return re.sub(r"\s+", " ", found.text)


def sources_dir() -> Path | None:
    """Where the source texts are: ``PROTOCOLKIT_SOURCES``, or ``shared/sources`` beside
    the repository or one of its parents (this project's working layout)."""
    named = os.environ.get("PROTOCOLKIT_SOURCES")
    if named:
        return Path(named) if Path(named).is_dir() else None
    for base in (ROOT, *ROOT.parents):
        candidate = base / "shared" / "sources"
        if (candidate / "README.md").is_file():
            return candidate
    return None


# ------------------------------------------------------------- read in the sources

@pytest.mark.parametrize(("name", "section", "sentence"), [
    # Oostzaan, art. 2.2 lid 1 sub b and lid 2
    ("oostzaan", "art. 2.1 lid 4", ("De melder ontvangt binnen tien werkdagen na zijn melding een "
     "schriftelijke ontvangstbevestiging")),
    ("oostzaan", "art. 2.1 lid 7", ("Meldingen over de burgemeester worden via de griffier "
     "schriftelijk gedaan bij de voorzitter van de vertrouwenscommissie.")),
    # the source's own slip (aangifte is art. 1.4) stays as the source has it
    ("oostzaan", "art. 5.1 lid 1", ("Onverminderd artikel 1.3 (aangifte) kunnen de betrokken "
     "politiek ambtsdrager en de gemeenteraad besluiten")),
    ("oostzaan", "art. 5.1 lid 2 sub f", ("schorsing en (aanbeveling tot) ontslag, voor zover de "
     "betrokken politiek ambtsdrager lid is van het college van B&W.")),
    # Arnhem
    ("arnhem", "Fase 1, 3.1 a", ("De burgemeester vraagt om advies in het driehoeksoverleg met de "
     "griffier en de gemeentesecretaris")),
    ("arnhem", "Voetnoot 1", ("Overal waar in de Procesafspraken Integriteit ‘raadslid’ staat "
     "geschreven, kan ook ‘fractievolger’ worden gelezen.")),
    ("arnhem", "Fase 2, 1.1, termijn", ("De termijn voor het uitvoeren van een vooronderzoek is "
     "maximaal vier weken.")),
    ("arnhem", "Fase 2, 2.1, termijn", ("De termijn voor het uitvoeren van integriteitsonderzoek "
     "is maximaal acht weken.")),
    ("arnhem", "Fase 3, 3.3", "is aan de Commissaris van de Koning in de provincie overgelaten."),
    # only in the PDF extraction, with its OCR slip 'ledereen' read as the clean copy writes it
    ("arnhem", "Basisprincipes 3", "Iedereen die mogelijk een integriteitsschending heeft begaan"),
    # who decides, in the sentence the route cites (1.2 b, l. 1283; 2.4 b, l. 1361)
    ("arnhem", "Fase 1, 1.2 b", "Bij aanhoudende twijfel doet het raadslid melding bij de burgemeester."),
    ("arnhem", "Fase 1, 2.4 b", "Het is aan de CvdK om te besluiten of de stap naar fase 2 wordt gezet"),
    # Fase 3, Communicatie (l. 1436, 1438)
    ("arnhem", "Fase 3, Communicatie, wethouder", ("Kort voor de raadsvergadering stelt de "
     "burgemeester de pers op de hoogte van de kwestie.")),
    ("arnhem", "Fase 3, Communicatie, burgemeester", "Dit wordt aan de CvdK overgelaten."),
    ("oostzaan", "art. 1.1 lid 3", ("Treedt in de plaats van de burgemeester, zoals beschreven in "
     "dit protocol, als de melding de burgemeester zelf betreft.")),
    # Aalsmeer, plan van aanpak (Bijlage 1, l. 332-333; Stap 2, l. 123); its Arnhem sections
    ("aalsmeer_draft", "Bijlage 1", "nadrukkelijk geen onderzoekende of oordelende rol te geven"),
    ("aalsmeer_draft", "Stap 2", "Voor wethouders en burgemeester komt er een aparte code."),
    ("aalsmeer_draft", "Arnhem Fase 3, Communicatie, burgemeester",
     "Dit wordt aan de CvdK overgelaten."),
])
def test_a_sentence_read_in_the_source_is_in_its_section(name: str, section: str,
                                                         sentence: str) -> None:
    assert sentence in text_of(name, section)


@pytest.mark.parametrize(("name", "section", "sentence"), [
    # lid 2's exception is not part of lid 1
    ("oostzaan", "art. 2.2 lid 1", "zwaarwegende gevallen"),
    # 3.1 b's sentence about no shared conclusion is not part of 3.1 a
    ("arnhem", "Fase 1, 3.1 a", "Als er geen sprake is van een gedeelde conclusie"),
    # footnote 5 stands between the heading of 1.6 and its bullets; it is its own section
    ("arnhem", "Fase 1, 1.6", "raadsadviseur of griffiemedewerker"),
    # sub a of art. 5.1 lid 2 is that one line
    ("oostzaan", "art. 5.1 lid 2 sub a", "afkeuring door partijen"),
])
def test_a_section_text_stops_where_its_section_does(name: str, section: str,
                                                     sentence: str) -> None:
    assert sentence not in text_of(name, section)


@pytest.mark.parametrize("name", SHIPPED)
def test_every_section_of_a_shipped_protocol_has_its_text(name: str) -> None:
    assert [s.id for s in shipped(name).sections if not s.text] == []


def test_a_section_cited_for_who_acts_quotes_more_than_its_heading() -> None:
    """A section cited for an answer to one of the six questions (first contact, who
    decides, who orders the investigation, who judges, who sanctions, who communicates)
    shows the reader the sentence the answer rests on, not only its heading ("1. De
    burgemeester: […]", "Bij sanctionering van een raadslid: […]"): its text is either the
    whole section (no "[…]", as a footnote "Zie voetnoot 5.") or quotes at least 60
    characters."""
    from protocolkit.semantics import QUESTIONS, responsibilities, scenario_space

    stubs: dict[str, list[str]] = {}
    for name in SHIPPED:
        protocol = shipped(name)
        texts = {s.id: s.text or "" for s in protocol.sections}
        cited: set[str] = set()
        for scenario in scenario_space(protocol):
            answers = responsibilities(protocol, scenario)
            if answers.refused is None:
                for question in QUESTIONS:
                    cited.update(answers.to_dict()["sources"][question])
        stubs[name] = sorted(c for c in cited if "[…]" in texts[c]
                             and sum(len(p) for p in fragments(texts[c])) < 60)
    assert stubs == {name: [] for name in SHIPPED}


#: The longest quote a shipped section carries (the sources' README: "quote them only as
#: short citations"): one sentence, cut at a word where it is longer.
SHORT = 200


@pytest.mark.parametrize("name", SHIPPED)
def test_a_shipped_text_is_a_short_citation_marked_where_it_leaves_out(name: str) -> None:
    for section in shipped(name).sections:
        quoted = section.text or ""
        assert sum(len(piece) for piece in fragments(quoted)) <= SHORT + 10, section.id
    # Arnhem's Samenvatting goes on after its first sentence: the omission is marked.
    assert text_of("arnhem", "Samenvatting").endswith(" […]")


# ------------------------------------------------------------- against the sources

def test_the_check_rejects_a_changed_word_and_a_changed_order() -> None:
    source = normalise("Het raadslid bespreekt dit met de ander.\n\nDaarna gaat hij naar "
                       "de burgemeester.")
    assert unquoted("Het raadslid bespreekt dit met de ander.", source) == []
    assert unquoted("Het raadslid bespreekt dit met de wethouder.", source) != []
    assert unquoted("Daarna gaat hij naar de burgemeester.\nHet raadslid bespreekt dit met "
                    "de ander.", source) != []
    assert unquoted("• Het raadslid bespreekt […] met de ander.", source) == []


@pytest.mark.parametrize("name", SHIPPED)
def test_every_section_text_is_quoted_verbatim_from_its_source(name: str) -> None:
    where = sources_dir()
    if where is None:
        pytest.skip("the source texts are not here (set PROTOCOLKIT_SOURCES to their folder); "
                    "the sentences read in them are checked above")
    protocol = shipped(name)
    files = {s.id: s.file for s in protocol.protocol.sources}
    texts: dict[str, str] = {}
    wrong: dict[str, list[str]] = {}
    for section in protocol.sections:
        if section.text is None:
            continue
        file = files.get(section.document or "")
        assert file, f"section {section.id!r} names no source file"
        if file not in texts:
            texts[file] = normalise((where / file).read_text(encoding="utf-8"))
        missing = unquoted(section.text, texts[file])
        if missing:
            wrong[section.id] = missing
    assert wrong == {}
