"""The hand-rolled tf-idf features used both to train and to parse."""

from __future__ import annotations

import math

from nlu.features import Vectoriser, lookup_features, raw_features


def test_raw_features_have_words_bigrams_and_char_grams() -> None:
    counts = raw_features("Call me")
    assert counts["w call"] == 1 and counts["w me"] == 1
    assert counts["b <s> call"] == 1 and counts["b call me"] == 1 and counts["b me </s>"] == 1
    assert counts["c  c"] == 1 and counts["c all "] == 1
    assert raw_features("!!!") == {}


def test_single_letter_answers_still_have_features() -> None:
    assert raw_features("y")["c  y "] == 1


def test_transform_is_l2_normalised_and_ignores_unknown_features() -> None:
    vectoriser = Vectoriser.fit(["call me", "ring me", "hello"])
    row = vectoriser.transform("call me please")
    assert math.isclose(sum(v * v for v in row.values), 1.0)
    assert all(0 <= i < len(vectoriser.idf) for i in row.indices)
    assert vectoriser.transform("zzzz").indices == []


def test_idf_is_lower_for_common_features() -> None:
    vectoriser = Vectoriser.fit(["call me", "ring me", "hello"])
    assert vectoriser.idf[vectoriser.vocabulary["w me"]] < vectoriser.idf[vectoriser.vocabulary["w call"]]


def test_lookup_features_name_each_need_once() -> None:
    assert lookup_features([]) == []
    assert lookup_features(["sleep", "anxiety", "sleep"]) == ["n any", "n sleep", "n anxiety"]


def test_lookup_features_are_counted_and_weighted_like_the_rest() -> None:
    texts = ["cant sleep", "call me"]
    extras = [lookup_features(["sleep"]), []]
    vectoriser = Vectoriser.fit(texts, extras=extras)
    assert raw_features("cant sleep", extras[0])["n sleep"] == 1
    with_lookup = vectoriser.transform("cant sleep", extras[0])
    plain = vectoriser.transform("cant sleep")
    assert vectoriser.vocabulary["n any"] in with_lookup.indices
    assert vectoriser.vocabulary["n any"] not in plain.indices
    assert math.isclose(sum(v * v for v in with_lookup.values), 1.0)
    assert vectoriser.weigh(raw_features("call me")) == vectoriser.transform("call me")
