"""A deterministic generator of valid protocols of any size (16 steps or more).

Used by the benchmarks (``benchmarks/analysis_scaling.py``) and by tests that need large
protocols. A generated protocol passes every check of ``protocolkit validate``: it has
the shape of a real one (aanspreken, melding, ontvankelijkheid, vooronderzoek with an
admission and an aangifte branch, opdracht, a long investigation, wederhoor that can send
the case back, zwaarte-oordeel, oordeel, sanctie, pers, registratie, nazorg, evaluatie)
and the investigation grows to the requested size with steps that carry actor
alternatives, guarded outcomes, ``next`` alternatives, consulted roles and loops that
have a way out.

>>> data = generate_data(40)
>>> len(data["steps"])
40
>>> generate_data(40) == data                      # deterministic
True
>>> from protocolkit.analysis import run_checks
>>> run_checks(generate_protocol(40))
[]
"""

from __future__ import annotations

import random
from typing import Any

from protocolkit.format.model import Protocol

#: Steps every generated protocol has; the rest is investigation.
CORE_STEPS = 16
_INVESTIGATION = ("onderzoek", "rapportage", "informeren", "advies")


def _role(role_id: str, kind: str, **extra: Any) -> dict[str, Any]:
    return {"id": role_id, "name": role_id.replace("_", " ").capitalize(), "kind": kind,
            "shared": role_id, **extra, "source": "art. 1"}


def _step(step_id: str, phase: str, kind: str, actor: Any, outcomes: list[dict[str, Any]],
          section: str, **extra: Any) -> dict[str, Any]:
    step: dict[str, Any] = {"id": step_id, "phase": phase, "kind": kind,
                            "title": step_id.replace("_", " ").capitalize(), "actor": actor}
    step.update(extra)
    if outcomes:
        step["outcomes"] = outcomes
    else:
        step["end"] = True
    step["source"] = section
    return step


def _investigation(count: int, rng: random.Random, grades: list[str],
                   ) -> list[dict[str, Any]]:
    """``count`` investigation steps f1..fN leading to the wederhoor. With ``grades``
    (values of a scenario attribute ``ernst``) the skipping outcomes also depend on it,
    in three different ways, so that the scenarios do not all see the same steps."""
    names = [f"f{i}" for i in range(1, count + 1)]
    steps: list[dict[str, Any]] = []
    for i, name in enumerate(names, start=1):
        kind = _INVESTIGATION[i % len(_INVESTIGATION)]
        nxt = names[i] if i < count else "wederhoor"
        actor: Any = {"onderzoek": "onderzoeker", "rapportage": "onderzoeker",
                      "informeren": "griffier", "advies": "vertrouwenspersoon"}[kind]
        if kind == "onderzoek" and i % 5 == 0:
            actor = [{"when": {"subject": "burgemeester"}, "role": "cvdk"},
                     {"role": "onderzoeker"}]
        outcomes: list[dict[str, Any]] = [{"id": "verder", "next": nxt}]
        if i % 13 == 0:
            outcomes[0]["next"] = [{"when": {"reporter": "burger"}, "step": nxt},
                                   {"step": nxt}]
        if i > 4 and i % 7 == 0:
            back = names[i - 1 - rng.randint(1, 3)]
            outcomes.append({"id": "terug", "label": "Aanvullende vragen", "next": back})
        if i % 11 == 0 and i + 2 <= count:
            when: dict[str, Any] = {"subject": "wethouder"}
            if grades:
                when["ernst"] = grades[i % 3::3] or grades
            outcomes.append({"id": "overslaan", "when": when, "next": names[i + 1]})
        extra: dict[str, Any] = {}
        if i % 9 == 0:
            extra["consulted"] = ["griffier"]
        if i % 17 == 0:
            extra["deadline"] = {"amount": 1 + i % 8, "unit": "weken"}
        steps.append(_step(name, "onderzoeken", kind, actor, outcomes, "art. 3", **extra))
    return steps


