"""One source per fact: the list of needs and the crisis-line phrase each live in one place."""

from __future__ import annotations

import ast
import json

import nlu
import nlu.types
import signposting
import signposting.needs
from flows.context import CrisisLine, ServiceInfo
from tests.support import ROOT

PACKAGES = ("bot", "flows", "nlu", "signposting", "safeguarding")


def test_nlu_and_signposting_read_the_same_needs_file() -> None:
    assert nlu.types.NEEDS_FILE.resolve() == signposting.needs.NEEDS_FILE.resolve()
    listed = json.loads(signposting.needs.NEEDS_FILE.read_text(encoding="utf-8"))["needs"]
    assert nlu.NEEDS == signposting.NEEDS == tuple(n["value"] for n in listed)
    assert set(signposting.NEED_LABELS) == set(signposting.NEEDS)
    assert all(label.isascii() for label in signposting.NEED_LABELS.values())


def test_no_module_spells_out_the_needs_list_again() -> None:
    """A tuple, list or set literal naming every need (the old copies in nlu/types.py and needs.py)."""
    needs = set(signposting.NEEDS)
    copies = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Tuple | ast.List | ast.Set):
                    words = {
                        e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
                    }
                    if needs <= words:
                        copies.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert copies == []


def test_the_crisis_phrase_is_worded_in_one_place() -> None:
    service = ServiceInfo(
        crisis_lines=(
            CrisisLine("Emergency", "999"),
            CrisisLine("Shout", "85258", "text", "SHOUT"),
            CrisisLine("Samaritans", "116 123"),
        )
    )
    assert service.crisis_text() == "text SHOUT to 85258 or call Samaritans 116 123"
    assert (
        service.crisis_text(skip_emergency=False)
        == "call 999, text SHOUT to 85258 or call Samaritans 116 123"
    )
    joiners = [
        f"{path.relative_to(ROOT)}"
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if '" or " + parts[-1]' in path.read_text(encoding="utf-8")
    ]
    assert joiners == ["flows/context.py"]
