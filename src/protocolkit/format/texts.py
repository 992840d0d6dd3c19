"""The frame of every output, in English and Dutch: one table, keyed like the finding codes.

:data:`TEXTS` holds what the commands and pages say around the protocol's own words
(headings, labels, sentences that carry roles, steps and citations), as ``(English,
Dutch)`` templates with named arguments — the same shape as the findings' messages in
:data:`protocolkit.format.diagnostics.MESSAGES`, which takes these in, so that
``Msg.of(key, ...)`` renders either. Protocol vocabulary (role ids, step titles, quotes
of the text) is passed in as arguments and never translated. Keys are grouped by where
they appear: ``common.`` (several outputs), ``resp.``, ``route.``, ``matrix.``,
``sim.``, ``cases.``, ``diff.``, ``report.``, ``weg.``. Standard library only (the
vocabulary uses it too).

>>> text("route.who", "en", who="griffier")
'   Who: griffier'
>>> text("route.who", "nl", who="griffier")
'   Wie: griffier'
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

#: The languages protocolkit writes.
LANGUAGES: tuple[str, ...] = ("nl", "en")
#: The environment variable that sets the language of every command and page, as
#: ``--lang`` does for one command.
LANG_VARIABLE = "PROTOCOLKIT_LANG"
#: The locale variables, in the order gettext reads them: ``LANGUAGE`` (a list such as
#: ``nl:en``, read only when the locale is not C), then the first of ``LC_ALL``,
#: ``LC_MESSAGES`` and ``LANG`` that is set.
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def resolve_lang(lang: str | None = None, *, for_raad: bool = False,
                 environ: Mapping[str, str] | None = None) -> str:
    """The language to write in: the one rule of every command and every function that
    takes ``lang=None``.

    1. ``lang`` when given (``--lang nl|en``);
    2. else ``PROTOCOLKIT_LANG`` (``nl`` or ``en``) when set;
    3. else Dutch for what is made for a raad (``for_raad``: the report, the wegwijzer
       and scenario-test results), whatever the locale of the machine that made it;
    4. else the locale: Dutch for ``nl_*`` (also ``nl`` first in ``LANGUAGE``), Dutch
       when no language is chosen (C, POSIX, ``C.UTF-8`` or nothing set: a server, a
       container, a fresh install), English for any other language.

    A ``lang`` or ``PROTOCOLKIT_LANG`` other than ``nl`` or ``en`` is a
    :class:`ValueError` (its message in the locale's language).

    >>> resolve_lang(environ={"LANG": "nl_NL.UTF-8"}), resolve_lang(environ={"LANG": "en_GB.UTF-8"})
    ('nl', 'en')
    >>> resolve_lang(environ={"LANG": "C.UTF-8"}), resolve_lang(environ={})
    ('nl', 'nl')
    >>> resolve_lang(for_raad=True, environ={"LANG": "en_GB.UTF-8"})
    'nl'
    >>> resolve_lang(for_raad=True, environ={"PROTOCOLKIT_LANG": "en"}), resolve_lang("en")
    ('en', 'en')
    """
    env = os.environ if environ is None else environ
    if lang is not None:
        if lang not in LANGUAGES:
            raise ValueError(text("lang.unknown", _locale_lang(env), what="lang", value=lang))
        return lang
    chosen = env.get(LANG_VARIABLE, "").strip().lower()
    if chosen:
        if chosen not in LANGUAGES:
            raise ValueError(text("lang.unknown", _locale_lang(env), what=LANG_VARIABLE,
                                  value=env[LANG_VARIABLE]))
        return chosen
    return "nl" if for_raad else _locale_lang(env)


def _locale_lang(env: Mapping[str, str]) -> str:
    """The locale's language as gettext finds it: ``nl`` or ``en`` (see
    :func:`resolve_lang`, step 4)."""
    locale = next((env[name] for name in _LOCALE_VARIABLES if env.get(name)), "")
    if locale.split(".")[0] in ("", "C", "POSIX"):
        return "nl"
    for wanted in env.get("LANGUAGE", "").split(":"):
        for lang in LANGUAGES:
            if wanted == lang or wanted.startswith(lang + "_"):
                return lang
    return "nl" if locale == "nl" or locale.startswith("nl_") else "en"


#: key -> (English, Dutch).
TEXTS: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------------ usage errors (exit 2)
    "usage.no-such-file": ("no such file: {path}", "bestand bestaat niet: {path}"),
    "usage.is-input": (("{output} is an input of this command; refusing to overwrite it "
                       "(choose another -o FILE)"),
                       ("{output} is invoer van deze opdracht en wordt niet overschreven "
                       "(kies een ander -o BESTAND)")),
    "usage.is-folder": ("cannot write {output}: it is a folder (give a file name)",
                        "kan {output} niet schrijven: het is een map (geef een bestandsnaam)"),
    "usage.cannot-write": ("cannot write {output}: {reason}",
                           "kan {output} niet schrijven: {reason}"),
    "usage.cannot-read": ("cannot read {path}: {reason}", "kan {path} niet lezen: {reason}"),
    "usage.output-extension": (("cannot write {output}: a report is HTML (.html) or "
                               "Markdown (.md), not .{suffix}; give -o FILE.html (a browser "
                               "prints it as PDF) or -o FILE.md"),
                               ("kan {output} niet schrijven: een rapport is HTML (.html) of "
                               "Markdown (.md), geen .{suffix}; geef -o BESTAND.html (een "
                               "browser drukt het af als PDF) of -o BESTAND.md")),
    "usage.output-format": (("{output} ends in .{suffix}, but --format {format} writes "
                            "{wanted} files; give -o FILE{wanted}, or leave out --format"),
                            ("{output} eindigt op .{suffix}, maar --format {format} schrijft "
                            "{wanted}-bestanden; geef -o BESTAND{wanted}, of laat --format "
                            "weg")),
    "argparse.error": ("error: {message}", "fout: {message}"),
    "argparse.invalid-choice": ("invalid choice: {value} (choose from {choices})",
                                "ongeldige keuze: {value} (kies uit {choices})"),
    # with a did-you-mean, as diagnostics.listed says it
    "argparse.invalid-choice-meant": ("invalid choice: {value} ({meant} Choose from: {choices})",
                                      ("ongeldige keuze: {value} ({meant} Kies uit: "
                                       "{choices})")),
    "argparse.required": ("the following arguments are required: {names}",
                          "deze argumenten ontbreken: {names}"),
    "argparse.unrecognized": ("unrecognized arguments: {names}",
                              "onbekende argumenten: {names}"),
    "argparse.expected-one": ("expected one argument", "verwacht één waarde"),
    "argparse.expected-at-least-one": ("expected at least one argument",
                                       "verwacht minstens één waarde"),
    "argparse.invalid-value": ("not a valid {type} value: {value}",
                               "ongeldige waarde ({type}): {value}"),
    "argparse.invalid-int": ("{value} is not a whole number; give one in digits, such as 3",
                             "{value} is geen geheel getal; geef een getal in cijfers, zoals 3"),
    "argparse.ambiguous": ("ambiguous option: {option} could match {matches}",
                           "dubbelzinnige optie: {option} kan {matches} zijn"),
    "argparse.not-allowed-with": ("not allowed with argument {other}",
                                  "niet samen met {other}"),
    "argparse.one-required": ("one of the arguments {names} is required",
                              "een van deze argumenten is nodig: {names}"),
    "argparse.argument": ("argument {name}: {message}", "argument {name}: {message}"),
    "os.ENOENT": ("no such file or directory", "bestand of map bestaat niet"),
    "os.EACCES": ("permission denied", "geen toestemming"),
    "os.EPERM": ("operation not permitted", "handeling niet toegestaan"),
    "os.ENOSPC": ("no space left on the device", "geen ruimte meer op de schijf"),
    "os.EROFS": ("read-only file system", "alleen-lezen bestandssysteem"),
    "os.EISDIR": ("is a directory", "is een map"),
    "os.ENOTDIR": ("a part of the path is not a directory", "een deel van het pad is geen map"),
    "usage.scenario-shorthand": ("--scenario '{value}' is not REPORTER:SUBJECT:ACT[:own]",
                                 "--scenario '{value}' is niet MELDER:BETROKKENE:HANDELING[:own]"),
    "usage.scenario-together": ("a scenario needs --reporter, --subject and --act together",
                                "een scenario vraagt --reporter, --subject en --act samen"),
    "usage.export-scenario": (("give the whole scenario (--scenario R:S:A or --reporter, "
                              "--subject and --act), or none for one process serving every "
                              "scenario"),
                              ("geef het hele scenario (--scenario M:B:H of --reporter, "
                              "--subject en --act), of geen voor één proces voor elk "
                              "scenario")),
    "usage.date": ("{option} takes a date YYYY-MM-DD (e.g. 2026-01-31), not '{value}'",
                   "{option} vraagt een datum JJJJ-MM-DD (zoals 2026-01-31), niet '{value}'"),
    "usage.fact": ("--fact takes NAME=YYYY-MM-DD, not '{value}'",
                   "--fact vraagt NAAM=JJJJ-MM-DD, niet '{value}'"),
    "usage.step-or-fact": ("give either STEP OUTCOME or --fact NAME=YYYY-MM-DD",
                           "geef STAP UITKOMST of --fact NAAM=JJJJ-MM-DD, niet beide"),
    "usage.step-outcome": ("give STEP OUTCOME (or --fact NAME=YYYY-MM-DD)",
                           "geef STAP UITKOMST (of --fact NAAM=JJJJ-MM-DD)"),
    "usage.correction-note": ("a correction needs --note saying why",
                              "een correctie vraagt --note met de reden"),
    "usage.migration-note": ("a migration needs --note saying why",
                             "een migratie vraagt --note met de reden"),
    "usage.no-store": ("no store file {path}; create one with 'protocolkit cases init {path}'",
                       ("geen opslagbestand {path}; maak er een met "
                       "'protocolkit cases init {path}'")),
    "usage.refused": ("not recorded: {reason}", "niet vastgelegd: {reason}"),
    "usage.no-cache": (("not using the findings cache: {reason} (make it private: chmod 700, "
                       "or set PROTOCOLKIT_CACHE_DIR)"),
                       ("de bevindingencache wordt niet gebruikt: {reason} (maak de map "
                       "privé: chmod 700, of zet PROTOCOLKIT_CACHE_DIR)")),
    "usage.as-office": (("hint: '{role}' is shown as an office; in this case the {person} is "
                        "a {role}: --as {person} shows what that person may know"),
                        ("tip: '{role}' wordt getoond als ambt; in deze zaak is de {person} "
                        "een {role}: --as {person} toont wat die persoon mag weten")),
    # ------------------------------------------------------------------ a scenario's arguments
    "arg.not-name-value": ("'{item}' is not of the form name=value",
                           "'{item}' heeft niet de vorm naam=waarde"),
    "arg.given-twice": ("attribute '{name}' is given twice", "kenmerk '{name}' is twee keer gegeven"),
    # {listed}: the roles the scenarios know, with a did-you-mean (diagnostics.listed)
    "arg.not-a-role": ("'{value}' is not a {what} in this protocol{listed}",
                       "'{value}' is geen {what} in dit protocol{listed}"),
    # a role an open point leaves in or out of scope (semantics.scope_open_points)
    "arg.role-open": (("whether '{value}' falls under this protocol as {what} is still open: "
                       "{points}; the scenarios now know: {choices}"),
                      ("of '{value}' als {what} onder dit protocol valt, is nog open: "
                       "{points}; de scenario's kennen nu: {choices}")),
    "arg.reporter": ("reporter", "melder"),
    "arg.subject": ("subject", "betrokkene"),
    "arg.not-an-act": ("'{act}' is not an act kind here{listed}",
                       "'{act}' is hier geen soort handeling{listed}"),
    # {listed}: what may be given, with a did-you-mean (diagnostics.listed)
    "arg.not-an-attribute": ("'{name}' is not a scenario attribute of this protocol{listed}",
                             ("'{name}' is geen kenmerk van de scenario's van dit protocol"
                              "{listed}")),
    "arg.not-a-value": ("'{value}' is not a value of '{name}'{listed}",
                        "'{value}' is geen waarde van '{name}'{listed}"),
    "arg.required": (("the scenario attribute '{name}' has no default and must be "
                      "given; choose one of: {choices}{how}"),
                     ("het kenmerk '{name}' heeft geen standaardwaarde en moet worden "
                      "gegeven; kies uit: {choices}{how}")),
    # how a command-line user gives it (the API's caller passes ``attributes``)
    "arg.how-attr": (" (--attr {name}=…)", " (--attr {name}=…)"),
    "arg.hint": (" ({hint})", " ({hint})"),
    # Words of another program (pydantic, durable-rules, json) kept as they were said,
    # after our own words for what went wrong: marked, never passed off as ours.
    "common.untranslated": (' ({source} said: "{text}")', ' ({source}, onvertaald: "{text}")'),
    "common.more": ("{said}; and {count} more", "{said}; en nog {count}"),
    "schema.other": ("the value does not have the right form{original}",
                     "de waarde heeft niet de goede vorm{original}"),
    "arg.none": ("none", "geen"),
    # ------------------------------------------------------------------ the case store
    "store.stale": (("case '{case}' is at version {actual}, not {expected}: another writer "
                    "recorded an event first; the event was not stored"),
                    ("zaak '{case}' staat op versie {actual}, niet {expected}: iemand anders "
                    "legde eerst een gebeurtenis vast; deze gebeurtenis is niet opgeslagen")),
    "store.not-a-store-because": ("{path} is not a protocolkit case store: {error}",
                                  "{path} is geen zakenopslag van protocolkit: {error}"),
    "store.failed": ("the store {path} failed: {error}", "de opslag {path} faalde: {error}"),
    "store.locked": (("{path} is locked: another process kept it busy for more than "
                      "{seconds} s; try again"),
                     ("{path} is vergrendeld: een ander proces hield het langer dan "
                      "{seconds} s bezig; probeer het opnieuw")),
    "sqlite.SQLITE_NOTADB": ("the file is not a database", "het bestand is geen database"),
    "sqlite.SQLITE_CORRUPT": ("the database file is damaged",
                              "het databasebestand is beschadigd"),
    "sqlite.SQLITE_READONLY": ("the database file is read-only",
                               "het databasebestand is alleen-lezen"),
    "sqlite.SQLITE_CANTOPEN": ("the database file cannot be opened",
                               "het databasebestand kan niet worden geopend"),
    "sqlite.SQLITE_FULL": ("the disk is full", "de schijf is vol"),
    "sqlite.SQLITE_PERM": ("permission denied", "geen toestemming"),
    "store.not-a-store": ("{path} is not a protocolkit case store",
                          "{path} is geen zakenopslag van protocolkit"),
    "store.cannot-add": ("case '{case}' cannot be added: {error}",
                         "zaak '{case}' kan niet worden toegevoegd: {error}"),
    "store.no-case": ("no case '{case}' in {path}", "geen zaak '{case}' in {path}"),
    "store.case-exists": (("{path} already holds a case '{case}'; give the new case "
                          "another id (--id), or see this one with 'protocolkit cases show "
                          "{path} {case}'"),
                          ("{path} bevat al een zaak '{case}'; geef de nieuwe zaak een ander "
                          "nummer (--id), of bekijk deze met 'protocolkit cases show {path} "
                          "{case}'")),
    "store.invalid-protocol": (("{source} is not a valid protocol; run "
                               "'protocolkit validate {source}'"),
                               ("{source} is geen geldig protocol; voer "
                               "'protocolkit validate {source}' uit")),
    "store.no-protocol": ("the store keeps no protocol '{ruleset}'; add it with add_protocol",
                          ("de opslag bewaart geen protocol '{ruleset}'; voeg het toe met "
                          "add_protocol")),
    "store.lost-protocol": ("the store lost protocol '{ruleset}' of case '{case}'",
                            "de opslag is protocol '{ruleset}' van zaak '{case}' kwijt"),
    "store.no-migration": ("case '{case}' has {migrations}, not a migration {number}",
                           "zaak '{case}' heeft {migrations}, geen migratie {number}"),
    "store.no-longer-loads": ("the kept text of '{ruleset}' no longer loads",
                              "de bewaarde tekst van '{ruleset}' laadt niet meer"),
    "store.does-not-replay": ("case '{case}' does not replay as recorded: {error}",
                              ("zaak '{case}' laat zich niet opnieuw afspelen zoals "
                              "vastgelegd: {error}")),
    # ------------------------------------------------------------------ cache and Graphviz
    "cache.others-write": ("the cache folder {folder} is writable by others",
                           "de cachemap {folder} is schrijfbaar voor anderen"),
    "cache.other-owner": ("the cache folder {folder} belongs to another user",
                          "de cachemap {folder} is van een andere gebruiker"),
    "graphviz.missing": (("SVG needs Graphviz's 'dot', which is not installed (Debian: "
                          "apt-get install graphviz); --format mermaid or --format dot need "
                          "nothing"),
                         ("SVG vraagt 'dot' van Graphviz, dat niet geïnstalleerd is (Debian: "
                          "apt-get install graphviz); --format mermaid of --format dot "
                          "hebben niets nodig")),
    "graphviz.timeout": (("Graphviz's 'dot' did not finish the layout within {seconds} s "
                          "(the diagram is too dense for it); --format mermaid or --format "
                          "dot give the diagram without a layout"),
                         ("'dot' van Graphviz maakte de opmaak niet af binnen {seconds} s "
                          "(het diagram is er te dicht voor); --format mermaid of --format "
                          "dot geven het diagram zonder opmaak")),
    "graphviz.cannot-run": ("Graphviz's 'dot' ({path}) could not be run: {error}",
                            "'dot' van Graphviz ({path}) kon niet worden gestart: {error}"),
    "graphviz.failed": ("Graphviz's 'dot' failed (exit code {code}): {error}",
                        "'dot' van Graphviz faalde (afsluitcode {code}): {error}"),
    # ------------------------------------------------------------------ the engine's errors
    # (CaseInputError, CaseRecordError, EngineError: the key is the error's ``code``)
    "common.then": ("{first}; {then}", "{first}; {then}"),
    "engine.the-date": ("the date", "de datum"),
    "engine.naive-date": (("{what} {value} has no time zone; pass a date, or an aware "
                           "datetime (it is read in Europe/Amsterdam)"),
                          ("{what} {value} heeft geen tijdzone; geef een datum, of een "
                           "datetime met tijdzone (gelezen in Europe/Amsterdam)")),
    "engine.not-a-date": ("{what} must be a date or 'YYYY-MM-DD', not {value}",
                          "{what} moet een datum zijn of 'JJJJ-MM-DD', niet {value}"),
    "engine.date-outside": ("{what} {value} lies outside {first}..{last}",
                            "{what} {value} valt buiten {first}..{last}"),
    "engine.not-a-time": ("{what} must be an ISO date-time with an offset, not {value}",
                          ("{what} moet een ISO-datum-tijd met verschil tot UTC zijn, "
                           "niet {value}")),
    "engine.naive-time": (("{what} {value} has no time zone; write it with its offset, e.g. "
                           "2026-04-20T10:00:00+02:00 (in Python an aware datetime, e.g. "
                           "datetime.now(timezone.utc))"),
                          ("{what} {value} heeft geen tijdzone; schrijf het verschil met UTC "
                           "erbij, bijvoorbeeld 2026-04-20T10:00:00+02:00 (in Python een "
                           "datetime met tijdzone, bijvoorbeeld datetime.now(timezone.utc))")),
    "engine.time-outside": ("{what} {value} lies outside the accepted years",
                            "{what} {value} valt buiten de toegestane jaren"),
    "engine.case-id": ("a case id is a text of 1 to {most} printable characters, not {value}",
                       ("een zaak-id is een tekst van 1 tot {most} afdrukbare tekens, "
                        "niet {value}")),
    "engine.not-a-text": (("{what} must be a non-empty text of at most {limit} characters, "
                          "not {value}"),
                          ("{what} moet een niet-lege tekst van hoogstens {limit} tekens "
                           "zijn, niet {value}")),
    "engine.withdraw-note": ("the note saying why the event is withdrawn",
                             "de notitie waarom de gebeurtenis wordt ingetrokken"),
    "engine.migrate-note": ("the note saying why the case moves to another version",
                            "de notitie waarom de zaak naar een andere versie gaat"),
    "engine.fact-named": ("fact '{fact}'", "feit '{fact}'"),
    "engine.fact-by-id": ("a fact is named by its id, not {value}",
                          "een feit wordt bij zijn id genoemd, niet {value}"),
    "engine.event-number": ("event is the number of an event in the log, not {value}",
                            ("event is het nummer van een gebeurtenis in het logboek, "
                             "niet {value}")),
    "engine.not-a-flag": ("{name} is true or false, not {value}",
                          "{name} is true of false, niet {value}"),
    "engine.not-a-version": ("version is the number of the case version you saw, not {value}",
                             "version is het nummer van de zaakversie die u zag, niet {value}"),
    "engine.step-outcome-texts": ("step and outcome are texts, not {step} and {outcome}",
                                  "stap en uitkomst zijn teksten, niet {step} en {outcome}"),
    # ``today`` is the as-of date the caller gave (``--as-of``, ``--today``, or the
    # system date when none is given): named as that, never "vandaag" for a chosen day.
    "engine.opened-after-today": ("opened {date} lies after the as-of date {today}",
                                  "geopend op {date} ligt na de peildatum {today}"),
    "engine.received-after-opened": (("received ({received}) lies after opened ({opened}): "
                                      "a melding is registered on or after the day it came "
                                      "in"),
                                     ("ontvangen ({received}) ligt na geopend ({opened}): "
                                      "een melding wordt geregistreerd op of na de dag "
                                      "waarop ze binnenkwam")),
    "engine.unknown-fact": ("'{name}' is not a fact of this protocol{listed}",
                            "'{name}' is geen feit van dit protocol{listed}"),
    "engine.not-a-scenario": ("a scenario is a Scenario or a mapping, not {value}",
                              "een scenario is een Scenario of een mapping, niet {value}"),
    "engine.not-a-scenario-key": ("'{key}' is not a key of a scenario{hint}; keys: {keys}",
                                  ("'{key}' is geen sleutel van een scenario{hint}; "
                                   "sleutels: {keys}")),
    "engine.is-an-attribute": ("'{key}' is an attribute: put it under 'attributes'",
                               "'{key}' is een kenmerk: zet het onder 'attributes'"),
    "engine.scenario-needs": ("the scenario needs {missing}", "het scenario vraagt {missing}"),
    "engine.invalid-scenario": ("not a valid scenario: {detail}", "geen geldig scenario: {detail}"),
    "engine.no-route": (("{municipality} has no route for '{label}': the protocol's scenario "
                         "space leaves it out"),
                        ("{municipality} heeft geen route voor '{label}': de situaties van "
                         "het protocol laten die weg")),
    "engine.already-open": ("a case with id '{case}' is already open in this engine",
                            "een zaak met id '{case}' is al open in deze engine"),
    "engine.dropped": ("case '{case}' was dropped; restore it from its record",
                       "zaak '{case}' is verwijderd; herstel haar uit haar vastlegging"),
    "engine.role-id": ("role is a role id, 'melder' or 'betrokkene', not {role}",
                       "een rol is een rol-id, 'melder' of 'betrokkene', niet {role}"),
    # {listed}: the role ids, 'melder' and 'betrokkene', with a did-you-mean (listed())
    "engine.no-role": ("'{role}' is no role of {municipality}{listed}",
                       "'{role}' is geen rol van {municipality}{listed}"),
    # A stored case that cannot be restored (CaseRecordError).
    "engine.unregistered": (("case '{case}' was recorded under {ruleset}; no registered "
                             "protocol has that meaning (register the protocol files, a "
                             "directory or the store with engine.registry)"),
                            ("zaak '{case}' is vastgelegd onder {ruleset}; geen geregistreerd "
                             "protocol heeft die betekenis (registreer de protocolbestanden, "
                             "een map of de opslag met engine.registry)")),
    "engine.withdraws-later": (("event {index} of case '{case}' withdraws event {target}, "
                                "which does not come before it"),
                               ("gebeurtenis {index} van zaak '{case}' trekt gebeurtenis "
                                "{target} in, die er niet voor komt")),
    "engine.event-of-case": ("event {index} of case '{case}': {error}",
                             "gebeurtenis {index} van zaak '{case}': {error}"),
    "engine.event-refused": ("event {index} of case '{case}' ({what}) is refused: {error}",
                             ("gebeurtenis {index} van zaak '{case}' ({what}) wordt geweigerd: "
                             "{error}")),
    "engine.other-municipality": (("case '{case}' belongs to {municipality} ({ruleset}); this "
                                   "protocol is {other}'s: a case cannot move to another "
                                   "municipality's protocol, with or without migrate"),
                                  ("zaak '{case}' hoort bij {municipality} ({ruleset}); dit "
                                   "protocol is van {other}: een zaak kan niet naar het "
                                   "protocol van een andere gemeente, met of zonder migrate")),
    "engine.other-meaning": (("case '{case}' was recorded under {ruleset}; this protocol "
                              "({name}) means something else{changed}. Restore with "
                              "migrate=True to replay its events under this version."),
                             ("zaak '{case}' is vastgelegd onder {ruleset}; dit protocol "
                              "({name}) betekent iets anders{changed}. Herstel met "
                              "migrate=True om haar gebeurtenissen onder deze versie af te "
                              "spelen.")),
    "engine.changed": (": {changes}", ": {changes}"),
    "engine.old-not-registered": ((" (the old version is not registered, so what changed "
                                   "cannot be shown)"),
                                  (" (de oude versie is niet geregistreerd, dus wat er "
                                   "veranderde is niet te tonen)")),
    "engine.migrations-order": (("case '{case}': its migrations do not follow its events in "
                                 "order (after {afters}, {count} events)"),
                                ("zaak '{case}': haar migraties volgen haar gebeurtenissen "
                                 "niet op volgorde (na {afters}, {count} gebeurtenissen)")),
    "engine.nested": ("not a stored case: nested too deeply",
                      "geen vastgelegde zaak: te diep genest"),
    "engine.not-stored": ("not a stored case: {detail}", "geen vastgelegde zaak: {detail}"),
    "engine.not-json": ("it is not JSON (line {line}, column {column}){original}",
                        "het is geen JSON (regel {line}, kolom {column}){original}"),
    "engine.not-utf8": ("it is not UTF-8 text{original}", "het is geen UTF-8-tekst{original}"),
    "engine.unreadable": ("it cannot be read{original}", "het is niet te lezen{original}"),
    "engine.record-not-mapping": ("it is a {kind}, not a JSON object",
                                  "het is een {kind}, geen JSON-object"),
    # What the rules engine (durable-rules, behind engine/adapter.py) failed at, by kind.
    "rules.fact-refused": ("the rules engine refused a fact{original}",
                           "de regelengine weigerde een feit{original}"),
    "rules.ruleset-refused": ("the rules engine refused ruleset '{name}'{original}",
                              "de regelengine weigerde regelset '{name}'{original}"),
    "rules.ruleset-conflict": (("a different ruleset named '{name}' is already registered; a "
                                "changed ruleset needs a new name{original}"),
                               ("er is al een andere regelset '{name}'; een gewijzigde "
                                "regelset heeft een nieuwe naam nodig{original}")),
    "rules.action-failed": ("a rule action failed{original}",
                            "een actie van een regel faalde{original}"),
    "rules.dropped": ("the session was dropped{original}", "de sessie was al opgeheven{original}"),
    "rules.outside-assert": ("a rule action ran outside an assert{original}",
                             ("een actie van een regel liep buiten het toevoegen van een "
                              "feit{original}")),
    "rules.other-case": ("a rule fired on another case's fact{original}",
                         "een regel vuurde op een feit van een andere zaak{original}"),
    # The rules engine failed (EngineError); the case was rebuilt and is unchanged.
    "engine.rules-derived": (("the rules derived {opened} after '{outcome}' of '{step}'; the "
                              "protocol says {expected} with actors {actors}; the case is "
                              "unchanged"),
                             ("de regels leidden {opened} af na '{outcome}' van '{step}'; "
                              "het protocol zegt {expected} met actoren {actors}; de zaak is "
                              "ongewijzigd")),
    "engine.not-applied": (("event '{outcome}' of '{step}' could not be applied ({error}); "
                            "the case is unchanged"),
                           ("gebeurtenis '{outcome}' van '{step}' kon niet worden verwerkt "
                            "({error}); de zaak is ongewijzigd")),
    "engine.rules-failed": ("the rules engine failed ({error}); the case is unchanged",
                            "de regelengine faalde ({error}); de zaak is ongewijzigd"),
    "engine.rules-opened": (("the rules opened {opened} with substitutions {found}; the "
                             "protocol says '{entry}' with {expected}"),
                            ("de regels openden {opened} met vervangingen {found}; het "
                             "protocol zegt '{entry}' met {expected}")),
    "engine.not-rebuilt": (("case '{case}' could not be rebuilt from its log ({error}); "
                            "restore it from its record"),
                           ("zaak '{case}' kon niet uit haar logboek worden herbouwd "
                            "({error}); herstel haar uit haar vastlegging")),
    # ------------------------------------------------------------------ the engine's refusals
    "engine.refusal": ("{detail}{hint}{allowed}", "{detail}{hint}{allowed}"),
    "engine.allowed-now": ("; allowed now: {allowed}", "; nu toegestaan: {allowed}"),
    "engine.meant-refusal": ("{detail} ({meant} Allowed now: {allowed})",
                             "{detail} ({meant} Nu toegestaan: {allowed})"),
    "engine.nothing-allowed": ("nothing (the case has ended)", "niets (de zaak is afgesloten)"),
    "engine.no-such-event": ("the log holds no event {event} (it has {count})",
                             "het logboek heeft geen gebeurtenis {event} (het heeft er {count})"),
    "engine.after-today": ("the event is dated {date}, after the as-of date {today}",
                           "de gebeurtenis is gedateerd {date}, na de peildatum {today}"),
    "engine.too-many": ("a case holds at most {count} events",
                        "een zaak bevat ten hoogste {count} gebeurtenissen"),
    "engine.closed-no-fact": (("the case ended on {date} in step '{step}'; no fact can be "
                              "recorded after it"),
                              ("de zaak is op {date} afgesloten in stap '{step}'; daarna kan "
                              "geen feit meer worden vastgelegd")),
    "engine.fact-before-case": (("the fact is recorded on {date}, before the case came in "
                                 "({received})"),
                                ("het feit is vastgelegd op {date}, voordat de zaak binnenkwam "
                                 "({received})")),
    "engine.closed": ("the case has ended in step '{step}' on {date}; no event can follow",
                      ("de zaak is afgesloten in stap '{step}' op {date}; er kan geen "
                      "gebeurtenis meer volgen")),
    "engine.unknown-step": ("the protocol has no step '{step}'",
                            "het protocol heeft geen stap '{step}'"),
    "engine.step-not-open": ("step '{step}' is not open in this case",
                             "stap '{step}' staat in deze zaak niet open"),
    "engine.outcome-not-offered": ("'{outcome}' is not an outcome that step '{step}' offers here",
                                   "'{outcome}' is hier geen uitkomst van stap '{step}'"),
    "engine.before-step": ("the event is dated {date}, before step '{step}' opened on {since}",
                           ("de gebeurtenis is gedateerd {date}, voordat stap '{step}' op "
                           "{since} openging")),
    "engine.is-correction": (("event {event} is a correction; only an outcome in force can be "
                             "withdrawn"),
                             ("gebeurtenis {event} is een correctie; alleen een geldende "
                             "uitkomst kan worden ingetrokken")),
    "engine.already-withdrawn": (("event {event} is already withdrawn by event {by}; only an "
                                 "outcome in force can be withdrawn"),
                                 ("gebeurtenis {event} is al ingetrokken door gebeurtenis {by}; "
                                 "alleen een geldende uitkomst kan worden ingetrokken")),
    "engine.correction-before": (("the correction is dated {date}, before the event it "
                                 "withdraws ({target})"),
                                 ("de correctie is gedateerd {date}, vóór de gebeurtenis die "
                                 "ze intrekt ({target})")),
    "engine.breaks-log": (("withdrawing event {event} leaves event {later} without ground "
                          "({why}); withdraw the later event first"),
                          ("intrekken van gebeurtenis {event} laat gebeurtenis {later} "
                          "zonder grond ({why}); trek eerst de latere in")),
    "engine.breaks-logs": (("withdrawing event {event} leaves events {later} without ground "
                           "({why}); withdraw the later events first, latest first"),
                           ("intrekken van gebeurtenis {event} laat gebeurtenissen {later} "
                           "zonder grond ({why}); trek eerst de latere in, de laatste eerst")),
    "engine.fact-missing": (("'{outcome}' of step '{step}' needs the fact '{fact}' of the case "
                            "({where}); give it when the case is opened, or record it later "
                            "as a fact of the case, with its date"),
                            ("'{outcome}' van stap '{step}' vraagt het feit '{fact}' van de "
                            "zaak ({where}); geef het bij het openen van de zaak, of leg het "
                            "later vast als feit van de zaak, met zijn datum")),
    "engine.date-missing": (("'{outcome}' of step '{step}' compares '{fact}' with a date this "
                            "case does not have yet ({at}) ({where})"),
                            ("'{outcome}' van stap '{step}' vergelijkt '{fact}' met een datum "
                            "die deze zaak nog niet heeft ({at}) ({where})")),
    "engine.fact-condition": (("'{outcome}' of step '{step}' requires that {condition} "
                              "({where}); {fact} is {date}, {how} {period} before {reference}"),
                              ("'{outcome}' van stap '{step}' vereist: {condition} "
                              "({where}); {fact} is {date}, {how} {period} voor {reference}")),
    "engine.not-more-than": ("not more than", "niet meer dan"),
    # an open step's outcome the case's facts rule out (simulate's open steps)
    "engine.ruled-out": (("not possible now: requires that {condition} ({where}); {fact} is "
                          "{date}, {how} {period} before {reference}"),
                         ("nu niet mogelijk: vereist {condition} ({where}); {fact} is {date}, "
                          "{how} {period} voor {reference}")),
    "engine.ruled-out-fact": (("not possible yet: needs the fact '{fact}' of the case "
                               "({where}); record it first"),
                              ("nog niet mogelijk: vraagt het feit '{fact}' van de zaak "
                               "({where}); leg het eerst vast")),
    "engine.ruled-out-date": (("not possible yet: compares '{fact}' with a date this case "
                               "does not have yet ({at}) ({where})"),
                              ("nog niet mogelijk: vergelijkt '{fact}' met een datum die deze "
                               "zaak nog niet heeft ({at}) ({where})")),
    "migrate.other-municipality": (("case '{case}' belongs to {municipality} ({ruleset}); "
                                   "{other}'s protocol is another municipality's: a case never "
                                   "moves to it"),
                                   ("zaak '{case}' hoort bij {municipality} ({ruleset}); het "
                                   "protocol van {other} is van een andere gemeente: een zaak "
                                   "gaat daar nooit naartoe")),
    "migrate.same-meaning": (("case '{case}' runs under {ruleset}, which means the same as "
                             "{municipality} {version}: a cosmetic edit needs no migration"),
                             ("zaak '{case}' loopt onder {ruleset}, dat hetzelfde betekent als "
                             "{municipality} {version}: een redactionele wijziging vraagt geen "
                             "migratie")),
    "migrate.before-latest": (("the migration is dated {date}, before the case's latest "
                               "event ({latest})"),
                              ("de migratie is gedateerd {date}, vóór de laatste gebeurtenis "
                               "van de zaak ({latest})")),
    "migrate.after-today": ("the migration is dated {date}, after the as-of date {today}",
                            "de migratie is gedateerd {date}, na de peildatum {today}"),
    # ------------------------------------------------------------------ shared words
    "lang.unknown": ("{what}={value}: protocolkit writes nl (Nederlands) or en (English)",
                     "{what}={value}: protocolkit schrijft nl (Nederlands) of en (Engels)"),
    "common.and": (" and ", " en "),
    "common.or": (" or ", " of "),
    "common.together": (" (together)", " (samen)"),
    # between the roles of a choice (any_of): "de burgemeester en/of de griffier"
    "common.and-or": (" and/or ", " en/of "),
    "common.instead-of": (" (instead of {role})", " (in plaats van {role})"),
    "common.composition": ("Composition {body}: {members}", "Samenstelling {body}: {members}"),
    # after a member a body has only if desired (optional_members)
    "common.if-desired": (" (if desired)", " (desgewenst)"),
    # after a member a body has once for each holder of another role (seat_per)
    "common.one-per": (" (one per {per})", " (één per {per})"),
    # after a substitute who takes only the subject's own seat (subject_seat_only), and
    # only if possible (if_possible, "zo mogelijk")
    "common.instead-of-subject": (" (instead of the {role} who is himself the subject)",
                                  " (in plaats van de {role} die zelf betrokkene is)"),
    "common.instead-of-subject-if-possible": (
        " (if possible, instead of the {role} who is himself the subject)",
        " (zo mogelijk, in plaats van de {role} die zelf betrokkene is)"),
    # after a role the actor may consult and need not (a consulted entry's optional)
    "common.optionally": (" (optionally)", " (eventueel)"),
    "common.nobody": ("(nobody assigned)", "(niemand aangewezen)"),
    "common.not-assigned": ("not assigned in the text", "niet toegewezen in de tekst"),
    "common.source": ("   Source: {sources}", "   Bron: {sources}"),
    # Which citation supports which part of a step (a guarded alternative's own source).
    "common.source-for": ("   Source for {part}: {sources}", "   Bron voor {part}: {sources}"),
    "part.actor": ("who acts", "wie handelt"),
    "part.counterpart": ("whom the actor turns to", "tot wie men zich wendt"),
    "part.consulted": ("who is consulted", "wie geraadpleegd wordt"),
    "part.informed": ("who is informed", "wie geïnformeerd wordt"),
    "part.heard": ("who is heard", "wie gehoord wordt"),
    "common.yes": ("yes", "ja"),
    "common.no": ("no", "nee"),
    "common.alias": ("  ({alias} is read as {role} [{sources}])",
                     "  ({alias} wordt gelezen als {role} [{sources}])"),
    "common.protocol-has-errors": (("{path}: the protocol has errors; run "
                                   "'protocolkit validate {path}'"),
                                   ("{path}: het protocol bevat fouten; voer "
                                   "'protocolkit validate {path}' uit")),
    "common.consults": ("   Consults: {roles}", "   Raadpleegt: {roles}"),
    "common.hears": ("   Hears: {roles}", "   Hoort: {roles}"),
    "common.informs": ("   Informs: {roles}", "   Informeert: {roles}"),
    "common.still-open": ("   Still open: {question} ({id})", "   Nog open: {question} ({id})"),
    # open points by name (the matrix's status, an open exclusion's refusal)
    "common.open-points": ("still open: {points}", "nog open: {points}"),
    "common.confidential": ("   Confidential", "   Vertrouwelijk"),
    # an open answer a concept takes from another text (present.phrases.proposal_words)
    "common.proposal": ("still open - proposal (taken from {origin}): {roles}",
                        "nog open - voorstel (ontleend aan {origin}): {roles}"),
    "common.at-once": (" and at the same time {target}", " en tegelijk {target}"),
    # what the protocol's own text says that qualifies a proposal (OpenPoint.reservation)
    "common.reservation": ("reservation in the text ({id}): {text} [{sources}]",
                           "voorbehoud in de tekst ({id}): {text} [{sources}]"),
    "common.step-n": ("step {n}", "stap {n}"),
    # the silence sentence (present.phrases.silence_sentence)
    "silence.from-start": ("from the start", "vanaf het begin"),
    "silence.from-step": ("from {step}", "vanaf {step}"),
    "silence.until": ("until after {step}", "tot na {step}"),
    "silence.step": ("step '{title}'", "stap '{title}'"),
    # the step a silence starts at, named again as its end (its title said once)
    "silence.that-step": ("that step", "die stap"),
    "silence.step-outcome": ("{step} with the outcome {outcome}",
                             "{step} met de uitkomst {outcome}"),
    "silence.outcome-or": (" or ", " of "),
    "silence.or": (", or ", ", of "),
    "silence.or-case-end": (", or until the case ends", ", of tot de zaak eindigt"),
    "silence.ends-behind": (("until the case ends (the ends the text names no longer lie "
                             "ahead of this case)"),
                            ("tot de zaak eindigt (de einden die de tekst noemt liggen niet "
                             "meer voor deze zaak)")),
    "silence.no-end": ("until the case ends (the text names no earlier end)",
                       "tot de zaak eindigt (de tekst noemt geen eerder einde)"),
    "silence.sentence": ("Silent towards {audience}: {roles}, {since}, {until}",
                         "Zwijgen tegenover {audience}: {roles}, {since}, {until}"),
    "silence.ends": ("   After this the silence of {roles} towards {audience} ends",
                     "   Hierna eindigt de zwijgplicht van {roles} tegenover {audience}"),
    "silence.ends-with": (("   With the outcome {outcome} the silence of {roles} towards "
                           "{audience} ends"),
                          ("   Met de uitkomst {outcome} eindigt de zwijgplicht van {roles} "
                           "tegenover {audience}")),
    "silence.title": ("Silence towards {audience}", "Zwijgplicht tegenover {audience}"),
    "silence.title-subject": ("Silence towards {audience} — subject: {who}",
                              "Zwijgplicht tegenover {audience} — betrokkene: {who}"),
    "silence.as-of": (" (as of {date})", " (per {date})"),
    # the handoff (present.findings.handoff_lines)
    "handoff.head": ("Outside this protocol: {text}", "Buiten dit protocol: {text}"),
    "handoff.decides": ("  Who decides there on the follow-up: {roles}",
                        "  Wie beslist daar over het vervolg: {roles}"),
    "handoff.communicates": ("  Who communicates with the reporter: {roles}",
                             "  Wie communiceert met de melder: {roles}"),
    # a condition on a fact of the case (format.model.FactCondition.describe)
    "fact.condition": ("{fact} lies {how} {period} before {ref}",
                       "{fact} ligt {how} {period} voor {ref}"),
    "fact.more-than": ("more than", "meer dan"),
    "fact.at-most": ("at most", "ten hoogste"),
    "fact.at-step": ("the date of this outcome", "de datum van deze uitkomst"),
    "fact.at-ontvangst": ("the day of receipt", "de dag van ontvangst"),
    "fact.at-completion": ("the completion of step {steps}", "de afronding van stap {steps}"),
    # the diff's data in words (diff.behavioral; Dutch in the data, reworded to English)
    "data.decides": ("decides: {roles}", "beslist: {roles}"),
    "data.communicates": ("communicates with the reporter: {roles}",
                          "communiceert met de melder: {roles}"),
    "data.silent-until": ("{roles} until after {until}", "{roles} tot na {until}"),
    "data.silent-standing": ("{roles} (standing)", "{roles} (staand)"),
    # scenarios in words (vocabulary.scenario_text)
    "scenario.own": ("{reporter} about own act", "{reporter} over eigen handelen"),
    # a short scenario label with its first part in words (Scenario.label_msg)
    "scenario.short": ("{who}, {rest}", "{who}, {rest}"),
    "scenario.prose-own": ("{reporter} about their own {act}", "{reporter} over de eigen {act}"),
    "scenario.prose": ("{reporter} about {act} of {subject}",
                       "{reporter} over {act} van {subject}"),
    "scenario.an-intended": ("an intended act", "een voorgenomen handeling"),
    "scenario.a-performed": ("a performed act", "een uitgevoerde handeling"),
    "scenario.act-intended": ("intended act", "voorgenomen handeling"),
    "scenario.act-performed": ("performed act", "uitgevoerde handeling"),
    # ------------------------------------------------------------------ responsibilities
    "resp.still-open": ("still open: {question} ({id})", "nog open: {question} ({id})"),
    "resp.sanction": ("  Sanction {name}: {said}   [{sources}]",
                      "  Sanctie {name}: {said}   [{sources}]"),
    "resp.speaks-after": ("after {step}: {roles} ({audience})",
                          "na {step}: {roles} ({audience})"),
    "resp.speaks-always": ("at every stage: {roles} ({audience})",
                           "in elk stadium: {roles} ({audience})"),
    "resp.speaks-unset": ("moment not set by the text: {roles} ({audience})",
                          "moment niet bepaald door de tekst: {roles} ({audience})"),
    # counted(): one phase, or more
    "resp.speaks-in": ("in the phase {phases}: {roles} ({audience})",
                       "in de fase {phases}: {roles} ({audience})"),
    "resp.speaks-ins": ("in the phases {phases}: {roles} ({audience})",
                        "in de fasen {phases}: {roles} ({audience})"),
    "common.imposed-by": ("imposed by {roles}", "opgelegd door {roles}"),
    "common.by": ("by {roles}", "door {roles}"),
    "common.imposer-not-set": ("the text does not say who imposes it",
                               "de tekst bepaalt niet wie haar oplegt"),
    "common.offered-by": ("offered by {roles}", "aangeboden door {roles}"),
    "resp.offered": ("  Consequence {name}: {said}   [{sources}]",
                     "  Gevolg {name}: {said}   [{sources}]"),
    "resp.ambiguity": (("  Choice between readings ({id}): {question} Chosen: {chosen} "
                       "Why: {reason}   [{sources}]"),
                       ("  Keuze tussen lezingen ({id}): {question} Gekozen: {chosen} "
                       "Waarom: {reason}   [{sources}]")),
    # beside an answer of the six questions: the note is shown in full further down
    "resp.rests-on-reading": ("Rests on a choice between readings: {question} ({id}, below)",
                              ("Rust op een keuze tussen lezingen: {question} ({id}, "
                               "zie onder)")),
    # ------------------------------------------------------------------ route
    "route.head": ("What do I do now? {municipality}: {scenario}",
                   "Wat doe ik nu? {municipality}: {scenario}"),
    "route.according": ("  (route according to {sources})", "  (route volgens {sources})"),
    "route.none": ("  No route: this protocol names no first step for this scenario.",
                   "  Geen route: dit protocol wijst voor dit scenario geen eerste stap aan."),
    "route.who": ("   Who: {who}", "   Wie: {who}"),
    # who acts and whom they turn to: a step's counterpart (never an arrow, which the
    # scenario's "melder -> betrokkene" uses)
    "common.turns-to": ("{who}, turning to {towards}", "{who}, wendt zich tot {towards}"),
    "route.rests-on-reading": (("   Rests on a choice between readings: {question} ({id}, "
                                "below)"),
                               ("   Rust op een keuze tussen lezingen: {question} ({id}, "
                                "zie onder)")),
    "route.deadline": ("   Deadline: {deadline}", "   Termijn: {deadline}"),
    "route.sanctions": ("   Possible sanctions: {sanctions}", "   Mogelijke sancties: {sanctions}"),
    "route.offers": ("   Possible consequences: {sanctions}", "   Mogelijke gevolgen: {sanctions}"),
    # the kind of a sanctie step whose sanctions are all offered (Oostzaan's publiek
    # excuus, art. 5.1 lid 3): a consequence the subject takes, no sanction; the step
    # kinds are protocol vocabulary, Dutch in both languages
    "route.kind-offered": ("gevolg", "gevolg"),
    "route.sanction": ("{id} ({said})", "{id} ({said})"),
    "route.end": ("   End of the case.", "   Einde van de zaak."),
    "route.end-handoff": ("   End of the case; it continues outside this protocol.",
                          "   Einde van de zaak; verder buiten dit protocol."),
    "route.admission": (" (admission)", " (erkenning)"),
    "route.other-sanctions": ("Sanctions by others than the steps above:",
                              "Sancties door anderen dan de stappen hierboven:"),
    "route.other-sanction": ("   - {name}: {said} [{sources}]",
                             "   - {name}: {said} [{sources}]"),
    "silence.rests-on-reading": (("   Rests on a choice between readings: {question} ({id}, "
                                  "above)"),
                                 ("   Rust op een keuze tussen lezingen: {question} ({id}, "
                                  "zie boven)")),
    "route.readings": ("Choice between readings ({id}): {question}",
                       "Keuze tussen lezingen ({id}): {question}"),
    "route.chosen": ("chosen", "gekozen"),
    "route.other-reading": ("other reading", "andere lezing"),
    "route.why": ("   Why this reading: {reason} [{sources}]",
                  "   Waarom deze lezing: {reason} [{sources}]"),
    # ------------------------------------------------------------------ matrix
    "matrix.title": ("{municipality}: scenarios, first step and who decides",
                     "{municipality}: scenario's, eerste stap en wie beslist"),
    "matrix.reporter": ("reporter", "melder"),
    "matrix.subject": ("subject", "betreft"),
    "matrix.act": ("act", "handeling"),
    "matrix.own": ("own", "eigen"),
    "matrix.attributes": ("attributes", "kenmerken"),
    "matrix.entry": ("first step", "eerste stap"),
    "matrix.first-contact": ("first contact", "eerste aanspreekpunt"),
    "matrix.decides": ("decides on follow-up", "beslist over vervolg"),
    "matrix.status": ("status", "status"),
    "matrix.all": ("all", "alle"),
    "matrix.nobody": ("(nobody)", "(niemand)"),
    "matrix.missing": ("NO ROUTE", "GEEN ROUTE"),
    "matrix.ambiguous": ("AMBIGUOUS", "DUBBELZINNIG"),
    "matrix.open-rows": ("{n} of them with an answer still open (a proposal or an open point)",
                         "waarvan {n} met een antwoord dat nog open is (een voorstel of open punt)"),
    "matrix.counts": (("{rows} scenarios: {ok} with one first step, {missing} without a route, "
                      "{ambiguous} ambiguous"),
                      ("{rows} scenario's: {ok} met één eerste stap, {missing} zonder route, "
                      "{ambiguous} dubbelzinnig")),
    # ------------------------------------------------------------------ diff
    "diff.aspect.covered": ("Falls under the protocol", "Valt onder het protocol"),
    "diff.aspect.out_of_scope": ("Goes outside the protocol to", "Gaat buiten het protocol naar"),
    "diff.aspect.handoff": (("Outside the protocol: who decides, who communicates with the "
                            "reporter"),
                            "Buiten het protocol: wie beslist, wie communiceert met de melder"),
    "diff.aspect.fact_conditions": ("Conditions on the facts of the case",
                                    "Voorwaarden op de feiten van de zaak"),
    "diff.aspect.step_kinds": ("Kinds of step only this route passes",
                               "Soorten stappen die alleen hier op de route liggen"),
    "diff.aspect.informed": ("Is informed", "Wordt geïnformeerd"),
    "diff.aspect.sanctions": ("Possible sanctions for the subject",
                              "Mogelijke sancties voor de betrokkene"),
    "diff.aspect.silent": ("Who stays silent towards the press, until when",
                           "Wie zwijgt tegenover de pers, tot wanneer"),
    "diff.aspect.open": ("Still open (questions with an open point)",
                         "Nog open (vragen met een open punt)"),
    "diff.aspect.tracks": ("Tracks that run at the same time", "Sporen die tegelijk lopen"),
    "diff.aspect.deadline": ("Deadline {kind}", "Termijn {kind}"),
    "diff.aspect.joins": ("Where tracks come together", "Waar sporen samenkomen"),
    # the fields a structural change names (present.comparison.field_words)
    "diff.field.actor": ("actor", "wie handelt"),
    "diff.field.kind": ("kind", "soort"),
    "diff.field.shared": ("shared", "gedeelde rol"),
    # the kinds of role (format.vocabulary.role_kind_words)
    "role-kind.person": ("person", "persoon"),
    "role-kind.body": ("body", "orgaan"),
    "role-kind.external": ("external party", "externe partij"),
    # shared roles whose id reads as something else than their name
    # (format.vocabulary.shared_role_words)
    "shared-role.fractievoorzitter": ("a group leader (fractievoorzitter)",
                                      "een fractievoorzitter"),
    "shared-role.fractievoorzitters": ("the group leaders together (fractievoorzitters)",
                                       "de fractievoorzitters samen"),
    "shared-role.cvdk": ("the King's Commissioner (CvdK)", "Commissaris van de Koning"),
    "shared-role.politie_om": ("police or public prosecutor", "politie of OM"),
    "diff.field.single": ("single", "één persoon"),
    "diff.field.never": ("never", "doet nooit"),
    "diff.field.members": ("members", "leden"),
    "diff.field.optional_members": ("members if desired", "leden desgewenst"),
    "diff.field.employed_by": ("employed by", "in dienst van"),
    "diff.field.accountable_to": ("accountable to", "legt verantwoording af aan"),
    "diff.field.part_of": ("part of", "maakt deel uit van"),
    "diff.field.phase": ("phase", "fase"),
    "diff.field.counterpart": ("counterpart", "met wie"),
    "diff.field.consulted": ("consulted", "wie wordt geraadpleegd"),
    "diff.field.consulted_optional": ("consulted optionally", "wie eventueel wordt geraadpleegd"),
    "diff.field.heard_optional": ("heard optionally", "wie eventueel wordt gehoord"),
    "diff.field.informed": ("informed", "wie wordt geïnformeerd"),
    "diff.field.end": ("end", "eindstap"),
    "diff.field.out_of_scope": ("out of scope", "buiten het protocol"),
    "diff.field.sanctions": ("sanctions", "sancties"),
    "diff.field.confidential": ("confidential", "vertrouwelijk"),
    "diff.field.outcomes": ("outcomes", "waar het heen kan"),
    "diff.field.deadline": ("deadline", "termijn"),
    "diff.field.imposed_by": ("imposed by", "opgelegd door"),
    "diff.field.applies_to": ("applies to", "geldt voor"),
    "diff.field.severity": ("severity", "zwaarte"),
    "diff.field.when": ("when", "wanneer"),
    "diff.field.step": ("step", "naar stap"),
    "diff.field.replaces": ("replaces", "vervangt"),
    "diff.field.by": ("by", "door"),
    "diff.field.speaker": ("speaker", "wie spreekt"),
    "diff.field.audience": ("audience", "met wie"),
    "diff.field.allowed": ("allowed", "toegestaan"),
    "diff.field.from_step": ("from step", "vanaf stap"),
    "diff.field.moment_not_set": ("moment not set", "moment niet bepaald"),
    "diff.field.order": ("order", "volgorde"),
    "diff.field.amount": ("amount", "aantal"),
    "diff.field.unit": ("unit", "eenheid"),
    "diff.field.from": ("from", "gerekend vanaf"),
    "diff.field.reporters": ("reporters", "wie kan melden"),
    "diff.field.subjects": ("subjects", "over wie"),
    "diff.field.acts": ("acts", "soorten handeling"),
    "diff.field.own": ("own", "eigen handelen"),
    "diff.field.exclude": ("exclude", "uitgesloten"),
    "diff.field.text": ("text", "tekst"),
    "diff.field.heard": ("heard", "wie wordt gehoord"),
    "diff.field.open": ("open point", "nog open punt"),
    "diff.field.phases": ("phases", "in fasen"),
    "diff.field.steps": ("steps", "in stappen"),
    "diff.field.until": ("until", "tot"),
    "diff.field.roles": ("roles", "wie"),
    "diff.field.bodies": ("bodies", "in organen"),
    "diff.field.subject_seat_only": ("only the seat the subject holds",
                                      "alleen de zetel van de betrokkene"),
    "diff.field.if_possible": ("only if possible", "zo mogelijk"),
    "diff.field.seat_per": ("members one per holder of a role", "leden één per houder van een rol"),
    "diff.field.named_only": ("only where named, not as a member of a body",
                              "alleen waar genoemd, niet als lid van een orgaan"),
    "diff.field.from_": ("from", "vanaf"),
    "diff.field.admission": ("admission", "ontvankelijk"),
    "diff.field.requires": ("requires", "vraagt"),
    "diff.field.tracks": ("tracks", "tegelijk naar"),
    "diff.field.join": ("join", "wacht op"),
    "diff.field.affects": ("elements it governs", "geldt voor elementen"),
    "diff.field.outside_procedure": ("outside the procedure", "buiten de procedure"),
    "diff.field.offered": ("offered, not imposed", "aangeboden, niet opgelegd"),
    "diff.field.imposer_not_set": ("imposer left open by the text",
                                   "oplegger in de tekst opengelaten"),
    "diff.attribute": ("attribute {name}", "kenmerk {name}"),
    "diff.md-id": ("id", "id"),
    "diff.kind.join": ("Tracks coming together at step", "Samenkomst van sporen bij stap"),
    "diff.kind.scenarios": ("Scenarios", "Scenario's"),
    "diff.kind.role": ("Role", "Rol"),
    "diff.kind.phase": ("Phase", "Fase"),
    "diff.kind.step": ("Step", "Stap"),
    "diff.kind.deadline": ("Deadline at step", "Termijn bij stap"),
    "diff.kind.fact": ("Fact of the case", "Feit van de zaak"),
    "diff.kind.fact_condition": ("Condition on facts at step", "Voorwaarde op feiten bij stap"),
    "diff.kind.calendar": ("Working-day calendar", "Werkdagenkalender"),
    "diff.kind.entry_route": ("Entry", "Ingang"),
    "diff.kind.substitution": ("Substitution", "Vervanging"),
    "diff.kind.sanction": ("Sanction", "Sanctie"),
    "diff.kind.communication": ("Communication rule", "Communicatieregel"),
    "diff.kind.silence": ("Silence", "Zwijgplicht"),
    "diff.kind.open_point": ("Open point", "Open punt"),
    "diff.kind.ambiguity": ("Choice between readings", "Keuze tussen lezingen"),
    "diff.kind.principle": ("Principle", "Beginsel"),
    "diff.kind.section": ("Text of section", "Tekst van paragraaf"),
    "diff.none": ("(none)", "(geen)"),
    "diff.nobody": ("(nobody)", "(niemand)"),
    # a step without optional consultations that consults always (consulted_optional)
    "diff.consulted-always": ("(nobody; always consulted: {roles})",
                              "(niemand; altijd geraadpleegd: {roles})"),
    # a step without optional hearings that hears always (heard_optional)
    "diff.heard-always": ("(nobody; always heard: {roles})",
                          "(niemand; altijd gehoord: {roles})"),
    "diff.outside": ("outside this protocol: {regime}", "buiten dit protocol: {regime}"),
    "diff.outside-short": ("outside this protocol", "buiten dit protocol"),
    "diff.outside-once": (("{label} sends {groups} outside this protocol, to {regime} "
                           "[{sources}]. There {other} answers:"),
                          ("{label} stuurt {groups} buiten dit protocol, naar {regime} "
                           "[{sources}]. Daar antwoordt {other}:")),
    "diff.outside-named": (("{label} sends the situations marked 'outside this protocol' "
                            "to: {regime}."),
                           "{label} stuurt de situaties 'buiten dit protocol' naar: {regime}."),
    "diff.empty": ("(empty)", "(leeg)"),
    "diff.version": ("version {version}", "versie {version}"),
    "diff.when": (" (when {condition})", " (bij {condition})"),
    "diff.only-in": ("only in {label}", "alleen in {label}"),
    "diff.different": ("different", "anders"),
    "diff.different-in": ("different: {fields}", "anders: {fields}"),
    "diff.these-scenarios": ("these scenarios", "deze scenario's"),
    "diff.scenario-count": ("{count} scenario", "{count} scenario"),
    "diff.scenario-counts": ("{count} scenarios", "{count} scenario's"),
    "diff.situation-count": ("{count} situation", "{count} situatie"),
    "diff.situation-counts": ("{count} situations", "{count} situaties"),
    "diff.same": ("No differences: the two protocols mean the same.",
                  "Geen verschillen: de twee protocollen betekenen hetzelfde."),
    "diff.summary-head": ("Summary of the differences: {left} and {right}",
                          "Samenvatting van de verschillen: {left} en {right}"),
    "diff.one-sided": (("Only {label} distinguishes {names}; {other} gives one answer for "
                       "every value there."),
                       ("Alleen {label} onderscheidt {names}; {other} geeft daar één antwoord "
                       "voor elke waarde.")),
    "diff.only-open": ("  {label}: {open}", "  {label}: {open}"),
    "diff.only-covers": ("Only {label} covers: {text}.", "Alleen {label} regelt: {text}."),
    "diff.only-excludes": (("Outside {label} falls ({sources}): {text}; that goes to "
                            "{regime}."),
                           ("Buiten {label} valt ({sources}): {text}; dat gaat naar "
                            "{regime}.")),
    "diff.only-excludes-short": ("Outside {label} falls ({sources}): {text}.",
                                 "Buiten {label} valt ({sources}): {text}."),
    "diff.read-as": ("{said}, {read}", "{said}, {read}"),
    "diff.covers-read-as": (("{label} covers {text} as well, {read}; those answers are not "
                             "compared here."),
                            ("Ook {label} regelt {text}, {read}; die antwoorden zijn hier niet "
                             "vergeleken.")),
    "diff.read-as-not-compared": (("The answers in situations a protocol reads through an "
                                   "alias (one role read as another) are not compared here; "
                                   "'protocolkit responsibilities' gives them."),
                                  ("De antwoorden in situaties die een protocol via een alias "
                                   "leest (de ene rol gelezen als de andere), zijn hier niet "
                                   "vergeleken; 'protocolkit responsibilities' geeft ze.")),
    "diff.read-as-one": ("{alias} read as {role} [{sources}]",
                         "{alias} gelezen als {role} [{sources}]"),
    "diff.excluded": ("outside this protocol ({sources}): {regime}",
                      "valt buiten dit protocol ({sources}): {regime}"),
    "diff.same-answers": ("On the questions asked both protocols give the same answer.",
                          "Op de gevraagde vragen geven beide protocollen hetzelfde antwoord."),
    "diff.nothing-to-compare": (("No situation within this choice is covered by both "
                                "protocols: there is nothing to compare."),
                                ("Geen situatie binnen deze keuze wordt door beide protocollen "
                                "geregeld: er valt niets te vergelijken.")),
    "diff.structure": ("Structure of the protocol", "Opbouw van het protocol"),
    "diff.structure-hidden": (("The structure differs in {count} points (roles, steps, "
                              "deadlines); --structural shows them."),
                              ("De opbouw verschilt op {count} punten (rollen, stappen, "
                              "termijnen); --structural toont ze.")),
    "diff.text-head": ("Comparison: {left} (left) and {right} (right)",
                       "Vergelijking: {left} (links) en {right} (rechts)"),
    "diff.text-counts": ("{cases}; {structural} in the structure of the protocol.",
                         "{cases}; {structural} in de opbouw van het protocol."),
    "diff.case-counts": ("{behavioral} in what happens to cases{open}",
                         "{behavioral} in wat er met zaken gebeurt{open}"),
    "diff.summary-counts": ("{cases}.", "{cases}."),
    "diff.in-groups": ("{cases}, in {groups}", "{cases}, in {groups}"),
    "diff.in-groups-together": ("{cases}, together in {groups}", "{cases}, samen in {groups}"),
    "diff.n-difference": ("{count} difference", "{count} verschil"),
    "diff.n-differences": ("{count} differences", "{count} verschillen"),
    "diff.n-group": ("{count} group", "{count} groep"),
    "diff.n-groups": ("{count} groups", "{count} groepen"),
    "diff.n-open": (" and {count} open point in {open} (a proposal equal to {other})",
                    " en {count} open punt in {open} (voorstel gelijk aan {other})"),
    "diff.n-opens": (" and {count} open points in {open} (a proposal equal to {other})",
                     " en {count} open punten in {open} (voorstel gelijk aan {other})"),
    "diff.cases": ("What happens to cases", "Wat er met zaken gebeurt"),
    "diff.md-head": ("Comparison of the integrity protocols of {left} and {right}",
                     "Vergelijking van de integriteitsprotocollen van {left} en {right}"),
    "diff.md-same": (("The protocols of {left} and {right} mean the same: for no scenario does "
                     "who does what differ, and they have the same roles, steps, deadlines, "
                     "substitutions, sanctions and agreements."),
                     ("De protocollen van {left} en {right} betekenen hetzelfde: voor geen "
                     "enkel scenario verschilt wie wat doet, en ze hebben dezelfde rollen, "
                     "stappen, termijnen, vervangingen, sancties en afspraken.")),
    "diff.open-count": (("in {count} case the answer in {open} is still open (a proposal "
                         "equal to {other})"),
                        ("in {count} geval is het antwoord in {open} nog open (voorstel "
                         "gelijk aan {other})")),
    "diff.open-counts": (("in {count} cases the answer in {open} is still open (a proposal "
                          "equal to {other})"),
                         ("in {count} gevallen is het antwoord in {open} nog open (voorstel "
                          "gelijk aan {other})")),
    "diff.md-counts": (("In {behavioral} cases (a scenario and a question) something else happens "
                       "in {left} than in {right}{open}; {below}. Besides, "
                       "the structure of the protocols differs in {structural} points. A "
                       "scenario is a combination of who reports, about whom, and whether the "
                       "act is intended or performed."),
                       ("In {behavioral} gevallen (een scenario en een vraag) gebeurt er in "
                       "{left} iets anders dan in {right}{open}; {below}. "
                       "Daarnaast verschilt de opbouw van de protocollen op "
                       "{structural} punten. Een scenario is een combinatie van wie meldt, over "
                       "wie, en of het om een voorgenomen of uitgevoerde handeling gaat.")),
    "diff.md-below": ("they are below in {groups}", "ze staan hieronder in {groups}"),
    "diff.md-below-together": ("together they are below in {groups}",
                               "samen staan ze hieronder in {groups}"),
    "diff.md-for": ("For", "Voor"),
    "diff.md-question": ("Question", "Vraag"),
    "diff.md-element": ("Element", "Onderdeel"),
    "diff.md-difference": ("Difference", "Verschil"),
    # protocol elements in words (present.comparison: the structural part of a diff)
    "words.always": ("always", "altijd"),
    "words.one-of": ("one of: {guards}", "een van: {guards}"),
    "words.not": ("not ({guard})", "niet ({guard})"),
    "words.if": (" if {guard}", " als {guard}"),
    "words.only-if": (" (only if {guard})", " (alleen als {guard})"),
    "guard.reporter": ("the reporter is {who}", "de melder {who} is"),
    "guard.subject": ("it is about {who}", "het over {who} gaat"),
    "guard.act": ("the act is {act}", "de handeling {act} is"),
    "guard.own": ("it is about the reporter's own act", "het over eigen handelen gaat"),
    "guard.not-own": ("it is not about the reporter's own act",
                      "het niet over eigen handelen gaat"),
    "guard.attribute": ("{name} is {values}", "{name} {values} is"),
    "guard.not-reporter": ("the reporter is not {who}", "de melder niet {who} is"),
    "guard.not-subject": ("it is not about {who}", "het niet over {who} gaat"),
    "guard.not-act": ("the act is not {act}", "de handeling niet {act} is"),
    "words.entry": ("if {guard}: to step {step}", "als {guard}: naar stap {step}"),
    "words.substitution": ("{by} instead of {replaces}, if {guard}",
                           "{by} in plaats van {replaces}, als {guard}"),
    "words.may": ("may", "mag"),
    "words.may-not": ("may not", "mag niet"),
    "words.from-step": (" from step {step}", " vanaf stap {step}"),
    "words.moment-not-set": ((" (from when the text does not say)"),
                             (" (vanaf wanneer bepaalt de tekst niet)")),
    "words.no-end": ("with no end", "zonder einde"),
    "words.silence": ("silence towards {audience} for {roles} {until}",
                      "zwijgplicht tegenover {audience} voor {roles} {until}"),
    "words.no-deadline": ("no deadline", "geen termijn"),
    "words.no-date": ('"{words}" (no date)', '"{words}" (geen datum)'),
    "words.after-opening": (" after the case is opened", " na opening van de zaak"),
    "words.after-receipt": (" after receipt", " na ontvangst"),
    # the units of a deadline or a period as the model keeps them (Dutch), in words
    # (period_words): "10 werkdagen" is "10 working days" in English
    "unit.werkdagen": ("working days", "werkdagen"),
    "unit.werkdag": ("working day", "werkdag"),
    "unit.dagen": ("days", "dagen"),
    "unit.dag": ("day", "dag"),
    "unit.weken": ("weeks", "weken"),
    "unit.week": ("week", "week"),
    "unit.maanden": ("months", "maanden"),
    "unit.maand": ("month", "maand"),
    "unit.jaar": ("years", "jaar"),
    "unit.jaar1": ("year", "jaar"),
    "words.after-step": (" after completion of step {step}", " na afronding van stap {step}"),
    "words.handoff": ("decides: {decides}, communicates with the reporter: {melder}",
                      "beslist: {decides}, communiceert met de melder: {melder}"),
    # scenario groups in words (diff.grouping.box_text)
    "group.every": ("every scenario", "elk scenario"),
    "group.reported-by": ("reported by {who}", "gemeld door {who}"),
    "group.about": ("about {who}", "over {who}"),
    "group.about-own": ("about own act of {who}", "over eigen handelen van {who}"),
    "group.own": ("about own act", "over eigen handelen"),
    "group.not-own": ("not about own act", "niet over eigen handelen"),
    # ------------------------------------------------------------------ report
    "report.no-graphviz-layout": ("Routes without Graphviz layout: {error}",
                                  "Routes zonder Graphviz-opmaak: {error}"),
    "report.status.fout": ("error", "fout"),
    "report.status.geen route": ("no route", "geen route"),
    "report.status.twee routes": ("two routes", "twee routes"),
    "report.status.waarschuwing": ("warning", "waarschuwing"),
    "report.status.aanvaard": ("acknowledged", "aanvaard"),
    "report.status.ok": ("ok", "ok"),
    "report.status.nog open": ("still open", "nog open"),
    "report.status.buiten protocol": ("outside the protocol", "buiten het protocol"),
    "report.status-outside": ("outside the protocol: to {regime} ({sources})",
                              "buiten het protocol: naar {regime} ({sources})"),
    "report.reporter-or-subject": ("reporter or subject", "melder of betrokkene"),
    "report.holds-once": ("holds for 1 situation: {first}", "geldt voor 1 situatie: {first}"),
    "report.holds-many": ("holds for {count} situations, for example: {first}",
                          "geldt voor {count} situaties, bijvoorbeeld: {first}"),
    "report.step-sentence": ("Step ‘{title}’ (phase ‘{phase}’) — {sentence}",
                             "Stap ‘{title}’ (fase ‘{phase}’) — {sentence}"),
    "report.phase-sentence": ("Phase ‘{phase}’ — {sentence}", "Fase ‘{phase}’ — {sentence}"),
    "report.holds-groups": ("holds for {count} situations: {groups}",
                            "geldt voor {count} situaties: {groups}"),
    "report.line-step": ("line {line}, step {id}", "regel {line}, stap {id}"),
    "report.meanings": ("What the checks below look for:", "Waar de controles hieronder op letten:"),
    "report.msg.hint.substitution": (("add a substitution for these situations: in a case about "
                                      "{the_subject}, an independent role takes the place of "
                                      "{the_named}"),
                                     ("voeg een vervanging toe voor deze situaties: in een zaak "
                                      "over {the_subject} neemt een onafhankelijke rol de plaats "
                                      "in van {the_named}")),
    "report.msg.hint.member-seat": (
        ("add a substitution for these situations: in a case about {the_subject}, an "
         "independent role takes the seat of {the_member} in {the_body}"),
        ("voeg een vervanging toe voor deze situaties: in een zaak over {the_subject} "
         "neemt een onafhankelijke rol de plaats van {the_member} in {the_body} in")),
    "report.msg.hint.optional-member": (
        ("{the_member} sits in {the_body} only if desired ({source}), and if seated must "
         "not be involved either: leave that seat empty, or add a substitution for these "
         "situations: in a case about {the_subject}, an independent role takes that seat in "
         "{the_body}"),
        ("{the_member} zit alleen desgewenst in {the_body} ({source}) en mag, als hij "
         "zitting neemt, evenmin betrokken zijn: laat hem weg, of voeg een vervanging toe "
         "voor deze situaties: in een zaak over {the_subject} neemt een onafhankelijke rol "
         "die plaats in {the_body} in")),
    "report.msg.hint.optional-consulted": (
        ("{the_named} is consulted here only if the actor so chooses ({source}): in a case "
         "about {the_subject}, do not consult {the_named}"),
        ("{the_named} wordt hier alleen geraadpleegd als de handelende daarvoor kiest "
         "({source}): raadpleeg in een zaak over {the_subject} {the_named} niet")),
    "report.accepted": ("The protocol acknowledges this ({id}): {reason}",
                        "Het protocol aanvaardt dit ({id}): {reason}"),
    "report.steps-before": ("… {count} earlier steps …", "… {count} eerdere stappen …"),
    "report.same-route": ("{first} — the same route; drawn for {subject}",
                          "{first} — dezelfde route; getekend voor {subject}"),
    "report.version-file": ("{name} (version {version}, {file})", "{name} (versie {version}, {file})"),
    "report.comparison": ("Comparison of {left} and {right}", "Vergelijking van {left} en {right}"),
    "report.left": ("left", "links"),
    "report.readings-note": (("Two readings: {question} Chosen: {chosen} "
                              "(see Choices between readings) [{sources}]"),
                             ("Twee lezingen: {question} Gekozen: {chosen} "
                              "(zie Keuzes tussen lezingen) [{sources}]")),
    "report.readings-fold": ("Both readings, the chosen one and why",
                             "Beide lezingen, de gekozen en waarom"),
    "report.chosen": ("chosen: ", "gekozen: "),
    "report.other-reading": ("other reading: ", "andere lezing: "),
    "report.why": ("{readings}. Why: {reason}", "{readings}. Waarom: {reason}"),
    "report.handoffs": ("Outside this protocol: where the case goes, who acts there",
                        "Buiten dit protocol: waar de zaak heen gaat, wie daar handelt"),
    "report.fact-conditions": ("Conditions on facts of the case",
                               "Voorwaarden op feiten van de zaak"),
    "report.handoff": (("{regime}. Who decides there on the follow-up: {decides}. Who "
                       "communicates with the reporter: {melder}."),
                       ("{regime}. Wie beslist daar over het vervolg: {decides}. Wie "
                       "communiceert met de melder: {melder}.")),
    "report.handoff-unassigned": (("{regime}. Who decides there on the follow-up and who "
                                  "communicates with the reporter: {nobody}."),
                                  ("{regime}. Wie beslist daar over het vervolg en wie "
                                  "communiceert met de melder: {nobody}.")),
    "report.step-title": ("Step {id}: {title}", "Stap {id}: {title}"),
    "report.step-outcome": ("Step {id}: outcome {outcome}", "Stap {id}: uitkomst {outcome}"),
    "report.only-if": ("Only if {conditions}.", "Alleen als {conditions}."),
    "report.and-then": ("; and ", "; en "),
    "party.if": (" (if {guard})", " (als {guard})"),
    "party.otherwise": ("; otherwise ", "; anders "),
    "common.then-list": ("; ", "; "),
    "node.to": ("to: {regime} [{sources}]", "naar: {regime} [{sources}]"),
    "node.decides": ("decides there: {who}", "beslist daar: {who}"),
    "node.melder": ("with the reporter: {who}", "met de melder: {who}"),
    "note.handoff": (("Step {step}: outside this protocol to {regime}; decides there: {decides}; "
                     "with the reporter: {melder} [{sources}]"),
                     ("Stap {step}: buiten dit protocol naar {regime}; beslist daar: {decides}; "
                     "met de melder: {melder} [{sources}]")),
    "note.join": (("Joining: step {step} opens only when the tracks from {tracks} have arrived "
                  "[{sources}]"),
                  ("Samenkomst: stap {step} opent pas als de sporen vanuit {tracks} er zijn "
                  "aangekomen [{sources}]")),
    "note.condition": ("Condition: {step} -> {outcome} only if {conditions}",
                       "Voorwaarde: {step} -> {outcome} alleen als {conditions}"),
    "report.readings": ("Choices between readings", "Keuzes tussen lezingen"),
    "report.silences": ("Who stays silent, until when", "Wie zwijgt, tot wanneer"),
    "report.meta": ("Version {version}, status {status}", "Versie {version}, status {status}"),
    "report.valid-from": (", valid from {date}", ", geldig vanaf {date}"),
    "report.made-on": (". Report of {date}", ". Rapport van {date}"),
    "report.file": (", file {file}.", ", bestand {file}."),
    "report.notice": ("Note:", "Let op:"),
    "report.summary": ("Summary", "Samenvatting"),
    # {errors}, {warnings}, {open}, {accepted}, {routes}: counted nouns
    # (diagnostics.counted), "1 fout", "16 waarschuwingen"
    "report.counts": ("{errors}, {warnings} (of which {open}), {accepted}",
                      "{errors}, {warnings} (waarvan {open}), {accepted}"),
    "report.findings": ("Findings", "Bevindingen"),
    "report.no-findings": ("No findings.", "Geen bevindingen."),
    "report.finding-head": ("{title} ({level}, line {line})", "{title} ({level}, regel {line})"),
    "report.this": ("This {scenarios}.", "Dit {scenarios}."),
    "report.source": ("Source: {sources}", "Bron: {sources}"),
    "report.todo": ("What to do: {hint}.", "Wat te doen: {hint}."),
    "report.open-points": ("Open points", "Open punten"),
    "report.no-open-points": ("No open points.", "Geen open punten."),
    "report.coverage": ("Coverage: whose move is it?", "Dekking: wie is aan zet?"),
    "report.col.situations": ("situations", "situaties"),
    "report.col.count": ("number", "aantal"),
    "report.routes": ("Routes", "Routes"),
    "report.other-unreadable": ("The other protocol cannot be read.",
                                "Het andere protocol kan niet worden gelezen."),
    "report.same-meaning": (("The two versions mean the same: for no situation does who does "
                            "what differ."),
                            ("De twee versies betekenen hetzelfde: voor geen enkele situatie "
                            "verschilt wie wat doet.")),
    "report.same-six": ("On the six questions both give the same answer.",
                        "Op de zes vragen geven beide hetzelfde antwoord."),
    "report.structure": ("Structure", "Opbouw"),
    "report.structure-differs": (("The structure also differs in {count} points; {command} "
                                 "shows them one by one, in words."),
                                 ("De opbouw verschilt daarnaast op {count} punten; {command} "
                                 "toont ze één voor één, in woorden.")),
    "report.col.element": ("element", "onderdeel"),
    "report.col.different": ("different", "anders"),
    "report.badge.open": ("of which {open}", "waarvan {open}"),
    "report.badge.accepted": ("{count} acknowledged", "{count} aanvaard"),
    "report.clean": ("The protocol has no errors and no open points.",
                     "Het protocol heeft geen fouten en geen open punten."),
    "report.open-left": (("The protocol has no errors. The open points must still be decided "
                         "before the raad adopts it."),
                         ("Het protocol heeft geen fouten. De open punten moeten nog worden "
                         "beslist voordat de raad het vaststelt.")),
    "report.line": ("line {line}", "regel {line}"),
    "report.route-to-step": ("The route to this step", "De route naar deze stap"),
    "report.coverage-intro": (("{rows} situations in {groups} groups with the same first "
                              "contact, the same decider on the follow-up and the same status. "
                              "The status follows from the findings that hold in those "
                              "situations."),
                              ("{rows} situaties in {groups} groepen met hetzelfde eerste "
                              "aanspreekpunt, dezelfde beslisser over het vervolg en dezelfde "
                              "status. De status volgt uit de bevindingen die in die situaties "
                              "gelden.")),
    "report.coverage-caption": ("Whose move it is, per group of situations",
                                "Wie is aan zet, per groep situaties"),
    "report.routes-intro": (("Per subject the route of a reported, performed act, phase by "
                            "phase. A step is coloured only for a finding that holds in that "
                            "very situation. Click a route to open or close it; printed, they "
                            "are all open."),
                            ("Per betrokkene de route van een gemelde, uitgevoerde handeling, "
                            "fase voor fase. Een stap is alleen gekleurd om een bevinding die "
                            "in díe situatie geldt. Klik op een route om haar te openen of te "
                            "sluiten; afgedrukt staan ze allemaal open.")),
    "report.legend": ("Legend", "Legenda"),
    "report.legend.phase": ("to or from another phase", "naar of uit een andere fase"),
    "report.part": (" Part {number} of {count}.", " Deel {number} van {count}."),
    "report.legend.start": ("first step", "eerste stap"),
    "report.legend.end": ("end", "einde"),
    "report.legend.finding": ("finding (error or warning)", "bevinding (fout of waarschuwing)"),
    "report.legend.accepted": ("finding the protocol acknowledges",
                               "bevinding die het protocol aanvaardt"),
    "report.no-graphviz": (("Graphviz ({dot}) is not installed on this computer. The routes "
                           "below are therefore drawn simply: a band per phase, the steps in "
                           "the order of the file. Install Graphviz (Debian: {apt}) for the "
                           "full drawing."),
                           ("Graphviz ({dot}) is op deze computer niet geïnstalleerd. De routes "
                           "hieronder zijn daarom eenvoudig getekend: per fase een band, de "
                           "stappen in de volgorde van het bestand. Installeer Graphviz "
                           "(Debian: {apt}) voor de volledige tekening.")),
    "report.marked": (" Marked: {codes}.", " Gemarkeerd: {codes}."),
    "report.unmarked": (" No findings in this situation.", " Geen bevindingen in deze situatie."),
    "report.route-label": ("Route: {caption}.{marked}", "Route: {caption}.{marked}"),
    "report.written": ("{output}: {errors}, {warnings}, {routes}",
                       "{output}: {errors}, {warnings}, {routes}"),
    "weg.written": ("{output}: wegwijzer for {municipality}",
                    "{output}: wegwijzer voor {municipality}"),
    # the BPMN export's names and documentation (present.bpmn)
    "bpmn.source": ("Source: {sources}", "Bron: {sources}"),
    "bpmn.deadline": ("Deadline: {deadline}", "Termijn: {deadline}"),
    "bpmn.stands-in": ("{role} acts for {named} ({via})", "{role} treedt op voor {named} ({via})"),
    "bpmn.counterpart": ("Counterpart: {roles}", "Tegenpartij: {roles}"),
    "bpmn.consulted": ("Consulted: {roles}", "Geraadpleegd: {roles}"),
    "bpmn.informed": ("Informed: {roles}", "Geïnformeerd: {roles}"),
    "bpmn.heard": ("Heard: {roles}", "Gehoord: {roles}"),
    "bpmn.sanctions": ("Sanctions: {sanctions}", "Sancties: {sanctions}"),
    "bpmn.still-open": ("Still open: {question}", "Nog open: {question}"),
    "bpmn.process": ("{title}, {municipality}, version {version} ({status})",
                     "{title}, {municipality}, versie {version} ({status})"),
    "bpmn.entry": ("Entry: {route}", "Ingang: {route}"),
    "bpmn.variables": (("The process variables {names} choose the route of the scenario at "
                       "the start (own: \"true\" or \"false\")."),
                       ("De procesvariabelen {names} kiezen bij de start de route van het "
                       "scenario (own: \"true\" of \"false\").")),
    "bpmn.outcome-variable": (("Tasks set the process variable '{name}' to the id of their "
                               "outcome."),
                              ("Taken zetten de procesvariabele '{name}' op de id van hun "
                               "uitkomst.")),
    "bpmn.start": ("Report received", "Melding ontvangen"),
    "bpmn.scenario?": ("Scenario?", "Scenario?"),
    "bpmn.outcome?": ("Outcome?", "Uitkomst?"),
    "bpmn.tracks": ("Tracks", "Sporen"),
    "bpmn.join-name": ("Waits for the tracks", "Wacht op sporen"),
    "bpmn.waits-for": ("Waits for: {steps}", "Wacht op: {steps}"),
    "bpmn.outside": ("Outside this protocol: {regime}", "Buiten dit protocol: {regime}"),
    "bpmn.joins": (("Parallel tracks can come together here: when the step is already open, "
                   "protocolkit adds the second track to it (the step stays open once); a BPMN "
                   "engine starts a second task. See docs/bpmn.md."),
                   ("Parallelle sporen kunnen hier samenkomen: staat de stap al open, dan "
                   "voegt protocolkit het tweede spoor erbij (de stap blijft één keer open); "
                   "een BPMN-engine start een tweede taak. Zie docs/bpmn.md.")),
    "bpmn.requires": ("Requires: {condition}", "Vereist: {condition}"),
    "bpmn.from-case": ("the opening of the case", "de opening van de zaak"),
    "bpmn.from-ontvangst": ("the receipt of the report", "de ontvangst van de melding"),
    "bpmn.from-step": ("the completion of step {step}", "de afronding van stap {step}"),
    "bpmn.timer": (("The deadline runs from {start}; the timer counts from the opening of "
                    "the task."),
                   "De termijn loopt vanaf {start}; de timer telt vanaf het openen van de taak."),
    "export.written": ("{output}: {what}, {label}", "{output}: {what}, {label}"),
    "export.all": ("all scenarios", "alle scenario's"),
    "export.svg": ("SVG of the BPMN diagram", "SVG van het BPMN-diagram"),
    # ------------------------------------------------------------------ wegwijzer
    "weg.title": ("Integrity wegwijzer — {municipality}", "Wegwijzer integriteit — {municipality}"),
    "weg.intro": (("{title}, version {version} ({status}). Choose who you are and what it is "
                  "about; the page shows what you do now, whose move it is next and where that "
                  "is in the text. This page works without internet."),
                  ("{title}, versie {version} ({status}). Kies wie u bent en waar het om gaat; "
                  "de pagina laat zien wat u nu doet, wie daarna aan zet is en waar dat in de "
                  "tekst staat. Deze pagina werkt zonder internet.")),
    "weg.form": ("Your situation", "Uw situatie"),
    # the page without JavaScript (<noscript>): what it can show without the script
    "weg.noscript": (("This page needs JavaScript to show the answer for your choices, and "
                      "it is switched off. Below, for each reporter and subject, is who you "
                      "turn to first; the whole route is in the protocol itself ({title}, "
                      "version {version}), which the griffie can give you, and "
                      "`protocolkit route` prints it as plain text."),
                     ("Deze pagina heeft JavaScript nodig om het antwoord bij uw keuzes te "
                      "tonen, en dat staat uit. Hieronder staat per melder en betrokkene bij "
                      "wie u zich eerst meldt; de hele route staat in het protocol zelf "
                      "({title}, versie {version}), dat u bij de griffie kunt krijgen, en "
                      "`protocolkit route` geeft haar als platte tekst.")),
    "weg.noscript-first": ("First contact", "Eerste aanspreekpunt"),
    "weg.noscript-varies": ("depends on the situation: {who}",
                            "hangt af van de situatie: {who}"),
    "weg.noscript-none": ("not in this protocol", "niet in dit protocol"),
    "weg.sections": ("What the text says", "Wat de tekst zegt"),
    "weg.sections-intro": (("The articles and passages the answers above rest on, as the text "
                            "has them. Click a heading to open its text."),
                           ("De artikelen en passages waar de antwoorden hierboven op rusten, "
                            "letterlijk uit de tekst. Klik op een kop om de tekst te openen.")),
    "weg.section-missing": ("The protocol file does not hold the text of this part.",
                            "De tekst van dit onderdeel is niet in het protocolbestand opgenomen."),
    "weg.reporter": ("Who are you?", "Wie bent u?"),
    "weg.subject": ("Whom is it about?", "Over wie gaat het?"),
    "weg.act": ("Is it about an act that", "Gaat het om een handeling die"),
    "weg.act.voorgenomen": ("voorgenomen (has not happened yet)",
                            "voorgenomen (nog niet gebeurd)"),
    "weg.act.uitgevoerd": ("uitgevoerd (has happened)", "uitgevoerd (al gebeurd)"),
    "weg.own": ("it is about my own act", "het gaat om mijn eigen handelen"),
    "weg.show": ("Show", "Toon"),
    "weg.nobody": ("nobody assigned", "niemand aangewezen"),
    "weg.no-combination": ("This combination does not occur in the protocol.",
                           "Deze combinatie komt in het protocol niet voor."),
    "weg.not-here": ("Not in this protocol", "Niet in dit protocol"),
    "weg.go-to": ("Where you can go: {to}", "Waar u terecht kunt: {to}"),
    "weg.now": ("What do you do now?", "Wat doet u nu?"),
    "weg.outside": ("This falls outside the protocol: {text}", "Dit valt buiten het protocol: {text}"),
    "weg.whose-move": ("Whose move it is: {who}", "Wie is aan zet: {who}"),
    "weg.with": ("; with: {who}", "; met: {who}"),
    "weg.route": ("The route", "De route"),
    "weg.who": ("Who: {who}", "Wie: {who}"),
    "weg.counterpart": ("With: {who}", "Met: {who}"),
    "weg.deadline": ("Deadline: {deadline}", "Termijn: {deadline}"),
    "weg.heard": ("Is heard: {who}", "Wordt gehoord: {who}"),
    "weg.consulted": ("Consulted: {who}", "Geraadpleegd: {who}"),
    "weg.informed": ("Informed: {who}", "Geïnformeerd: {who}"),
    "weg.still-open": ("Still open: {question}", "Nog open: {question}"),
    "weg.still-open-lower": ("still open: {question}", "nog open: {question}"),
    "weg.to-step": (" → step {n}", " → stap {n}"),
    "weg.onward": ("onward", "verder"),
    "weg.also-runs": ("; also running: step {steps}", "; daarnaast loopt: stap {steps}"),
    "weg.col.question": ("Question", "Vraag"),
    "weg.col.who": ("Who", "Wie"),
    "weg.col.source": ("Source", "Bron"),
    "weg.who-does-what": ("Who does what", "Wie doet wat"),
    "weg.silent": ("Who must stay silent, and until when?", "Wie moet zwijgen, en tot wanneer?"),
    "weg.no-silence": ("The protocol imposes silence on nobody here.",
                       "Het protocol legt hier niemand een zwijgplicht op."),
    "weg.readings": ("Where the text allows two readings", "Waar de tekst twee lezingen toelaat"),
    "weg.reading": ("{question} Chosen: {chosen} Why: {reason}",
                    "{question} Gekozen: {chosen} Waarom: {reason}"),
    "weg.refused.own-needs-subject": (("Own act is only possible when you yourself are the "
                                      "subject."),
                                      "Eigen handelen kan alleen als u zelf de betrokkene bent."),
    "weg.refused.only-one": (("There is only one {subject} (one person or one body): they "
                             "cannot report a colleague in the same role."),
                             ("Er is maar één {subject} (één persoon of één orgaan): die kan "
                             "geen collega in dezelfde rol melden.")),
    "weg.refused.excluded": ("This protocol does not cover this situation.",
                             "Dit protocol regelt deze situatie niet."),
    "weg.refused.no-first-step": ("The protocol names no first step for this situation.",
                                  "Het protocol wijst voor deze situatie geen eerste stap aan."),
    "diagram.all-routes": ("all routes", "alle routes"),
    "diagram.waits-for": ("waits for: {tracks}", "wacht op: {tracks}"),
    "diagram.condition": ("if {fact} {how} {period} old [{sources}]",
                          "als {fact} {how} {period} oud [{sources}]"),
    # a step whose answer a concept leaves open without a proposal (present.diagram)
    "diagram.open": ("{actor}; still open: {points}", "{actor}; nog open: {points}"),
    "diagram.at-once": (" (at the same time)", " (tegelijk)"),
    # ------------------------------------------------------------------ simulate, cases
    "sim.weekdays": ("Mon Tue Wed Thu Fri Sat Sun", "ma di wo do vr za zo"),
    "sim.view-unknown": ("For {role}: no case known (this role may not know of it now).",
                         "Voor {role}: geen zaak bekend (deze rol mag er nu niet van weten)."),
    "sim.view-head": ("For {role}: case {case}, opened {date}",
                      "Voor {role}: zaak {case}, geopend {date}"),
    "sim.view-who": ("  reporter: {melder}; subject: {subject}",
                     "  melder: {melder}; betreft: {subject}"),
    "sim.course": ("Course:", "Verloop:"),
    "sim.not-applied-one": (("event {first} was not applied: the case stops at the "
                             "refused event {refused}"),
                            ("gebeurtenis {first} is niet verwerkt: de zaak stopt bij de "
                             "geweigerde gebeurtenis {refused}")),
    "sim.not-applied": (("events {first} to {last} were not applied: the case stops at "
                         "the refused event {refused}"),
                        ("gebeurtenissen {first} tot en met {last} zijn niet verwerkt: de "
                         "zaak stopt bij de geweigerde gebeurtenis {refused}")),
    "sim.by": ("{step} by {actor}", "{step} door {actor}"),
    "sim.outcome-on": (": {outcome} on {date}", ": {outcome} op {date}"),
    "sim.open-for-you": ("Open for you: {step} - {title} (who: {who})",
                         "Open voor u: {step} - {title} (wie: {who})"),
    "sim.due-by": (", due {date}", ", uiterlijk {date}"),
    "sim.closed": ("The case is closed.", "De zaak is afgesloten."),
    "sim.you": ("you", "u"),
    "sim.not-silent": ("As of {date} the protocol imposes no silence on you.",
                       "Per {date} legt het protocol u geen zwijgplicht op."),
    "sim.silent-withheld": (("Silent towards {audience}: you, as of {date} (what ends it "
                             "is not among what you may know)"),
                            ("Zwijgen tegenover {audience}: u, per {date} (wat het beeindigt "
                             "valt buiten wat u mag weten)")),
    "sim.head": ("Case {municipality}: {scenario}", "Zaak {municipality}: {scenario}"),
    "sim.opened": ("  opened {date} (route according to {route}); as of {as_of}",
                   "  geopend {date} (route volgens {route}); stand per {as_of}"),
    "sim.received": ("  received {date} (registered {opened})",
                     "  ontvangen {date} (geregistreerd {opened})"),
    "sim.facts": ("  facts: {facts}", "  feiten: {facts}"),
    "sim.fact-recorded": ("  fact recorded on {date}: {fact} = {value}",
                          "  feit vastgelegd op {date}: {fact} = {value}"),
    # {ids}: each substitution in words (present.phrases.substitution_words)
    "sim.substitution": ("  substitution: {ids}", "  vervanging: {ids}"),
    "sim.stands-in": ("{by} in place of {replaces}{where} [{sources}]",
                      "{by} in plaats van {replaces}{where} [{sources}]"),
    "sim.stands-in-where": (", only in {where}", ", alleen in {where}"),
    "sim.withdrawn": ("  [withdrawn by correction {event}]",
                      "  [ingetrokken door correctie {event}]"),
    "sim.ended": ("Closed on {date} in step '{title}'", "Afgesloten op {date} in stap '{title}'"),
    "sim.open": ("Open: {step} - {title}  [{kind}, {phase}]",
                 "Open: {step} - {title}  [{kind}, {phase}]"),
    "sim.since": ("   Open since: {date}", "   Open sinds: {date}"),
    "sim.due": ("   Due: {date} ({deadline}", "   Uiterlijk: {date} ({deadline}"),
    "sim.runs-from": ("; runs from {date} ({rule})", "; loopt vanaf {date} ({rule})"),
    "sim.runs.ontvangst": ("receipt of the report", "ontvangst van de melding"),
    "sim.runs.case": ("registration of the case", "registratie van de zaak"),
    "sim.runs.after": ("completion of {step}", "afronding van {step}"),
    "sim.overdue": (" - OVERDUE", " - TE LAAT"),
    "cases.store": ("store {store}: {cases}", "opslag {store}: {cases}"),
    "cases.row": ("{id}  {municipality}  {status}  version {version}  open: {steps}  due: {due}",
                  ("{id}  {municipality}  {status}  versie {version}  open: {steps}  "
                  "uiterlijk: {due}")),
    "cases.fact": ("fact {fact} = {value}", "feit {fact} = {value}"),
    "migrate.event-refused": (("case '{case}' cannot move from {ruleset} to {municipality} "
                               "{version}: {error}. What changed: {changes}"),
                              ("zaak '{case}' kan niet van {ruleset} naar {municipality} "
                               "{version}: {error}. Wat er veranderde: {changes}")),
    "migrate.change": ("{kind} '{id}' {change}{fields}", "{kind} '{id}' {change}{fields}"),
    "migrate.added": ("added", "toegevoegd"),
    "migrate.removed": ("removed", "verwijderd"),
    "migrate.changed": ("changed", "gewijzigd"),
    "migrate.and-more": ("{changes}; and {count} more", "{changes}; en nog {count}"),
    "migrate.same-ids": (("the diff names no structural change, and the step and outcome "
                          "ids are the same"),
                         ("de vergelijking noemt geen verschil in opbouw, en de ids van de "
                          "stappen en uitkomsten zijn gelijk")),
    "migrate.renamed-ids": (("the diff names no structural change (it ignores ids), but "
                             "ids of the old version are missing from the new one: {gone}; "
                             "new ids: {added}"),
                            ("de vergelijking noemt geen verschil in opbouw (ze negeert "
                             "ids), maar ids van de oude versie ontbreken in de nieuwe: "
                             "{gone}; nieuwe ids: {added}")),
    "cases.migration": ("  -  {date} to version {version} ({ruleset})",
                        "  -  {date} naar versie {version} ({ruleset})"),
    "cases.changed": ("; changed: {changes}", "; gewijzigd: {changes}"),
    "cases.overdue": ("  OVERDUE", "  TE LAAT"),
    "cases.none": ("no cases", "geen zaken"),
    "cases.correction": ("correction of {event}", "correctie van {event}"),
    "cases.by": (" by {who}", " door {who}"),
    "cases.at": (" at {when}", " om {when}"),
    "cases.head": ("Case {id} (version {version})", "Zaak {id} (versie {version})"),
    "cases.log": ("Log:", "Logboek:"),
    # ------------------------------------------------------------------ refusals (semantics.Refusal)
    "refusal.message": ("{municipality} does not answer '{scenario}': {detail}",
                        "{municipality} geeft geen antwoord voor '{scenario}': {detail}"),
    "refusal.own-label": ("{scenario}, own act", "{scenario}, eigen handelen"),
    "refusal.detail": ("{reason}{more}", "{reason}{more}"),
    "refusal.own-needs-subject": ("eigen handelen needs the reporter to be the subject",
                                  "eigen handelen kan alleen als de melder zelf de betrokkene is"),
    "refusal.only-one": (("there is only one {subject} (a single role or a body), so it cannot "
                         "report a colleague in the same role"),
                         ("er is maar één {subject} (één persoon of één orgaan), die dus geen "
                         "collega in dezelfde rol kan melden")),
    "refusal.no-own": ("this protocol covers no eigen handelen",
                       "dit protocol regelt geen eigen handelen"),
    "refusal.only-own": ("this protocol covers no reports about others",
                         "dit protocol regelt geen meldingen over anderen"),
    "refusal.excluded": ("the protocol excludes this situation",
                         "het protocol sluit deze situatie uit"),
    # an exclusion under an open point (Exclusion.open): the concept proposes it
    "refusal.excluded-open": ("the concept excludes this situation for now",
                              "het concept sluit deze situatie voorlopig uit"),
    "refusal.no-entry": ("no entry route of the protocol serves this situation",
                         "geen ingang van het protocol past bij deze situatie"),
    "refusal.every-value": ("it is refused whatever its {missing}: {parts}",
                            "dit wordt geweigerd wat {missing} ook is: {parts}"),
    "refusal.part": ("{values}: {detail}", "{values}: {detail}"),
    "refusal.sends-to": ("; the text sends it elsewhere: {to}{sources}",
                         "; volgens de tekst hoort het elders: {to}{sources}"),
    # an exclusion resting on a reading (Exclusion.reading): both readings, then the reason
    "refusal.rests-on-reading": (("; this rests on a choice between readings ({id}): "
                                  "{question} Chosen ({chosen_id}): {chosen} The other "
                                  "reading ({other_ids}): {others} {to}{sources}"),
                                 ("; dit rust op een keuze tussen lezingen ({id}): "
                                  "{question} Gekozen ({chosen_id}): {chosen} De andere "
                                  "lezing ({other_ids}): {others} {to}{sources}")),
    "refusal.sends-to-open": (("; where it belongs is still open in the concept: "
                               "{to}{sources}"),
                              "; waar het hoort, is in het concept nog open: {to}{sources}"),
    "refusal.sources": (" [{sources}]", " [{sources}]"),
    # an exclusion a concept leaves open (Exclusion.open): the refusal is no settled "no"
    "refusal.open": ("{said}; {open}", "{said}; {open}"),
    "refusal.open-point": ("still open ({id}): {question}", "nog open ({id}): {question}"),
    # the proposal of an open exclusion is the exclusion itself
    "refusal.open-proposal": (("{points}; proposal (taken from {origin}): to leave this "
                               "situation out"),
                              ("{points}; voorstel (ontleend aan {origin}): deze situatie "
                               "uitsluiten")),

    "refusal.entry": (" (scenarios.exclude entry {n})", " (scenarios.exclude, item {n})"),
    "refusal.hint-own-subject": (("eigen handelen of {reporter}: give --subject {reporter}; "
                                 "a report about {subject}: leave out --own"),
                                 ("eigen handelen van {reporter}: geef --subject {reporter}; "
                                 "een melding over {subject}: laat --own weg")),
    "refusal.hint-add-own": ("about an own act of {subject}? add --own",
                             "gaat het om eigen handelen van {subject}? voeg --own toe"),
    "refusal.hint-drop-own": ("leave out --own: this protocol covers reports about others",
                              "laat --own weg: dit protocol regelt meldingen over anderen"),
    "refusal.hint-only-own": (("this protocol covers only eigen handelen: give --own with the "
                              "reporter as subject"),
                              ("dit protocol regelt alleen eigen handelen: geef --own met de "
                              "melder als betrokkene")),
    "refusal.hint-answered": ("the protocol does answer '{scenario}'",
                              "het protocol geeft wel antwoord voor '{scenario}'"),
    "refusal.hint-answered-open": ("the concept does answer '{scenario}'",
                                   "het concept geeft wel antwoord voor '{scenario}'"),
    # ------------------------------------------------------------------ scenario tests (protocolkit test)
    "t.refused": ("expected {expected}; but {message}", "verwacht {expected}; maar {message}"),
    "t.pass-open": ("PASS, BUT OPEN", "GESLAAGD, MAAR OPEN"),
    "t.rests-on": (("passed, but rests on open point {points}: the protocol has not yet "
                    "settled what the test checks"),
                   ("geslaagd, maar rust op open punt {points}: wat de test controleert "
                    "staat in het protocol nog niet vast")),
    "t.rests-ons": (("passed, but rests on open points {points}: the protocol has not yet "
                     "settled what the test checks"),
                    ("geslaagd, maar rust op open punten {points}: wat de test controleert "
                     "staat in het protocol nog niet vast")),
    "t.totals-open": (("{passed} passed, {on_open} passed on open points, {failed} failed"),
                      ("{passed} geslaagd, {on_open} geslaagd op open punten, "
                       "{failed} mislukt")),
    "t.answer": ("{question}: {roles}", "{question}: {roles}"),
    "t.expect-empty": (("'{hollow}' names nothing to check, so the test would pass whatever "
                        "the protocol says; give at least one of: {keys}"),
                       ("'{hollow}' noemt niets om te controleren, zodat de test slaagt wat "
                        "het protocol ook zegt; geef ten minste één van: {keys}")),
    "t.actors-one-way": (("say how the actors act with exactly one of 'together' (a joint "
                          "step: all of them together) and 'any_of' (a choice: one or more "
                          "of them, \"en/of\")"),
                         ("zeg hoe de handelenden handelen met precies één van 'together' "
                          "(samen: allen tegelijk) en 'any_of' (een keuze: een of meer van "
                          "hen, \"en/of\")")),
    "t.actors-two": (("name every actor of the step, two different roles or more (one "
                      "actor is written as the role alone)"),
                     ("noem elke handelende van de stap, twee verschillende rollen of meer "
                      "(één handelende schrijft u als de rol alleen)")),
    "t.test-has-errors": (("this test has a mistake of its own (see above) and was not run; "
                          "the other tests were"),
                          ("deze test bevat zelf een fout (zie boven) en is niet uitgevoerd; "
                          "de andere tests wel")),
    "t.needs-opened": ("a case needs 'opened:' or at least one event to date it",
                       "een zaak vraagt 'opened:' of minstens één gebeurtenis met een datum"),
    "t.event-refused": ("expected every event to be accepted, but {why}",
                        "verwacht dat elke gebeurtenis wordt aanvaard, maar {why}"),
    "t.key.responsibilities": ("answers to the six questions", "antwoorden op de zes vragen"),
    "t.key.responsibilities.out_of_scope": ("outside this protocol", "buiten dit protocol"),
    "t.key.open_steps": ("open steps", "open stappen"),
    "t.key.actors": ("who acts in step '{step}'", "wie handelt in stap '{step}'"),
    "t.key.informed": ("who is informed in step '{step}'", "wie wordt geïnformeerd in stap '{step}'"),
    "t.key.due": ("due date of step '{step}'", "uiterste datum van stap '{step}'"),
    "t.key.overdue": ("overdue steps", "te late stappen"),
    "t.key.closed": ("case closed", "zaak afgesloten"),
    "t.key.ended_in": ("closed in step", "afgesloten in stap"),
    "t.key.passes_kinds": ("kinds of step passed", "doorlopen soorten stappen"),
    "t.key.refused": ("an event refused", "een gebeurtenis geweigerd"),
    "t.key.events": ("events", "gebeurtenissen"),
    # ------------------------------------------------------------------ a value of the wrong form (invalid-value)
    "schema.bool": ("the value must be true or false, not {value}",
                    "de waarde moet true of false zijn, niet {value}"),
    "schema.hint-bool": ("write true or false", "schrijf true of false"),
    "schema.int": ("the value must be a whole number, not {value}",
                   "de waarde moet een geheel getal zijn, niet {value}"),
    "schema.hint-int": ("write it in digits, e.g. 10", "schrijf het in cijfers, bijvoorbeeld 10"),
    "schema.number": ("the value must be a number, not {value}",
                      "de waarde moet een getal zijn, niet {value}"),
    "schema.hint-number": ("write it in digits, e.g. 2.5", "schrijf het in cijfers, bijvoorbeeld 2.5"),
    "schema.str": ("the value must be text, not {value}",
                   "de waarde moet tekst zijn, niet {value}"),
    "schema.hint-str": ('put it between quotes: "…"', 'zet het tussen aanhalingstekens: "…"'),
    "schema.list": ("the value must be a list, not {value}",
                    "de waarde moet een lijst zijn, niet {value}"),
    "schema.hint-list": ("write [a, b], or one '- item' per line",
                         "schrijf [a, b], of per regel '- item'"),
    "schema.mapping": ("the value must be a block of fields, not {value}",
                       "de waarde moet een blok met velden zijn, niet {value}"),
    "schema.hint-mapping": ("for example {example}", "bijvoorbeeld {example}"),
    "schema.date": ("the value must be a date YYYY-MM-DD, not {value}",
                    "de waarde moet een datum JJJJ-MM-DD zijn, niet {value}"),
    "schema.hint-date": ("e.g. 2026-01-31", "bijvoorbeeld 2026-01-31"),
    "schema.moment-not-set-with-from": (
        ("'moment_not_set: true' says the text sets no moment, so the rule has no "
         "'from_step': give one or the other"),
        ("'moment_not_set: true' zegt dat de tekst geen moment bepaalt, dus heeft de regel "
         "geen 'from_step': kies het een of het ander")),
    "schema.imposer-missing": (
        ("a sanction names who imposes it in 'imposed_by'; where the text does not say, "
         "write 'imposer_not_set: true'"),
        ("een sanctie noemt in 'imposed_by' wie haar oplegt; zegt de tekst dat niet, schrijf "
         "dan 'imposer_not_set: true'")),
    "schema.imposer-not-set-with-roles": (
        ("'imposer_not_set: true' says the text does not set who imposes the sanction, so "
         "'imposed_by' stays empty: keep one or the other"),
        ("'imposer_not_set: true' zegt dat de tekst niet bepaalt wie de sanctie oplegt, dus "
         "blijft 'imposed_by' leeg: kies het een of het ander")),
    "schema.subject-seat-without-bodies": (
        ("'subject_seat_only: true' replaces the seat the subject holds in a body: name the "
         "body under 'bodies'"),
        ("'subject_seat_only: true' vervangt de zetel van de betrokkene in een orgaan: noem "
         "dat orgaan onder 'bodies'")),
    "schema.if-possible-without-bodies": (
        ("'if_possible: true' shows the substitute in a body's composition as \"only if "
         "possible\": name the body under 'bodies'"),
        ("'if_possible: true' toont de vervanger in de samenstelling van een orgaan als "
         "\"zo mogelijk\": noem dat orgaan onder 'bodies'")),
    "schema.named-only-with-bodies": (
        ("'named_only: true' reaches no member of a body and 'bodies' only members of "
         "those bodies: keep one or the other"),
        ("'named_only: true' bereikt geen lid van een orgaan en 'bodies' alleen leden van "
         "die organen: kies het een of het ander")),
    "schema.imposer-not-set-offered": (
        ("'offered: true' says who offers the measure (its 'imposed_by'), and "
         "'imposer_not_set: true' that the text names no one: keep one or the other"),
        ("'offered: true' zegt wie de maatregel aanbiedt (de 'imposed_by'), en "
         "'imposer_not_set: true' dat de tekst niemand noemt: kies het een of het ander")),
    "schema.moment-not-set-silence": (
        ("'moment_not_set: true' is for a rule that allows speaking: a silence "
         "('allowed: false') has no moment to speak"),
        ("'moment_not_set: true' hoort bij een regel die spreken toestaat: een zwijgplicht "
         "('allowed: false') heeft geen moment om te spreken")),
    "schema.no-citation": (("cites no section: every rule-carrying element cites at least "
                            "one section of the source, declared under sections:"),
                           ("citeert geen enkele sectie: elk element met een regel citeert "
                            "ten minste één sectie van de bron, gedeclareerd onder sections:")),
    "schema.empty": ("the value must not be empty", "de waarde mag niet leeg zijn"),
    "schema.given-list": ("a list", "een lijst"),
    "schema.given-mapping": ("a block of fields", "een blok met velden"),
    "schema.given-nothing": ("empty", "leeg"),
    "schema.hint-empty": ("write the value, or leave out the field if it is optional",
                          "vul de waarde in, of laat het veld weg als het niet verplicht is"),
    "schema.gt": ("the value must be greater than {limit}, not {value}",
                  "de waarde moet groter zijn dan {limit}, niet {value}"),
    "schema.ge": ("the value must be at least {limit}, not {value}",
                  "de waarde moet minstens {limit} zijn, niet {value}"),
    "schema.lt": ("the value must be less than {limit}, not {value}",
                  "de waarde moet kleiner zijn dan {limit}, niet {value}"),
    "schema.le": ("the value must be at most {limit}, not {value}",
                  "de waarde mag hoogstens {limit} zijn, niet {value}"),
    # ------------------------------------------------------------------ YAML that cannot be read (yaml-syntax)
    "yaml.indent": ("this line is indented differently from the lines above it",
                    "deze regel springt anders in dan de regels erboven"),
    "yaml.hint-indent": (("indent the fields of one block equally far, with spaces; a field "
                         "of the block above as far as that block's fields"),
                         ("zet de velden van één blok precies even ver in, met spaties; een "
                         "veld van het blok erboven even ver als de velden daarvan")),
    "yaml.list": ("this line is in a list but does not start with '- '",
                  "deze regel staat in een lijst, maar begint niet met '- '"),
    "yaml.hint-list": (("start every item of the list with '- ' at the same indentation; a "
                       "line that is no item goes as far left as the field above the list"),
                       ("begin elk item van de lijst met '- ' op dezelfde inspringing; een "
                       "regel die geen item is, zet u even ver in als het veld boven de lijst")),
    "yaml.colon": ("a colon followed by a space inside a value",
                   "een dubbele punt met een spatie erna midden in een waarde"),
    "yaml.hint-colon": (("put the value between quotes; if a new field starts here, indent it "
                        "as far as the fields above it"),
                        ("zet de waarde tussen aanhalingstekens; begint hier een nieuw veld, zet "
                        "het dan even ver in als de velden erboven")),
    "yaml.no-colon": ("a line without a colon where a field (name: value) is expected",
                      "een regel zonder dubbele punt waar een veld (naam: waarde) wordt verwacht"),
    "yaml.hint-no-colon": ("write name: value, or put running text between quotes",
                           "schrijf naam: waarde, of zet doorlopende tekst tussen aanhalingstekens"),
    "yaml.token": ("a value starts with a character YAML does not allow there (such as @ or `)",
                   ("een waarde begint met een teken dat YAML daar niet toestaat (zoals @ of "
                   "`)")),
    "yaml.hint-token": ("put the value between quotes", "zet de waarde tussen aanhalingstekens"),
    "yaml.quote": ("a quoted text is not closed", "een tekst tussen aanhalingstekens is niet gesloten"),
    "yaml.hint-quote": ("close the text with the same quote it opens with",
                        "sluit de tekst af met hetzelfde aanhalingsteken als waarmee hij begint"),
    "yaml.bracket": ("a bracket [ or {{ is not closed properly",
                     "een haakje [ of {{ is niet goed gesloten"),
    "yaml.hint-bracket": (("close every [ with ] and every {{ with }}, with commas between the "
                          "items"),
                          "sluit elk [ met ] en elk {{ met }}, met komma's tussen de items"),
    # ------------------------------------------------------------------ relations between roles (diagnostics.relation_chain)
    "v.scenario": ("scenario: {label}", "situatie: {label}"),
    "usage.is-folder-input": ("{path} is a folder, not a file: give a file in it",
                              "{path} is een map, geen bestand: geef een bestand daarin"),
    "usage.not-regular": ("{path} is not a regular file but {what}: give a file",
                          "{path} is geen gewoon bestand maar {what}: geef een bestand"),
    "file.kind.folder": ("a folder", "een map"),
    "file-not-regular": ("cannot read the {fmt}: it is not a regular file but {what}",
                         "het {fmt} is niet te lezen: het is geen gewoon bestand maar {what}"),
    "file.kind.device": ("a device", "een apparaat"),
    "file.kind.fifo": ("a named pipe (FIFO)", "een named pipe (FIFO)"),
    "file.kind.socket": ("a socket", "een socket"),
    "file.kind.other": ("something else", "iets anders"),
    "usage.unknown-question": ("--question '{value}' is not one of the six questions{listed}",
                               "--question '{value}' is geen van de zes vragen{listed}"),
    "yaml-type.list": ("list", "lijst"),
    "yaml-type.str": ("text", "tekst"),
    "yaml-type.int": ("number", "getal"),
    "yaml-type.float": ("number", "getal"),
    "yaml-type.bool": ("true/false value", "waarde true of false"),
    "rel.chain": ("{before} {rel} {whom}", "{before} {rel} {whom}"),
    "rel.chain-more": ("{before}, {rel} {whom}", "{before}, {rel} {whom}"),
    "rel.is": ("is itself", "is zelf"),
    "rel.is.then": ("who is itself", "die zelf is"),
    "rel.accountable_to": ("is accountable to", "legt verantwoording af aan"),
    "rel.accountable_to.then": ("who is accountable to", "die verantwoording aflegt aan"),
    "rel.employed_by": ("is employed by", "is in dienst van"),
    "rel.employed_by.then": ("who is employed by", "die in dienst is van"),
    "rel.part_of": ("is part of", "maakt deel uit van"),
    "rel.part_of.then": ("which is part of", "die deel uitmaakt van"),
    "rel.members": ("has as a member", "heeft als lid"),
    "rel.members.then": ("which has as a member", "die als lid heeft"),
    "rel.optional_members": ("has as an optional member", "heeft desgewenst als lid"),
    "rel.optional_members.then": ("which has as an optional member",
                                  "die desgewenst als lid heeft"),
}


#: What stands between citations in every output: a citation often holds a comma itself
#: ("Stap 4, realisatie"; "Fase 2, 1.1, scenario 3"), so a list of them never uses one.
CITATION_SEPARATOR = "; "


def citation_text(sources: Iterable[str]) -> str:
    """Citations as one text, the one way every command and page writes them.

    >>> citation_text(["Stap 4, realisatie", "Arnhem voetnoot 2"])
    'Stap 4, realisatie; Arnhem voetnoot 2'
    """
    return CITATION_SEPARATOR.join(sources)


def period_words(described: str, lang: str = "nl") -> str:
    """A period or deadline as the model describes it (``10 werkdagen na ontvangst``,
    ``4 jaar``) with its leading amount and unit in ``lang``; the rest as it is.

    >>> period_words("10 werkdagen na ontvangst", "en")
    '10 working days na ontvangst'
    >>> period_words("1 jaar", "en"), period_words("4 jaar", "nl")
    ('1 year', '4 jaar')
    """
    if lang == "nl":
        return described
    amount, _, rest = described.partition(" ")
    unit, space, tail = rest.partition(" ")
    if not amount.isdigit():
        return described
    key = "unit.jaar1" if unit == "jaar" and amount == "1" else f"unit.{unit}"
    if key not in TEXTS:
        return described
    return f"{amount} {text(key, lang)}{space}{tail}"


def text(key: str, lang: str | None = None, /, **args: Any) -> str:
    """The text ``key`` in ``lang`` (``nl`` or ``en``; ``None``: :func:`resolve_lang`)
    with its arguments filled in."""
    en, nl = TEXTS[key]
    if lang is None:
        lang = resolve_lang()
    return (nl if lang == "nl" else en).format(**args)