def generate_data(n_steps: int, seed: int = 0, grades: int = 0, terse: bool = False,
                  ) -> dict[str, Any]:
    """Plain data (as read from YAML) of a valid protocol with exactly ``n_steps`` steps.

    ``grades`` > 0 adds a scenario attribute ``ernst`` with that many values, which
    multiplies the scenario space (6 scenarios without it) and is tested by guards.
    ``terse`` shortens ids and titles (same shape, same findings) so that a protocol of
    8,000 steps stays within the loader's 1 MiB (see :func:`dump_yaml`).

    >>> len(generate_data(40, grades=4)["scenarios"]["attributes"]["ernst"])
    4
    """
    if n_steps < CORE_STEPS + 1:
        raise ValueError(f"a generated protocol has at least {CORE_STEPS + 1} steps")
    rng = random.Random(seed)
    values = [f"e{i}" for i in range(1, grades + 1)]
    investigation = _investigation(n_steps - CORE_STEPS, rng, values)
    first = investigation[0]["id"]
    steps = [
        _step("aanspreken", "melden", "aanspreken", "melder", [
            {"id": "opgelost", "next": "afgedaan"}, {"id": "melden", "next": "melding"}],
            "art. 2", counterpart="betrokkene"),
        _step("melding", "melden", "melding", "melder", [{"id": "gemeld", "next": "ontvankelijkheid"}],
              "art. 2", counterpart="burgemeester",
              deadline={"amount": 10, "unit": "werkdagen"}),
        _step("ontvankelijkheid", "melden", "ontvankelijkheid", "burgemeester", [
            {"id": "niet_ontvankelijk", "next": "registratie"},
            {"id": "ontvankelijk", "next": "vooronderzoek"}], "art. 2"),
        _step("vooronderzoek", "onderzoeken", "vooronderzoek", "burgemeester", [
            {"id": "geen_grond", "next": "registratie"},
            {"id": "erkenning", "next": "zwaarte_oordeel", "admission": True},
            {"id": "strafbaar_feit", "next": "aangifte"},
            {"id": "onderzoekswaardig", "next": "opdracht"}], "art. 3",
            counterpart="betrokkene", deadline={"amount": 4, "unit": "weken"}),
        _step("aangifte", "onderzoeken", "aangifte", "burgemeester",
              [{"id": "gedaan", "next": "opdracht"}], "art. 3", counterpart="politie_om"),
        _step("opdracht", "onderzoeken", "onderzoeksopdracht", "burgemeester",
              [{"id": "verleend", "next": "onderzoek"}], "art. 3"),
        _step("onderzoek", "onderzoeken", "onderzoek", "onderzoeker",
              [{"id": "gestart", "next": first}], "art. 3",
              deadline={"amount": 8, "unit": "weken"}, confidential=True),
        *investigation,
        _step("wederhoor", "onderzoeken", "wederhoor", "onderzoeker", [
            {"id": "aanvullend_onderzoek", "next": "onderzoek"},
            {"id": "geen_schending", "next": "registratie"},
            {"id": "schending", "next": "zwaarte_oordeel"}], "art. 3", counterpart="betrokkene"),
        _step("zwaarte_oordeel", "oordelen", "zwaarte_oordeel", "burgemeester",
              [{"id": "gewogen", "next": "oordeel"}], "art. 4"),
        _step("oordeel", "oordelen", "oordeel", "gemeenteraad", [
            {"id": "sanctie", "next": "sanctie"}, {"id": "geen_sanctie", "next": "registratie"}],
            "art. 4"),
        _step("sanctie", "oordelen", "sanctie", "gemeenteraad",
              [{"id": "opgelegd", "next": "pers"}], "art. 4", sanctions=["motie_van_afkeuring"]),
        _step("pers", "oordelen", "communicatie", "burgemeester",
              [{"id": "gedaan", "next": "registratie"}], "art. 4"),
        _step("registratie", "afronden", "registratie", "griffier",
              [{"id": "geregistreerd", "next": "nazorg"}], "art. 5"),
        _step("nazorg", "afronden", "nazorg", "burgemeester",
              [{"id": "geboden", "next": "evaluatie"}], "art. 5"),
        _step("evaluatie", "afronden", "evaluatie", "gemeenteraad",
              [{"id": "geevalueerd", "next": "afgedaan"}], "art. 5"),
        _step("afgedaan", "afronden", "afgedaan", "burgemeester", [], "art. 5"),
    ]
    assert len(steps) == n_steps
    data: dict[str, Any] = {
        "protocol": {"municipality": "Generatie", "title": f"Gegenereerd protocol ({n_steps} stappen)",
                     "version": f"{n_steps}.{seed}", "status": "concept",
                     "sources": [{"id": "gen", "title": "Gegenereerd"}]},
        "sections": [{"id": f"art. {i}", "document": "gen"} for i in range(1, 6)],
        "roles": [
            _role("burgemeester", "person", single=True, accountable_to=["gemeenteraad"],
                  part_of=["college"]),
            _role("wethouder", "person", part_of=["college"], accountable_to=["gemeenteraad"]),
            _role("raadslid", "person", part_of=["gemeenteraad"]),
            _role("gemeenteraad", "body", members=["raadslid"]),
            _role("college", "body", members=["burgemeester", "wethouder"]),
            _role("griffier", "person", single=True, employed_by=["gemeenteraad"]),
            _role("cvdk", "external"),
            _role("onderzoeker", "external"),
            _role("vertrouwenspersoon", "external"),
            _role("politie_om", "external"),
            _role("burger", "person"),
            _role("stuurgroep", "body", never=["investigates", "judges"]),
        ],
        "scenarios": {"reporters": ["raadslid", "burger"],
                      "subjects": ["raadslid", "wethouder", "burgemeester"],
                      "acts": ["uitgevoerd"], "own": [False]},
        "phases": [{"id": p, "name": p.capitalize(), "order": i, "source": f"art. {i + 1}"}
                   for i, p in enumerate(("melden", "onderzoeken", "oordelen", "afronden"),
                                         start=1)],
        "steps": steps,
        "entry_routes": [
            {"id": "raadslid", "when": {"reporter": "raadslid"}, "step": "aanspreken",
             "source": "art. 2"},
            {"id": "burger", "when": {"reporter": "burger"}, "step": "melding",
             "source": "art. 2"}],
        "substitutions": [{"id": "cvdk_voor_burgemeester", "when": {"subject": "burgemeester"},
                           "replaces": "burgemeester", "by": "cvdk", "source": "art. 1"}],
        "sanctions": [{"id": "motie_van_afkeuring", "name": "Motie van afkeuring",
                       "imposed_by": ["gemeenteraad"],
                       "applies_to": ["raadslid", "wethouder", "burgemeester"],
                       "severity": 2, "source": "art. 4"}],
        "communication": [
            {"id": "pers_na_oordeel", "speaker": "burgemeester", "audience": "pers",
             "from_step": "oordeel", "source": "art. 4"},
            {"id": "melder_zwijgt", "speaker": "melder", "audience": "pers", "allowed": False,
             "source": "art. 4"}],
        "principles": [{"id": "onpartijdig", "name": "Onpartijdige handhaving",
                        "text": "Niemand oordeelt over zichzelf.", "source": "art. 1"}],
    }
    if values:
        data["scenarios"]["attributes"] = {"ernst": values}
    return _terse(data) if terse else data


