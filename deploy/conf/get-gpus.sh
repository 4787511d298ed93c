#!/usr/bin/env bash
# Spark GPU discovery script: prints the visible NVIDIA GPUs as Spark's resource JSON.
set -euo pipefail
ids=$(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null | tr -d ' ' | paste -sd, - || true)
addresses=$(printf '%s' "$ids" | sed 's/\([0-9][0-9]*\)/"\1"/g')
printf '{"name": "gpu", "addresses": [%s]}\n' "$addresses"
