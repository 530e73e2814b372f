"""Per-round hold-out: a round's texts never reach the model that is measured on them."""

from __future__ import annotations

from safeguarding.lexicon import Lexicon
from safeguarding.model_corpus import DEFAULT_CORPUS_DIR, read_corpus_dir, round_of
from safeguarding.model_holdout import format_table, hold_out
from safeguarding.training import TrainSettings

SMALL = TrainSettings(
    folds=2, repeats=1, lexicon_examples=False, word_features=2000, char_features=4000, word_max=2
)


def test_a_held_out_round_is_measured_on_its_own_files_only(lexicon: Lexicon) -> None:
    rows = read_corpus_dir(DEFAULT_CORPUS_DIR)
    every = [r for r in rows if round_of(r) is None][::15]
    rounds = [r for r in rows if (found := round_of(r)) is not None and found[1] in (7, 8)][::3]
    result = hold_out(lexicon, every + rounds, 8, SMALL)
    held = [r for r in rounds if round_of(r) == ("blind", 8)]
    held_everyday = [r for r in rounds if round_of(r) == ("everyday", 8)]
    assert result.round == 8
    assert (result.blind["risk_texts"], result.blind["everyday_texts"]) == (
        sum(r.severity != "none" for r in held),
        sum(r.severity == "none" for r in held),
    )
    assert result.everyday["everyday_texts"] == len(held_everyday)
    # Round 8 (and any text equal to one of its texts in canonical form) is not trained on.
    assert result.training_texts <= len(every) + len(rounds) - len(held) - len(held_everyday)
    high, concern, _, immediate, on_concern = result.thresholds
    assert immediate is None or 0 < immediate < 1
    assert 0 < concern <= high < 1
    assert on_concern is None or 0 < on_concern < high
    assert result.to_dict()["thresholds"]["lexicon_concern"] == on_concern
    assert format_table([result]).splitlines()[1].split()[0] == "8"
