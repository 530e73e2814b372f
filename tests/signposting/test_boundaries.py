import ast
from pathlib import Path

import signposting

PACKAGE = Path(signposting.__file__).parent


def test_signposting_is_a_leaf_package() -> None:
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in {"bot", "flows", "nlu", "safeguarding"}, (path, name)


def test_no_clock_reads_in_the_package() -> None:
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text()
        assert "datetime.now(" not in text and "date.today(" not in text, path
