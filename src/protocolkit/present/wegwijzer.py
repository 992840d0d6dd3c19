"""The wegwijzer: one offline page on which a person finds their way through a protocol.

Reports stage, beside :mod:`protocolkit.present.report`. A raadslid, wethouder, burgemeester,
griffier or burger picks who they are, who it is about, intended or done (and the
protocol's own attributes) and reads, in Dutch: what to do now and with whom, the
route ahead with who acts, deadlines, who is heard, who must stay silent until when,
what the concept still leaves open, and the sections each answer rests on with their
text (collapsed, under "Wat de tekst zegt"; :func:`cited_sections`). A situation
the protocol does not cover says where the text sends it instead.

The page's data is exactly what :func:`protocolkit.semantics.responsibilities` and
:func:`protocolkit.api.route` answer, for every combination of choices (identical
answers, routes and steps are stored once and referred to by number), embedded as JSON
in a data block, with who must stay silent as the sentence every output writes
(``present.phrases.silence_sentence``); a small inline script shows it. Nothing is fetched: no network, no
CDN, and a Content-Security-Policy that allows only the page's own script and style
(by their SHA-256 hashes).

>>> from protocolkit.format.loader import load_protocol
>>> p = load_protocol("tests/data/minimal.yaml").protocol
>>> data = wegwijzer_data(p)
>>> cell = data["cells"][cell_key("raadslid", "burgemeester", "uitgevoerd", False, [])]
>>> answers(data, cell)["decides_follow_up"]
['cvdk']
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
from typing import Any

from protocolkit.format import escape
from protocolkit.format.model import Protocol, citations
from protocolkit.format.texts import TEXTS, text
from protocolkit.format.vocabulary import NOT_ASSIGNED, SIX_QUESTIONS, not_assigned
from protocolkit.present.phrases import deadline_words
from protocolkit.semantics import Refusal, Scenario


def cell_key(reporter: str, subject: str, act: str, own: bool, values: list[str]) -> str:
    """The key of one combination of choices (protocol role ids, attribute values in the
    order the protocol declares its attributes)."""
    return "|".join([reporter, subject, act, "1" if own else "0", *values])


def refusal_nl(why: Refusal, subject: str, lang: str = "nl") -> str:
    """Why the protocol gives no route here, in Dutch (or in English)."""
    kind = why.kind
    if kind == "own-needs-subject":
        return text("weg.refused.own-needs-subject", lang)
    if kind == "only-one":
        return text("weg.refused.only-one", lang, subject=subject)
    if kind in ("no-own", "only-own"):
        # The page offers only the own values the protocol covers; for any other
        # caller, the refusal's own words (``refusal.no-own``), as every command says it.
        said = why.reason_text().render(lang)
        return f"{said[:1].upper()}{said[1:]}."
    if why.entry_index is not None:
        return text("weg.refused.excluded", lang)
    return text("weg.refused.no-first-step", lang)


#: The texts the page's script writes (its frame, and the silence sentence shared with
#: every other output), embedded in the chosen language as templates.
PAGE_TEXTS: tuple[str, ...] = (
    "common.and", "common.and-or", "common.instead-of", "common.confidential", "common.proposal",
    "common.reservation", "common.optionally",
    *(k for k in TEXTS if k.startswith(("weg.", "silence.")) and not k.startswith("weg.refused.")))


class _Table:
    """Identical JSON values stored once: ``add`` gives the number of a value."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._index: dict[str, int] = {}

    def add(self, value: Any) -> int:
        text = json.dumps(value, sort_keys=True, ensure_ascii=False)
        if text not in self._index:
            self._index[text] = len(self.items)
            self.items.append(value)
        return self._index[text]


