"""`waymark bench load --plot FILE.png`: webhook latency over the run (matplotlib, imported only here)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.bench.load import Sample


def plot_latency(samples: Sequence[Sample], path: Path, figures: dict[str, Any]) -> None:
    """Each webhook's answer time against when it was sent; risk texts in red; p99 as a line."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if not samples:
        return
    t0 = min(s.at for s in samples)
    fig, ax = plt.subplots(figsize=(10, 4.5))
    plain = [s for s in samples if not s.risk]
    risky = [s for s in samples if s.risk]
    ax.scatter([s.at - t0 for s in plain], [s.ms for s in plain], s=3, alpha=0.5, label="webhook")
    ax.scatter([s.at - t0 for s in risky], [s.ms for s in risky], s=12, c="red", label="risk text")
    ax.axhline(figures["webhook_ms"]["p99"], color="grey", linestyle="--", label="p99")
    ax.set_yscale("log")
    ax.set_xlabel("seconds into the run")
    ax.set_ylabel("webhook answer (ms, log)")
    ax.set_title(
        f"{figures['database']} x{figures['processes']}: {figures['messages_per_s']} msg/s, "
        f"load {figures['load_average_before']}"
    )
    ax.legend(loc="upper right")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
