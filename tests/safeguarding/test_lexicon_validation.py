"""A bad lexicon stops start-up with an error naming the file, the entry and the problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from safeguarding.lexicon import DEFAULT_LEXICON_DIR, LexiconError
from safeguarding.screening import load_lexicon


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "lexicon"
    shutil.copytree(DEFAULT_LEXICON_DIR, target)
    return target


def _write_category(folder: Path, body: str) -> None:
    (folder / "test_cat.yml").write_text("category: test_cat\nentries:\n" + body, encoding="utf-8")


def _error(folder: Path) -> LexiconError:
    with pytest.raises(LexiconError) as caught:
        load_lexicon(folder)
    return caught.value


def test_example_that_does_not_match_is_rejected(copy: Path) -> None:
    _write_category(
        copy,
        '  - id: test_cat.x\n    phrase: "purple elephant"\n    severity: high\n'
        '    examples: ["a green giraffe"]\n',
    )
    error = _error(copy)
    assert (error.file, error.entry) == ("test_cat.yml", "test_cat.x")
    assert "green giraffe" in error.problem


def test_missing_examples_are_rejected(copy: Path) -> None:
    _write_category(copy, '  - id: test_cat.x\n    phrase: "purple elephant"\n    severity: high\n')
    assert "examples" in _error(copy).problem


def test_bad_severity_is_rejected(copy: Path) -> None:
    _write_category(
        copy,
        '  - id: test_cat.x\n    phrase: "purple elephant"\n    severity: urgent\n'
        '    examples: ["purple elephant"]\n',
    )
    assert "severity" in _error(copy).problem


def test_unknown_slot_and_unbalanced_brackets_are_rejected(copy: Path) -> None:
    _write_category(
        copy,
        '  - id: test_cat.x\n    phrase: "{nosuch} elephant"\n    severity: high\n'
        '    examples: ["purple elephant"]\n',
    )
    assert "unknown slot" in _error(copy).problem
    _write_category(
        copy,
        '  - id: test_cat.x\n    phrase: "(purple elephant"\n    severity: high\n'
        '    examples: ["purple elephant"]\n',
    )
    assert "missing" in _error(copy).problem


def test_typo_in_field_name_is_rejected(copy: Path) -> None:
    _write_category(
        copy,
        '  - id: test_cat.x\n    phrase: "purple elephant"\n    severty: high\n'
        '    examples: ["purple elephant"]\n',
    )
    assert "severty" in _error(copy).problem


def test_duplicate_id_is_rejected(copy: Path) -> None:
    entry = (
        '  - id: test_cat.x\n    phrase: "purple elephant"\n    severity: high\n'
        '    examples: ["purple elephant"]\n'
    )
    _write_category(copy, entry + entry)
    assert "duplicate" in _error(copy).problem


def test_suicide_phrases_cannot_be_negatable(copy: Path) -> None:
    path = copy / "suicide.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("severity: high", "severity: high\n    negatable: true", 1),
        encoding="utf-8",
    )
    assert "never be negatable" in _error(copy).problem


def test_benign_rule_that_hides_risk_is_rejected(copy: Path) -> None:
    path = copy / "_benign.yml"
    path.write_text(
        path.read_text(encoding="utf-8") + "  - id: benign.bad\n    phrases: [hello]\n"
        "    examples: [i want to kill myself hello]\n",
        encoding="utf-8",
    )
    error = _error(copy)
    assert error.entry == "benign.bad"


def test_missing_shared_file_is_rejected(copy: Path) -> None:
    (copy / "_cues.yml").unlink()
    assert _error(copy).file == "_cues.yml"


def test_valid_extra_category_loads(copy: Path) -> None:
    _write_category(
        copy,
        '  - id: test_cat.x\n    phrase: "purple (elephant|giraffe)"\n    severity: concern\n'
        '    examples: ["i saw a purple giraffe"]\n',
    )
    assert "test_cat" in load_lexicon(copy).categories


def test_also_needs_must_be_groups_of_phrases(copy: Path) -> None:
    _write_category(
        copy,
        '  - id: test_cat.x\n    phrase: "purple elephant"\n    severity: high\n'
        '    also_needs: "green"\n    examples: ["purple elephant green"]\n',
    )
    error = _error(copy)
    assert error.entry == "test_cat.x" and "also_needs" in error.problem
    _write_category(
        copy,
        '  - id: test_cat.x\n    phrase: "purple elephant"\n    severity: high\n'
        '    also_needs: [[]]\n    examples: ["purple elephant green"]\n',
    )
    assert "also_needs" in _error(copy).problem


def test_also_needs_sets_a_hit_aside_until_every_group_is_in_the_message(copy: Path) -> None:
    _write_category(
        copy,
        '  - id: test_cat.x\n    phrase: "purple elephant"\n    severity: high\n'
        '    also_needs: [["green (hat|coat)", "blue hat"], ["on (monday|tuesday)"]]\n'
        '    examples: ["on monday a green hat and a purple elephant",'
        ' "purple elephant, blue hat, on tuesday"]\n',
    )
    lexicon = load_lexicon(copy)
    from safeguarding.screening import Screener

    screener = Screener(lexicon)
    assert screener.screen("a purple elephant in a green coat on monday").severity == "high"
    assert screener.screen("on tuesday: blue hat. purple elephant").severity == "high"
    missing = screener.screen("a purple elephant in a green coat")
    assert missing.severity == "none"
    assert [(m.entry_id, m.kind) for m in missing.matches] == [("test_cat.x", "also_needs")]
    assert screener.screen("a purple elephant on monday").severity == "none"


def test_also_needs_count_asks_for_that_many_of_the_groups(copy: Path) -> None:
    """Any two of three signs: "also_needs_count: 2" (abuse.neglect_signs counts signs of neglect so)."""
    _write_category(
        copy,
        '  - id: test_cat.x\n    phrase: "(red hat|blue coat|green shoe)"\n    severity: high\n'
        '    also_needs: [["red hat"], ["blue coat"], ["green shoe"]]\n    also_needs_count: 2\n'
        '    examples: ["a red hat and a blue coat", "green shoe, red hat"]\n',
    )
    from safeguarding.screening import Screener

    screener = Screener(load_lexicon(copy))
    assert screener.screen("a blue coat and a green shoe").severity == "high"
    assert screener.screen("red hat, blue coat, green shoe").severity == "high"
    one = screener.screen("just a red hat")
    assert one.severity == "none"
    assert [(m.entry_id, m.kind) for m in one.matches] == [("test_cat.x", "also_needs")]


@pytest.mark.parametrize(
    ("count", "problem"),
    [("4", "from 1 to 3"), ("0", "from 1 to 3"), ("two", "from 1 to 3"), ("true", "from 1 to 3")],
)
def test_a_bad_also_needs_count_is_rejected(copy: Path, count: str, problem: str) -> None:
    _write_category(
        copy,
        '  - id: test_cat.x\n    phrase: "red hat"\n    severity: high\n'
        f'    also_needs: [["red hat"], ["blue coat"], ["green shoe"]]\n    also_needs_count: {count}\n'
        '    examples: ["a red hat and a blue coat"]\n',
    )
    assert problem in _error(copy).problem


def test_also_needs_count_needs_also_needs(copy: Path) -> None:
    _write_category(
        copy,
        '  - id: test_cat.x\n    phrase: "red hat"\n    severity: high\n    also_needs_count: 1\n'
        '    examples: ["a red hat"]\n',
    )
    assert "needs 'also_needs'" in _error(copy).problem


def test_an_example_without_its_also_needs_is_rejected(copy: Path) -> None:
    _write_category(
        copy,
        '  - id: test_cat.x\n    phrase: "purple elephant"\n    severity: high\n'
        '    also_needs: [["green hat"]]\n    examples: ["a purple elephant"]\n',
    )
    assert "purple elephant" in _error(copy).problem


def test_spelling_repair_false_words_are_never_repair_targets(copy: Path) -> None:
    """An entry in another language: its words are known, so never repaired themselves, but no other word is
    repaired into them (with "zablorkin" a target, the typo "zablorkan" would read as it)."""
    from safeguarding.screening import Screener

    body = (
        '  - id: test_cat.x\n    phrase: "purple zablorkin"\n    severity: high\n'
        '    examples: ["purple zablorkin"]\n'
    )
    _write_category(copy, body)
    repaired = Screener(load_lexicon(copy))
    assert repaired.screen("purple zablorkan").severity == "high"
    _write_category(copy, body.replace("    severity", "    spelling_repair: false\n    severity"))
    plain = Screener(load_lexicon(copy))
    assert plain.screen("purple zablorkin").severity == "high"
    assert plain.screen("purple zablorkan").severity == "none"
    assert plain.lexicon.normaliser.normalise("zablorkan").text.strip() == "zablorkan"


def test_a_plain_entrys_also_needs_words_are_not_repair_targets_either(copy: Path) -> None:
    """abuse.neglect_signs lists each sign again as an also_needs group: as context words those became
    repair targets ("po" read "poo", "grabbin" split into "grab bin"). In a spelling_repair: false entry they
    are plain, as its phrases are."""
    from safeguarding.screening import Screener

    _write_category(
        copy,
        '  - id: test_cat.x\n    phrase: "purple hat"\n    spelling_repair: false\n    severity: high\n'
        '    also_needs: [["zablorkin"]]\n    examples: ["purple hat zablorkin"]\n',
    )
    plain = Screener(load_lexicon(copy))
    assert plain.screen("purple hat zablorkin").severity == "high"
    assert plain.lexicon.normaliser.normalise("zablorkan").text.strip() == "zablorkan"


def test_spelling_repair_false_word_read_otherwise_in_messages_is_rejected(copy: Path) -> None:
    """A message's "naan" is read as "nan" (as in "my naan"), so a phrase word "naan" would never match: the
    loader says which form to write."""
    _write_category(
        copy,
        '  - id: test_cat.x\n    phrase: "purple naan"\n    spelling_repair: false\n    severity: high\n'
        '    examples: ["purple naan"]\n',
    )
    error = _error(copy)
    assert error.entry == "test_cat.x" and "'naan' is read as 'nan'" in error.problem
