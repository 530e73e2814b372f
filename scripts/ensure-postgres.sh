#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 for the storage tests, starting the local
# cluster if it is installed but stopped. Prints the URL ($1) when one answers; prints nothing (and a note on
# stderr) when there is none, so those tests skip.
set -u
url=${1:-postgresql://postgres@127.0.0.1:5432/test}
if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "$url"; exit 0
fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  version=$(ls /etc/postgresql | sort -n | tail -1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
  for _ in $(seq 1 20); do
    pg_isready -q -h 127.0.0.1 -p 5432 && { echo "$url"; exit 0; }
    sleep 0.5
  done
fi
echo "note: no PostgreSQL on 127.0.0.1:5432; PostgreSQL tests will be skipped" >&2
exit 0
