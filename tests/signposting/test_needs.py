from signposting.needs import GENERAL, NEEDS, needs_for_term


def test_fourteen_needs_match_the_nlu_contract() -> None:
    assert len(NEEDS) == 14
    assert "bullying" in NEEDS and "drugs_alcohol" in NEEDS


def test_waymark_vocabulary_matches_codes_exactly() -> None:
    assert needs_for_term("waymark-need", "bullying", "anything") == {"bullying"}
    assert needs_for_term("waymark-need", "general", None) == {GENERAL}
    assert needs_for_term("waymark-need", "bulying", None) is None


def test_other_vocabularies_match_synonyms_on_code_then_name() -> None:
    assert needs_for_term("esd", None, "Substance misuse") == {"drugs_alcohol"}
    assert needs_for_term("esd", None, "Youth clubs") == {"loneliness"}
    assert needs_for_term("esd", "x1", "Domestic abuse") == {"family", "relationships"}
    assert needs_for_term("esd", None, "LGBTQ+") == {"lgbtq"}


def test_unknown_terms_are_none_not_dropped_silently() -> None:
    assert needs_for_term("taxonomy", "code", "name") is None
    assert needs_for_term(None, None, None) is None