def wegwijzer_data(protocol: Protocol, lang: str = "nl") -> dict[str, Any]:
    """Everything the page shows, as JSON-able data (see the module docstring); ``lang``
    is the language of the page's words (``nl``, the default, or ``en``)."""
    from protocolkit.api import route
    from protocolkit.present.phrases import merged_silences, silence_sentence
    from protocolkit.semantics import refusal, responsibilities

    space = protocol.scenarios
    names = list(space.attributes)
    answers_table, routes_table, steps_table = _Table(), _Table(), _Table()
    silence_table = _Table()
    cells: dict[str, Any] = {}
    combos = list(itertools.product(*(space.attributes[n] for n in names))) or [()]
    for reporter, subject, act, own, combo in itertools.product(
            space.reporters, space.subjects, space.acts, space.own, combos):
        values = [str(v) for v in combo]
        key = cell_key(reporter, subject, act, own, values)
        scenario = Scenario(reporter, subject, act, own, dict(zip(names, values, strict=True)))
        why = refusal(protocol, scenario)
        if why is not None:
            refused = refusal_nl(why, subject, lang)
            if why.reading is not None:
                # resting on a reading, the text sends it nowhere: both readings are said,
                # as every command says them, and no "Waar u terecht kunt"
                detail = why.detail_text().render(lang)
                refused = f"{detail[:1].upper()}{detail[1:]}"
            cells[key] = {"refused": {"text": refused,
                                      "sends_to": None if why.reading else why.sends_to,
                                      "source": list(why.source)}}
            continue
        found = responsibilities(protocol, scenario).to_dict()
        way = route(protocol, scenario).to_dict()
        found.pop("scenario")
        way.pop("scenario")
        # Who must stay silent, as every output says it (present.phrases): one sentence
        # per silence as a reader meets it (merged where one office is melder and
        # betrokkene), its ends named by their number on this route; a concept's
        # proposed silence is marked in the text as the answers are, and carries its
        # ``proposal`` and ``open_points`` as they do.
        numbers = {step["id"]: step["number"] for step in way["steps"]}
        said = [
            {"ids": merged["ids"],
             "text": silence_sentence(merged, lang, cite=False, numbers=numbers),
             "source": merged["source"], "open_points": merged["open_points"],
             "proposal": merged.get("proposal")}
            for merged in merged_silences(found["silent"])]
        way["steps"] = [steps_table.add(step) for step in way["steps"]]
        cells[key] = {"answers": answers_table.add(found), "route": routes_table.add(way),
                      "silences": silence_table.add(said), "scenario": scenario.to_dict()}
    roles = {r.id: {"name": r.name, "shared": protocol.shared_id(r.id)} for r in protocol.roles}
    meta = protocol.protocol
    return {
        "protocol": {"title": meta.title, "municipality": meta.municipality,
                     "version": meta.version, "status": meta.status},
        "choices": {"reporters": list(space.reporters), "subjects": list(space.subjects),
                    "acts": list(space.acts), "own": list(space.own),
                    "attributes": {n: list(space.attributes[n]) for n in names},
                    # The question each attribute asks, in the protocol's words.
                    "labels": {n: space.labels.get(n, n) for n in names}},
        "roles": roles,
        "questions": [{"key": q.key, "label": q.label if lang == "nl" else q.heading_in(lang)}
                      for q in SIX_QUESTIONS],
        "texts": {k: TEXTS[k][1 if lang == "nl" else 0] for k in PAGE_TEXTS},
        # Each deadline of a route as the API writes it, in the page's language.
        "deadlines": {d: deadline_words(d, lang) for d in sorted(
            {str(step["deadline"]) for step in steps_table.items if step.get("deadline")})},
        "sections": {s.id: {"title": s.title, "document": s.document, "text": s.text}
                     for s in protocol.sections},
        "open_points": {p.id: {"topic": p.topic, "question": p.question,
                               "source": citations(p.source)} for p in protocol.open_points},
        "cells": cells,
        "answers": answers_table.items,
        "routes": routes_table.items,
        # A step the text assigns to nobody: said in the page's language.
        "steps": [{**step, "actor": not_assigned(lang)} if step.get("actor") == NOT_ASSIGNED
                  else step for step in steps_table.items],
        "silences": silence_table.items,
    }


