"""Speed and memory figures for ``waymark bench nlu`` (never timed tests).

Embedded: training time, in-process ``parse`` latency (p50/p99 over every text of the held-out file,
repeated), parses per second and the memory the model adds to a fresh Python process. Rasa: the same
figures for a running server's ``/model/parse``, on the same file, so the two can be read side by side.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import httpx

from nlu.cache import cache_path, data_hash
from nlu.datasets import LabelledText, load_labelled
from nlu.embedded import EmbeddedParser, load_or_train, train, training_files
from nlu.evaluation import evaluate
from nlu.rasa_adapter import NoFallback, RasaParser
from nlu.training_data import DEFAULT_TEST_FILE

RASA_STATE_ENV = "WAYMARK_RASA_STATE"
"""Folder where scripts/rasa.sh leaves ``rasa.pid`` and ``train_seconds`` (default ``.cache/rasa``)."""


def percentile(samples: Sequence[float], q: float) -> float:
    """The `q`-th percentile (0-100) by the nearest-rank method."""
    ordered = sorted(samples)
    if not ordered:
        return 0.0
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]


def _latency(call: Callable[[str], object], texts: Sequence[str], min_calls: int) -> dict[str, float]:
    for text in texts[:20]:  # warm up
        call(text)
    rounds = max(1, -(-min_calls // max(1, len(texts))))
    samples: list[float] = []
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            before = time.perf_counter_ns()
            call(text)
            samples.append((time.perf_counter_ns() - before) / 1e6)
    elapsed = time.perf_counter() - started
    return {
        "calls": float(len(samples)),
        "p50_ms": percentile(samples, 50),
        "p99_ms": percentile(samples, 99),
        "max_ms": max(samples),
        "mean_ms": statistics.fmean(samples),
        "per_second": len(samples) / elapsed if elapsed else 0.0,
    }


def _memory_probe(cache_dir: Path) -> dict[str, float]:
    """Memory the model adds to a fresh interpreter (resident set, MB).

    ``added_memory_mb`` is measured from a baseline that has already imported what Waymark always runs
    with (asyncio, numpy, PyYAML, rapidfuzz); ``memory_incl_numpy_mb`` from a bare interpreter.
    """
    script = (
        "import json, sys\n"
        "def rss():\n"
        "    with open('/proc/self/status') as f:\n"
        "        return next(int(l.split()[1]) for l in f if l.startswith('VmRSS:')) / 1024\n"
        "bare = rss()\n"
        "import asyncio, numpy, yaml, rapidfuzz\n"
        "shared = rss()\n"
        "from nlu.embedded import load_or_train\n"
        "from pathlib import Path\n"
        "model = load_or_train(cache_dir=Path(sys.argv[1]))\n"
        "model.parse('can some1 ring me about my anxiety')\n"
        "print(json.dumps({'bare': bare, 'shared': shared, 'loaded': rss(),"
        " 'sklearn_loaded': 'sklearn' in sys.modules}))\n"
    )
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run(
        [sys.executable, "-c", script, str(cache_dir)], capture_output=True, text=True, check=True, env=env
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "added_memory_mb": figures["loaded"] - figures["shared"],
        "memory_incl_numpy_mb": figures["loaded"] - figures["bare"],
        "sklearn_imported_to_parse": float(figures["sklearn_loaded"]),
    }


def bench_embedded(
    file: Path | None = None, *, min_calls: int = 20_000, train_runs: int = 3
) -> dict[str, Any]:
    """Figures for the embedded engine on `file` (default: the held-out ``nlu/data/test.yml``)."""
    source = file or DEFAULT_TEST_FILE
    examples = load_labelled(source)
    texts = [example.text for example in examples]
    with tempfile.TemporaryDirectory(prefix="waymark-nlu-bench-") as scratch:
        timings = []
        for _ in range(train_runs):
            started = time.perf_counter()
            train(cache_dir=Path(scratch))
            timings.append(time.perf_counter() - started)
        model_file = cache_path(Path(scratch), data_hash(training_files()))
        model_mb = model_file.stat().st_size / 1e6
        memory = _memory_probe(Path(scratch))
        model = load_or_train(cache_dir=Path(scratch))
    latency = _latency(model.parse, texts, min_calls)
    quality = asyncio.run(evaluate(EmbeddedParser(model), examples, "embedded", str(source)))
    return {
        "engine": "embedded",
        "file": str(source),
        "examples": len(examples),
        "train_seconds": statistics.median(timings),
        "train_seconds_max": max(timings),
        "parse_p50_ms": latency["p50_ms"],
        "parse_p99_ms": latency["p99_ms"],
        "parse_max_ms": latency["max_ms"],
        "parses_per_second": latency["per_second"],
        "parse_calls": int(latency["calls"]),
        **memory,
        "model_file_mb": model_mb,
        "accuracy": quality.accuracy,
        "macro_f1": quality.macro_f1,
        "need_accuracy": quality.need_accuracy,
    }


def rasa_state_dir() -> Path:
    """Where scripts/rasa.sh keeps its pid and timing files."""
    return Path(os.environ.get(RASA_STATE_ENV, Path.cwd() / ".cache" / "rasa"))


def _process_tree_rss_mb(pid: int) -> float | None:
    """Resident memory of `pid` and its descendants (Linux /proc), or None if it is not running."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    total_kb, stack, seen = 0, [pid], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            if current == pid:
                return None
            continue
        total_kb += next(
            (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0
        )
        stack.extend(children.get(current, []))
    return total_kb / 1024


def bench_rasa(url: str, file: Path | None = None, *, min_calls: int = 1_000) -> dict[str, Any]:
    """Figures for a running Rasa server at `url` on the same held-out file."""
    source = file or DEFAULT_TEST_FILE
    examples: list[LabelledText] = load_labelled(source)
    texts = [example.text for example in examples]
    endpoint = url.rstrip("/")
    with httpx.Client(timeout=10.0) as client:
        version = client.get(endpoint + "/").text.strip()
        latency = _latency(
            lambda text: client.post(endpoint + "/model/parse", json={"text": text}).raise_for_status(),
            texts,
            min_calls,
        )

    async def _quality() -> Any:
        parser = RasaParser(endpoint, NoFallback(), timeout_s=10.0)
        try:
            return await evaluate(parser, examples, "rasa", str(source))
        finally:
            await parser.aclose()

    quality = asyncio.run(_quality())
    state = rasa_state_dir()
    pid_file, train_file = state / "rasa.pid", state / "train_seconds"
    memory = _process_tree_rss_mb(int(pid_file.read_text().strip())) if pid_file.is_file() else None
    return {
        "engine": "rasa",
        "server": version,
        "examples": len(examples),
        "train_seconds": float(train_file.read_text().strip()) if train_file.is_file() else None,
        "parse_p50_ms": latency["p50_ms"],
        "parse_p99_ms": latency["p99_ms"],
        "parse_max_ms": latency["max_ms"],
        "parses_per_second": latency["per_second"],
        "parse_calls": int(latency["calls"]),
        "server_memory_mb": memory,
        "accuracy": quality.accuracy,
        "macro_f1": quality.macro_f1,
        "need_accuracy": quality.need_accuracy,
    }


def bench(engine: str = "embedded", file: Path | None = None, rasa_url: str | None = None) -> dict[str, Any]:
    """``embedded``: the embedded figures. ``rasa``: embedded and Rasa figures side by side (prefixed)."""
    embedded = bench_embedded(file)
    if engine == "embedded":
        return embedded
    if engine != "rasa":
        raise ValueError(f"unknown engine {engine!r}: use 'embedded' or 'rasa'")
    rasa = bench_rasa(rasa_url or "http://127.0.0.1:5005", file)
    side_by_side: dict[str, Any] = {"file": embedded["file"], "examples": embedded["examples"]}
    for key in (
        "train_seconds",
        "parse_p50_ms",
        "parse_p99_ms",
        "parses_per_second",
        "accuracy",
        "macro_f1",
        "need_accuracy",
    ):
        side_by_side[f"embedded_{key}"] = embedded[key]
        side_by_side[f"rasa_{key}"] = rasa[key]
    side_by_side["embedded_added_memory_mb"] = embedded["added_memory_mb"]
    side_by_side["rasa_server_memory_mb"] = rasa["server_memory_mb"]
    side_by_side["rasa_server"] = rasa["server"]
    return side_by_side