#: What :func:`generate_data` shortens with ``terse``: phase, section, outcome and
#: role ids (a role keeps its long ``shared`` id).
_SHORT = {"melden": "p1", "onderzoeken": "p2", "oordelen": "p3", "afronden": "p4",
          "verder": "v", "onderzoeker": "oz", "vertrouwenspersoon": "vp", "griffier": "gr",
          **{f"art. {i}": f"a{i}" for i in range(1, 6)}}


def _terse(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        investigation = str(value.get("id", ""))[:1] == "f" and str(value["id"])[1:].isdigit()
        return {k: (v if k == "shared" else "F" if k == "title" and investigation
                    else _terse(v, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_terse(v) for v in value]
    if isinstance(value, str):
        return _SHORT.get(value, value)
    return value


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ",".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def dump_yaml(data: dict[str, Any]) -> str:
    """YAML text of a generated protocol, one line per step (flow style), as compact as
    a person could write it; loading it gives ``data`` back.

    >>> import yaml
    >>> data = generate_data(40)
    >>> yaml.safe_load(dump_yaml(data)) == data
    True
    """
    import yaml

    parts = []
    for key, value in data.items():
        if key == "steps":
            parts.append("steps:\n" + "".join(f"- {_flow(step)}\n" for step in value))
        else:
            parts.append(yaml.safe_dump({key: value}, sort_keys=False, allow_unicode=True))
    return "".join(parts)


def generate_protocol(n_steps: int, seed: int = 0, grades: int = 0) -> Protocol:
    """The validated model of :func:`generate_data` (a fresh instance: no memo)."""
    return Protocol.model_validate(generate_data(n_steps, seed, grades))
