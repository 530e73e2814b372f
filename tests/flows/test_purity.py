"""The pure layer stays pure: flows import no database layer, no NLU stack and nothing of the shell."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_flows_loads_no_database_layer_and_no_nlu_stack() -> None:
    """The pure layer stays pure: the flows, the router and the registry import without SQLAlchemy,
    SQLModel, the classifier's numeric stack or anything of the shell."""
    code = (
        "import sys, flows.registry, flows.router, flows.session\n"
        "heavy = ('sqlalchemy', 'sqlmodel', 'numpy', 'bot', 'rapidfuzz')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m.startswith('nlu.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_no_flow_reads_the_nlu_training_data_or_imports_the_shell() -> None:
    for path in sorted((ROOT / "flows").glob("*.py")):
        text = path.read_text()
        assert "nlu.yml" not in text and "training_data" not in text, path.name
        assert "import bot" not in text and "from bot" not in text, path.name
