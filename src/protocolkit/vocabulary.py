"""The shared vocabulary as plain constants (standard library only).

Role ids and act kinds of ``shared/domain.md``, used by the model, the CLI's argument
parsing and the checks. Kept apart from :mod:`protocolkit.model` so that reading them
costs no import of pydantic.
"""

from __future__ import annotations

#: Role ids of the shared vocabulary (shared/domain.md). Protocols map their own roles
#: onto these so that municipalities can be compared.
SHARED_ROLES: tuple[str, ...] = (
    "burgemeester",
    "wethouder",
    "raadslid",
    "fractievoorzitter",
    "griffier",
    "griffiemedewerker",
    "gemeentesecretaris",
    "ambtenaar",
    "gemeenteraad",
    "college",
    "presidium",
    "fractievoorzitters",
    "klankbordgroep",
    "integriteitscommissie",
    "vertrouwenscommissie",
    "voorzitter_vertrouwenscommissie",
    "werkgeverscommissie",
    "cvdk",
    "vertrouwenspersoon",
    "onderzoeker",
    "stuurgroep",
    "fractie",
    "politie_om",
    "burger",
    "melder",
)

#: Pseudo-roles usable wherever a role is referenced: they stand for the reporter and
#: the subject of the case at hand and are resolved per scenario.
PSEUDO_ROLES: dict[str, str] = {
    "melder": "reporter",
    "betrokkene": "subject",
}

#: Built-in scenario attributes; a protocol may declare more in ``scenarios.attributes``.
BUILTIN_ATTRIBUTES: tuple[str, ...] = ("reporter", "subject", "act", "own")

ACT_KINDS: tuple[str, ...] = ("voorgenomen", "uitgevoerd")
