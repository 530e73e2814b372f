"""Training-data loading and validation: every problem is reported with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlu.text import normalise
from nlu.training_data import (
    DEFAULT_TEST_FILE,
    DEFAULT_TRAINING_FILES,
    TrainingDataError,
    load_training_data,
    need_phrases,
    parse_training_yaml,
)
from nlu.types import INTENTS, NEEDS
from tests.nlu.conftest import TINY_NLU, write


def issues_of(text: str) -> list[tuple[int, str]]:
    with pytest.raises(TrainingDataError) as caught:
        parse_training_yaml(text, "nlu.yml")
    return [(issue.line, issue.message) for issue in caught.value.issues]


def test_tiny_file_loads_with_plain_text_and_entities() -> None:
    data = parse_training_yaml(TINY_NLU)
    assert data.intents == ("greet", "affirm", "find_support")
    anxious = next(e for e in data.examples if e.text == "im really anxious")
    assert anxious.need == "anxiety"
    assert anxious.entities[0].start == 10 and anxious.entities[0].end == 17
    assert data.synonyms == {"panic attacks": "anxiety"}


def test_example_line_numbers_match_the_file() -> None:
    data = parse_training_yaml(TINY_NLU)
    lines = TINY_NLU.splitlines()
    for example in data.examples:
        assert example.text.split()[0] in lines[example.line - 1], example


def test_bad_yaml_is_reported_with_its_line() -> None:
    text = 'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hi\n  - oops: 1\n'
    [(line, message)] = issues_of(text)
    assert line == 6
    assert message.startswith("bad YAML")


def test_intent_outside_the_fixed_list_is_reported_with_its_line() -> None:
    text = TINY_NLU + "- intent: order_pizza\n  examples: |\n    - pizza pls\n"
    [(line, message)] = issues_of(text)
    assert line == TINY_NLU.count("\n") + 1
    assert "order_pizza" in message and "fixed intents" in message


def test_same_example_under_two_intents_names_both_lines() -> None:
    text = TINY_NLU + "- intent: greet\n  examples: |\n    - Yeah!\n"
    [(line, message)] = issues_of(text)
    assert line == TINY_NLU.count("\n") + 3
    first_line = TINY_NLU.splitlines().index("    - yeah") + 1
    assert "'affirm'" in message and "'greet'" in message and f"nlu.yml:{first_line}" in message


def test_every_problem_is_reported_not_just_the_first() -> None:
    text = TINY_NLU + (
        "- intent: greet\n  examples: |\n    - yes\n"
        '    - i feel [sad]{"entity": "need", "value": "sadness"}\n'
        "    - [x](need:anxiety)\n"
        "    not a list item\n"
    )
    found = issues_of(text)
    assert len(found) == 4
    assert [line for line, _ in found] == sorted(line for line, _ in found)
    messages = " | ".join(message for _, message in found)
    assert "'sadness'" in messages and "old entity:value form" in messages and "must start with" in messages


def test_synonym_and_lookup_values_are_checked() -> None:
    text = TINY_NLU + (
        "- synonym: sadness\n  examples: |\n    - sad\n"
        "- lookup: need\n  examples: |\n    - anxiety\n    - trampolines\n"
    )
    found = issues_of(text)
    assert any("synonym value 'sadness'" in message for _, message in found)
    assert any("'trampolines'" in message for _, message in found)


def test_duplicate_files_are_checked_across_files(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yml", TINY_NLU)
    second = write(tmp_path, "b.yml", 'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - OK\n')
    with pytest.raises(TrainingDataError) as caught:
        load_training_data([first, second])
    [issue] = caught.value.issues
    assert issue.source == str(second) and issue.line == 5 and str(first) in issue.message


def test_need_phrases_combine_lookups_synonyms_and_annotations() -> None:
    phrases = need_phrases(parse_training_yaml(TINY_NLU))
    assert phrases["panic attacks"] == "anxiety"  # synonym
    assert phrases["anxious"] == "anxiety"  # learnt from an annotation
    assert phrases["low mood"] == "low_mood"  # every value names itself


def test_shipped_training_data_is_valid_and_broad() -> None:
    data = load_training_data(DEFAULT_TRAINING_FILES)
    counts = {intent: sum(e.intent == intent for e in data.examples) for intent in INTENTS}
    assert min(counts.values()) >= 30, counts
    assert set(need_phrases(data).values()) == set(NEEDS)
    annotated = {e.need for e in data.examples if e.need}
    assert annotated == set(NEEDS)
    texts = {normalise(e.text) for e in data.examples}
    for word in (
        "y",
        "yes",
        "yh",
        "ye",
        "yep",
        "defo",
        "ok",
        "n",
        "no",
        "nah",
        "nope",
        "menu",
        "options",
        "start again",
    ):
        assert word in texts, word


def test_held_out_file_is_never_in_the_training_data() -> None:
    training = {normalise(e.text) for e in load_training_data(DEFAULT_TRAINING_FILES).examples}
    held_out = load_training_data([DEFAULT_TEST_FILE]).examples
    assert len(held_out) >= 300
    assert [e.text for e in held_out if normalise(e.text) in training] == []
