"""The everyday English words the bare-plan rule reads (``safeguarding/data/common_english.txt``) are exactly
what ``scripts/common_words.py`` writes from the installed wordfreq: never edited by hand."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from safeguarding.bare_plan import COMMON_WORDS

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "common_words.py"


def test_the_shipped_list_is_what_the_script_writes(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("common_words", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.OUT = tmp_path / "common_english.txt"
    module.main()
    assert module.OUT.read_text(encoding="utf-8") == COMMON_WORDS.read_text(encoding="utf-8")


def test_place_names_are_not_everyday_words() -> None:
    words = set(COMMON_WORDS.read_text(encoding="utf-8").split())
    assert {"bike", "model", "new", "dental"} <= words
    assert not {"iffley", "marsden", "allington", "orwell"} & words
