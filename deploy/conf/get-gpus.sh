#!/usr/bin/env bash
# Spark GPU discovery script (spark.{driver,executor}.resource.gpu.discoveryScript): prints the
# NVIDIA GPUs this container sees as Spark's resource JSON, e.g.
#   {"name": "gpu", "addresses": ["0","1"]}
# It fails (exit 1, the reason on stderr) when nvidia-smi is missing, fails, or lists no GPU: Spark
# then refuses to start the driver or executor, instead of starting one that holds no GPU and runs
# the model on the CPU.
set -euo pipefail
if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "get-gpus.sh: nvidia-smi not found: no NVIDIA driver in this container (on Kubernetes: the pod needs an nvidia.com/gpu limit and the NVIDIA runtime)" >&2
  exit 1
fi
if ! ids=$(nvidia-smi --query-gpu=index --format=csv,noheader); then
  echo "get-gpus.sh: nvidia-smi failed (driver not loaded or GPU unhealthy)" >&2
  exit 1
fi
addresses=""
while IFS= read -r line; do
  id="${line//[[:space:]]/}"
  [ -z "$id" ] && continue
  if [[ ! "$id" =~ ^[0-9]+$ ]]; then
    echo "get-gpus.sh: nvidia-smi printed '$line', not a GPU index" >&2
    exit 1
  fi
  addresses="${addresses:+$addresses,}\"$id\""
done <<< "$ids"
if [ -z "$addresses" ]; then
  echo "get-gpus.sh: nvidia-smi lists no GPU" >&2
  exit 1
fi
printf '{"name": "gpu", "addresses": [%s]}\n' "$addresses"
