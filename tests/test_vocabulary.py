"""The shared vocabulary has one home (``protocolkit.format.vocabulary``) and one page
(``docs/vocabulary.md``, generated from it)."""

from __future__ import annotations

import dataclasses
import runpy
from pathlib import Path

from protocolkit.format.model import Protocol
from protocolkit.format.vocabulary import (
    QUESTIONS,
    ROLES,
    SHARED_ROLES,
    SIX_QUESTIONS,
    STEP_KIND_DESCRIPTIONS,
    StepKind,
    question,
)
from protocolkit.scenario_tests import ResponsibilitiesExpect
from protocolkit.semantics import Responsibilities

ROOT = Path(__file__).resolve().parents[1]


def test_the_vocabulary_page_is_what_the_generator_writes() -> None:
    generator = runpy.run_path(str(ROOT / "scripts" / "vocabulary_doc.py"))
    page = (ROOT / "docs" / "vocabulary.md").read_text(encoding="utf-8")
    assert page == generator["markdown"](), (
        "docs/vocabulary.md is stale: python scripts/vocabulary_doc.py > docs/vocabulary.md")


def test_the_page_lists_every_role_question_and_step_kind() -> None:
    page = (ROOT / "docs" / "vocabulary.md").read_text(encoding="utf-8")
    for name in [*SHARED_ROLES, *QUESTIONS, *(k.value for k in StepKind)]:
        assert f"| `{name}` |" in page, name


def test_every_step_kind_is_described() -> None:
    assert list(STEP_KIND_DESCRIPTIONS) == list(StepKind)
    assert SHARED_ROLES == tuple(ROLES)


def test_the_answer_types_have_one_field_per_question_in_order() -> None:
    # Responsibilities and the scenario-test expectation name the questions as fields
    # (attribute access is part of the API); they must follow the vocabulary.
    answer_fields = [f.name for f in dataclasses.fields(Responsibilities)]
    assert answer_fields[1:1 + len(QUESTIONS)] == list(QUESTIONS)
    expect_fields = list(ResponsibilitiesExpect.model_fields)
    assert expect_fields == [*QUESTIONS, "out_of_scope"]


def test_questions_are_found_by_key_and_the_model_uses_the_same_step_kinds() -> None:
    assert [q.key for q in SIX_QUESTIONS] == list(QUESTIONS)
    assert question("judges").kinds == frozenset({StepKind.oordeel})
    step_kind = Protocol.model_json_schema()["$defs"]["StepKind"]["enum"]
    assert step_kind == [k.value for k in StepKind]