def answers(data: dict[str, Any], cell: dict[str, Any]) -> dict[str, Any]:
    """A cell's answers as :meth:`Responsibilities.to_dict` gives them."""
    return {"scenario": cell["scenario"], **data["answers"][cell["answers"]]}


def route_of(data: dict[str, Any], cell: dict[str, Any]) -> dict[str, Any]:
    """A cell's route as :meth:`protocolkit.api.Route.to_dict` gives it."""
    way = dict(data["routes"][cell["route"]])
    way["steps"] = [data["steps"][i] for i in way["steps"]]
    return {"scenario": cell["scenario"], **way}


def cited_sections(data: dict[str, Any], cell: dict[str, Any]) -> list[str]:
    """The sections the page cites for a cell, each once, in the order a reader meets
    them: where the route starts, each step of the route with its outcomes, the answers
    question by question, who must stay silent, the ambiguity notes; for a refused cell,
    where the text sends it. The page shows the text of each under "Wat de tekst zegt"
    (its script applies this same rule).

    >>> from protocolkit.format.loader import load_protocol
    >>> p = load_protocol("tests/data/minimal.yaml").protocol
    >>> data = wegwijzer_data(p)
    >>> cell = data["cells"][cell_key("raadslid", "burgemeester", "uitgevoerd", False, [])]
    >>> cited_sections(data, cell)[0]
    'art. 2'
    """
    if "refused" in cell:
        return list(dict.fromkeys(cell["refused"]["source"]))
    way = route_of(data, cell)
    found = answers(data, cell)
    ids: list[str] = list(way["entry_source"])
    for step in way["steps"]:
        ids += step["source"]
        for outcome in step["outcomes"]:
            ids += outcome["source"]
    for question in SIX_QUESTIONS:
        ids += found["sources"].get(question.key, [])
    for silence in found["silent"]:
        ids += silence["source"]
    for note in found["ambiguities"]:
        ids += note["source"]
    return [i for i in dict.fromkeys(ids) if i in data["sections"]]


