#!/usr/bin/env bash
# The body of `make rasa`: build .venv-rasa, train Rasa 3.6 (DIET) on nlu/data/nlu.yml + synonyms.yml,
# and serve it on 127.0.0.1:5005 (`waymark nlu test --engine rasa`, `waymark bench nlu --engine rasa`).
# Optional and slow (about 2.4 GB to install); not part of `make test`. Each step is skipped when done:
# the environment is rebuilt only when nlu/rasa/requirements.txt changes, and the model is retrained
# only when the training data or nlu/rasa/config.yml changes.
#
# Environment: PYTHON (default python3.11), RASA_HOST (127.0.0.1), RASA_PORT (5005),
# WAYMARK_RASA_STATE (.cache/rasa: pid file, training time, Rasa's cache), RASA_SERVE=0 to train only.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3.11}"
VENV=".venv-rasa"
STATE="${WAYMARK_RASA_STATE:-.cache/rasa}"
HOST="${RASA_HOST:-127.0.0.1}"
PORT="${RASA_PORT:-5005}"
REQUIREMENTS="nlu/rasa/requirements.txt"
CONFIG="nlu/rasa/config.yml"
MODELS="nlu/rasa/models"
MODEL="$MODELS/waymark-nlu.tar.gz"
TRAINING=(nlu/data/nlu.yml nlu/data/synonyms.yml)   # never the held-out test files

export RASA_TELEMETRY_ENABLED=false
export RASA_CACHE_DIRECTORY="$STATE/cache"
export TF_CPP_MIN_LOG_LEVEL=2
mkdir -p "$STATE" "$MODELS"

# 1. The environment. Rasa 3.6 says Python < 3.11, but runs on 3.11 with its 3.10 dependency set.
stamp="$VENV/.waymark-installed"
if [[ ! -f "$stamp" || "$REQUIREMENTS" -nt "$stamp" ]]; then
    command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
    [[ -x "$VENV/bin/python" ]] || "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --no-deps -r "$REQUIREMENTS"
    "$VENV/bin/python" -m pip install --no-deps --ignore-requires-python rasa-sdk==3.6.2 rasa==3.6.21
    touch "$stamp"
fi

# 2. Train, if the model is missing or older than its data or pipeline.
stale=0
[[ -f "$MODEL" ]] || stale=1
for source in "${TRAINING[@]}" "$CONFIG"; do
    [[ "$source" -nt "$MODEL" ]] && stale=1
done
if (( stale )); then
    data="$STATE/data"
    rm -rf "$data" && mkdir -p "$data"
    cp "${TRAINING[@]}" "$data/"
    started=$(date +%s.%N)
    "$VENV/bin/rasa" train nlu --config "$CONFIG" --nlu "$data" --out "$MODELS" --fixed-model-name waymark-nlu
    finished=$(date +%s.%N)
    awk -v a="$started" -v b="$finished" 'BEGIN { printf "%.2f\n", b - a }' > "$STATE/train_seconds"
    echo "rasa: trained in $(cat "$STATE/train_seconds") s -> $MODEL"
fi

# 3. Serve (the pid file lets `waymark bench nlu --engine rasa` read the server's memory).
if [[ "${RASA_SERVE:-1}" == "0" ]]; then
    exit 0
fi
echo $$ > "$STATE/rasa.pid"
echo "rasa: serving $MODEL on http://$HOST:$PORT (POST /model/parse)"
exec "$VENV/bin/rasa" run --enable-api -i "$HOST" -p "$PORT" -m "$MODEL"
