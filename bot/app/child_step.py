"""Start-up steps run in a short-lived child process, so the server keeps none of their memory.

Training the NLU model (first run only) and the database upgrade load libraries and build data a
long-running server would keep as resident memory for nothing (about 110 MB and 6-10 MB). A child gives it all
back when it exits. A child that fails is logged (without its output, which may name the database) and
False returned: the caller then does the step in-process, so start-up never depends on the child and a
real error is raised there.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
"""The folder holding the project's packages, put first on the child's PYTHONPATH."""


def run_in_child(code: str, *, what: str, env: dict[str, str] | None = None, timeout: float = 600.0) -> bool:
    """Run the Python statements `code` in a child of this interpreter; True when it exited 0.

    `env` is added to this process's environment (values such as a database URL go there, never on the
    command line, where `ps` would show them).
    """
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    child_env = dict(os.environ, PYTHONPATH=path, **(env or {}))
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], env=child_env, timeout=timeout, capture_output=True
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning(
            "%s: the child process did not run (%s); doing it in this process", what, type(exc).__name__
        )
        return False
    if done.returncode != 0:
        log.warning("%s: the child process exited with %s; doing it in this process", what, done.returncode)
        return False
    return True


def train_nlu_in_child(cache_dir: Path | None = None) -> bool:
    """Train and cache the default NLU model in a child if the cache has none; True once it is cached."""
    from nlu.cache import CACHE_ENV
    from nlu.embedded import model_file

    target = model_file(cache_dir=cache_dir)
    if target.is_file():
        return True
    log.info("Training the NLU model in a child process (no cache yet)")
    env = {} if cache_dir is None else {CACHE_ENV: str(cache_dir)}
    code = "from nlu.embedded import train; train()"
    return run_in_child(code, what="NLU training", env=env, timeout=300.0) and target.is_file()