def script_json(data: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element: no ``<``, ``>`` or ``&``
    (so no ``</script>`` and no ``<!--``), each written as a JSON escape.

    >>> script_json({"x": "</script><!--&"})
    '{"x": "\\\\u003c/script\\\\u003e\\\\u003c!--\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


_CSS = """
body{font-family:Helvetica,Arial,sans-serif;max-width:960px;margin:1.5em auto;padding:0 1em;
color:#1d1d1b;line-height:1.5;font-size:17px}
h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.25em;border-bottom:2px solid #036;
padding-bottom:.15em;margin-top:1.6em}h3{font-size:1.05em;margin:.8em 0 .2em}
.meta{color:#444}form{display:grid;grid-template-columns:repeat(auto-fit,minmax(210px,1fr));
gap:.8em 1.2em;background:#f2f5f9;padding:1em;border-radius:6px}
fieldset{border:0;margin:0;padding:0}legend,label{font-weight:bold;display:block;margin-bottom:.2em}
select{font-size:1em;padding:.3em;width:100%}
input:focus,select:focus,button:focus,a:focus{outline:3px solid #f0a000;outline-offset:2px}
.choice label{font-weight:normal;display:inline;margin-right:.8em}
.now{border-left:6px solid #036;background:#eef3fb;padding:.6em 1em}
.refused{border-left:6px solid #b58500;background:#fff3cd;color:#3d2e00;padding:.6em 1em}
.open{color:#6b3e00;background:#fff3cd;padding:0 .3em;border-radius:3px}
ol.route>li{margin-bottom:.8em}.who{font-weight:bold}.src{color:#444;font-size:.9em}
details.tekst{margin:.3em 0;border-left:4px solid #bbb;padding:.1em .8em}
details.tekst summary{cursor:pointer;font-weight:bold}details.tekst p{margin:.4em 0}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:.3em .5em;
text-align:left;vertical-align:top}th{background:#eef2f7}
@media print{form{display:none}}
"""

_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("wegwijzer-data").textContent);
  var form = document.getElementById("keuze");
  var out = document.getElementById("uitkomst");
  var names = Object.keys(data.choices.attributes);
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }
  function roleName(id) {
    var role = data.roles[id];
    return role ? role.name + " (" + id + ")" : id;
  }
  function tr(id, args) {
    return data.texts[id].replace(/\{(\w+)\}/g, function (all, name) {
      return args && args[name] !== undefined ? String(args[name]) : all;
    });
  }
  function who(list) {
    return list && list.length ? list.join(", ") : tr("weg.nobody");
  }
  function sources(list) {
    var span = el("span", null, "src");
    if (!list || !list.length) { return span; }
    span.textContent = " [" + list.map(function (id) {
      var s = data.sections[id];
      return s && s.title ? id + ": " + s.title : id;
    }).join("; ") + "]";
    return span;
  }
  // Who acts in a step, as the route and "what do you do now" both say it: a concept's
  // open answer taken from another text is a proposal, never decided.
  function stepWho(s) {
    var said = (s.actors && s.actors.length ? s.actors : [s.actor])
      .join(tr(s.any_of ? "common.and-or" : "common.and"))
      + (s.actor_stands_in_for ? tr("common.instead-of", {role: s.actor_stands_in_for}) : "");
    return s.proposal ? tr("common.proposal", {origin: s.proposal.name, roles: said}) : said;
  }
  // Who is consulted or heard, a role the actor may consult or hear and need not
  // marked "(eventueel)" (consulted_optional, heard_optional).
  function optionalWho(roles, maybe) {
    maybe = maybe || [];
    return roles.map(function (r) {
      return r + (maybe.indexOf(r) >= 0 ? tr("common.optionally") : "");
    }).join(", ");
  }
  function consultedWho(s) { return optionalWho(s.consulted, s.consulted_optional); }
  // An outcome by its label; without one, the only way on reads "verder", else its id in
  // words (never the bare id, "geinformeerd").
  function outcomeWords(o, count) {
    if (o.label) { return o.label; }
    return count === 1 ? tr("weg.onward") : o.id.replace(/_/g, " ");
  }
  function option(select, value, label) {
    var o = el("option", label); o.value = value; select.appendChild(o);
  }
  function fill() {
    data.choices.reporters.forEach(function (r) { option(form.reporter, r, roleName(r)); });
    data.choices.subjects.forEach(function (s) { option(form.subject, s, roleName(s)); });
    names.forEach(function (n) {
      var box = el("div"); var label = el("label", (data.choices.labels || {})[n] || n);
      label.htmlFor = "attr-" + n;
      var select = el("select"); select.id = "attr-" + n; select.name = "attr-" + n;
      data.choices.attributes[n].forEach(function (v) { option(select, v, v); });
      box.appendChild(label); box.appendChild(select);
      document.getElementById("kenmerken").appendChild(box);
    });
  }
  function key() {
    var act = form.querySelector("input[name=act]:checked").value;
    var own = form.own.checked ? "1" : "0";
    var parts = [form.reporter.value, form.subject.value, act, own];
    names.forEach(function (n) { parts.push(form["attr-" + n].value); });
    return parts.join("|");
  }
  function section(title) {
    var box = el("section"); box.appendChild(el("h2", title)); out.appendChild(box);
    return box;
  }
  function cited(cell) {
    if (cell.refused) { return unique(cell.refused.source || []); }
    var route = data.routes[cell.route]; var answers = data.answers[cell.answers];
    var ids = (route.entry_source || []).slice();
    route.steps.forEach(function (i) {
      var s = data.steps[i]; ids = ids.concat(s.source || []);
      (s.outcomes || []).forEach(function (o) { ids = ids.concat(o.source || []); });
    });
    data.questions.forEach(function (q) { ids = ids.concat(answers.sources[q.key] || []); });
    answers.silent.forEach(function (x) { ids = ids.concat(x.source || []); });
    answers.ambiguities.forEach(function (x) { ids = ids.concat(x.source || []); });
    return unique(ids).filter(function (id) { return data.sections[id] !== undefined; });
  }
  function unique(list) {
    var seen = {}; var out = [];
    list.forEach(function (x) { if (!seen[x]) { seen[x] = true; out.push(x); } });
    return out;
  }
  function texts(cell, parent) {
    var ids = cited(cell);
    if (!ids.length) { return; }
    var box = el("section"); box.id = "tekst"; box.appendChild(el("h2", tr("weg.sections")));
    box.appendChild(el("p", tr("weg.sections-intro")));
    ids.forEach(function (id) {
      var s = data.sections[id];
      var d = el("details", null, "tekst"); d.setAttribute("data-section", id);
      d.appendChild(el("summary", s.title ? id + ": " + s.title : id));
      if (s.text) {
        s.text.split("\n").forEach(function (line) { d.appendChild(el("p", line)); });
      } else {
        d.appendChild(el("p", tr("weg.section-missing")));
      }
      box.appendChild(d);
    });
    parent.appendChild(box);
  }
  function show() {
    var own = form.own;
    var ownAllowed = data.choices.own.indexOf(true) >= 0;
    own.disabled = !ownAllowed || form.reporter.value !== form.subject.value;
    if (own.disabled) { own.checked = false; }
    out.textContent = "";
    out.setAttribute("data-key", key());
    var cell = data.cells[key()];
    if (!cell) { out.appendChild(el("p", tr("weg.no-combination"))); return; }
    if (cell.refused) {
      var box = el("div", null, "refused"); box.setAttribute("data-refused", "1");
      box.appendChild(el("h2", tr("weg.not-here")));
      box.appendChild(el("p", cell.refused.text));
      if (cell.refused.sends_to) {
        var p = el("p", tr("weg.go-to", {to: cell.refused.sends_to}));
        p.appendChild(sources(cell.refused.source)); box.appendChild(p);
      }
      out.appendChild(box); texts(cell, out); return;
    }
    var answers = data.answers[cell.answers];
    var route = data.routes[cell.route];
    var steps = route.steps.map(function (i) { return data.steps[i]; });
    var now = section(tr("weg.now"));
    if (answers.out_of_scope) {
      now.appendChild(el("p", tr("weg.outside", {text: answers.out_of_scope}), "refused"));
    }
    if (steps.length) {
      var first = steps[0]; var box2 = el("div", null, "now");
      box2.appendChild(el("p", first.title));
      var with_ = [first.counterpart].concat(
        first.consulted && first.consulted.length ? [consultedWho(first)] : []).filter(Boolean);
      box2.appendChild(el("p", tr("weg.whose-move", {who: stepWho(first)})
        + (with_.length ? tr("weg.with", {who: with_.join(", ")}) : "")));
      box2.appendChild(sources(first.source));
      now.appendChild(box2);
    }
    var routeBox = section(tr("weg.route"));
    var list = el("ol", null, "route"); list.setAttribute("data-steps", String(steps.length));
    steps.forEach(function (s) {
      var li = el("li"); li.setAttribute("data-step", s.id);
      li.appendChild(el("div", s.title));
      // A party chosen from guarded alternatives shows what its alternative cites
      // (source_for); the step as a whole cites the rest, at the end of the step.
      var part = function (name, div) {
        var own = (s.source_for || {})[name];
        if (own && own.length) { div.appendChild(sources(own)); div.setAttribute("data-source-for", name); }
        li.appendChild(div);
      };
      part("actor", el("div", tr("weg.who", {who: stepWho(s)}), "who"));
      if (s.counterpart) { part("counterpart", el("div", tr("weg.counterpart", {who: s.counterpart}))); }
      if (s.deadline) { li.appendChild(el("div", tr("weg.deadline", {deadline: data.deadlines[s.deadline] || s.deadline}))); }
      if (s.heard && s.heard.length) { part("heard", el("div", tr("weg.heard", {who: optionalWho(s.heard, s.heard_optional)}))); }
      if (s.consulted && s.consulted.length) { part("consulted", el("div", tr("weg.consulted", {who: consultedWho(s)}))); }
      if (s.informed && s.informed.length) { part("informed", el("div", tr("weg.informed", {who: s.informed.join(", ")}))); }
      if (s.confidential) { li.appendChild(el("div", tr("common.confidential").trim())); }
      (s.open_points || []).forEach(function (open) {
        // A route step names its open points as {id, question} (Route.to_dict).
        var point = data.open_points[open.id] || open;
        var shown = el("div", tr("weg.still-open", {question: point.question}), "open");
        shown.setAttribute("data-open-point", open.id);
        li.appendChild(shown);
      });
      if (s.outcomes && s.outcomes.length) {
        var ways = el("ul");
        s.outcomes.forEach(function (o) {
          var also = (o.track_numbers || []).filter(Boolean);
          ways.appendChild(el("li", outcomeWords(o, s.outcomes.length) + (o.next_number ? tr("weg.to-step", {n: o.next_number}) : "")
            + (also.length ? tr("weg.also-runs", {steps: also.join(", ")}) : "")));
        });
        li.appendChild(ways);
      }
      li.appendChild(sources((s.source_for || {}).step || s.source));
      list.appendChild(li);
    });
    routeBox.appendChild(list);
    var table = el("table"); var head = el("tr");
    head.appendChild(el("th", tr("weg.col.question"))); head.appendChild(el("th", tr("weg.col.who")));
    head.appendChild(el("th", tr("weg.col.source"))); table.appendChild(head);
    data.questions.forEach(function (q) {
      var row = el("tr"); row.setAttribute("data-question", q.key);
      row.appendChild(el("td", q.label));
      var offered = (answers.proposals || {})[q.key];
      var cellWho = el("td", offered ? tr("common.proposal", {origin: offered.name, roles: who(answers[q.key])})
        : who(answers[q.key]));
      cellWho.setAttribute("data-answer", (answers[q.key] || []).join(","));
      if (offered) { cellWho.setAttribute("data-proposal", offered.from); }
      // what the protocol's own text says that qualifies the proposal, beside it
      ((offered && offered.reservations) || []).forEach(function (r) {
        cellWho.appendChild(el("div", tr("common.reservation", {id: r.open_point, text: r.text,
          sources: r.source.join("; ")}), "reservation"));
      });
      (answers.open_points[q.key] || []).forEach(function (id) {
        var point = data.open_points[id];
        cellWho.appendChild(el("div", tr("weg.still-open-lower", {question: point ? point.question : id}), "open"));
      });
      row.appendChild(cellWho);
      var src = el("td"); src.appendChild(sources(answers.sources[q.key])); row.appendChild(src);
      table.appendChild(row);
    });
    section(tr("weg.who-does-what")).appendChild(table);
    var silent = section(tr("weg.silent"));
    var said = data.silences[cell.silences];
    if (!said.length) { silent.appendChild(el("p", tr("weg.no-silence"))); }
    said.forEach(function (s) {
      // s.text marks a concept's proposed silence ("nog open - voorstel ..."), as the answers.
      var p = el("p", s.text);
      p.setAttribute("data-silence", s.ids.join(" ")); p.appendChild(sources(s.source));
      if (s.proposal) { p.setAttribute("data-proposal", s.proposal.from); }
      (s.open_points || []).forEach(function (id) {
        var point = data.open_points[id];
        var shown = el("div", tr("weg.still-open-lower", {question: point ? point.question : id}), "open");
        shown.setAttribute("data-open-point", id);
        p.appendChild(shown);
      });
      silent.appendChild(p);
    });
    if (answers.ambiguities.length) {
      var amb = section(tr("weg.readings"));
      answers.ambiguities.forEach(function (a) {
        var chosen = a.readings.filter(function (r) { return r.id === a.chosen; })[0];
        var p = el("p", tr("weg.reading", {question: a.question, chosen: chosen ? chosen.text : a.chosen, reason: a.reason}));
        p.appendChild(sources(a.source)); amb.appendChild(p);
      });
    }
    texts(cell, out);
  }
  fill();
  form.addEventListener("change", show);
  form.addEventListener("submit", function (event) { event.preventDefault(); show(); });
  show();
}());
"""


def _noscript(data: dict[str, Any], lang: str) -> str:
    """What the page says without JavaScript (``<noscript>``): that the script is needed
    and where the plain text is, and for each reporter and subject who is the first
    contact (every situation of that pair alike, else the ones it can be)."""
    h = escape.html_text
    names = {role: found["name"] for role, found in data["roles"].items()}
    first: dict[tuple[str, str], list[str]] = {}
    for cell in data["cells"].values():
        if "answers" in cell:
            scenario = cell["scenario"]
            found = first.setdefault((scenario["reporter"], scenario["subject"]), [])
            who = ", ".join(names.get(r, r) for r in data["answers"][cell["answers"]]
                            ["first_contact"]) or text("weg.nobody", lang)
            if who not in found:
                found.append(who)
    rows = []
    for reporter in data["choices"]["reporters"]:
        for subject in data["choices"]["subjects"]:
            found = first.get((reporter, subject), [])
            said = (text("weg.noscript-none", lang) if not found else found[0]
                    if len(found) == 1 else text("weg.noscript-varies", lang,
                                                 who="; ".join(found)))
            rows.append(f"<tr><td>{h(names.get(reporter, reporter))}</td>"
                        f"<td>{h(names.get(subject, subject))}</td><td>{h(said)}</td></tr>")
    meta = data["protocol"]
    return (f'<noscript><p>{h(text("weg.noscript", lang, title=meta["title"], version=str(meta["version"])))}</p>'
            f'<table><thead><tr><th>{h(text("weg.reporter", lang))}</th>'
            f'<th>{h(text("weg.subject", lang))}</th>'
            f'<th>{h(text("weg.noscript-first", lang))}</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></noscript>')


def render_wegwijzer(protocol: Protocol, lang: str = "nl") -> str:
    """The page: one self-contained HTML file (inline data, script and style, no network),
    in Dutch (``lang="nl"``, the default) or English."""
    data = wegwijzer_data(protocol, lang)
    meta = protocol.protocol
    h = escape.html_text

    def t(key: str, **args: Any) -> str:
        return h(text(key, lang, **args))

    title = text("weg.title", lang, municipality=meta.municipality)
    csp = (f"default-src 'none'; script-src '{_hash(_JS)}'; style-src '{_hash(_CSS)}'; "
           "img-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'")
    acts = "".join(
        f'<label><input type="radio" name="act" value="{h(a)}"'
        f'{" checked" if i == len(protocol.scenarios.acts) - 1 else ""}> '
        f'{t("weg.act." + a) if a in ("voorgenomen", "uitgevoerd") else h(a)}'
        "</label>" for i, a in enumerate(protocol.scenarios.acts))
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{h(lang)}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{h(csp)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{h(title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<header><h1>{h(title)}</h1>",
        (f'<p class="meta">{t("weg.intro", title=meta.title, version=str(meta.version), status=str(meta.status))}'
         "</p></header>"),
        f'<main><form id="keuze" aria-label="{t("weg.form")}">',
        (f'<div><label for="reporter">{t("weg.reporter")}</label>'
         '<select id="reporter" name="reporter"></select></div>'),
        (f'<div><label for="subject">{t("weg.subject")}</label>'
         '<select id="subject" name="subject"></select></div>'),
        f'<fieldset class="choice"><legend>{t("weg.act")}</legend>{acts}</fieldset>',
        ('<div class="choice"><label><input type="checkbox" id="own" name="own"> '
         f'{t("weg.own")}</label></div>'),
        '<div id="kenmerken"></div>',
        f'<div><button type="submit">{t("weg.show")}</button></div>',
        "</form>",
        '<div id="uitkomst" aria-live="polite"></div>',
        _noscript(data, lang),
        "</main>",
        f'<script type="application/json" id="wegwijzer-data">{script_json(data)}</script>',
        f"<script>{_JS}</script>",
        "</body></html>",
    ]) + "\n"
