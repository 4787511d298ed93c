#!/usr/bin/env bash
# Submits a tribunal command to a cluster:
#   deploy/spark-submit.sh [--conf-file FILE] -- <tribunal args...>
# e.g. deploy/spark-submit.sh -- iterate --config nightly.yaml --root s3a://bucket/runs
# Builds the assembly jar when missing. Extra spark-submit options go in SPARK_SUBMIT_OPTS_EXTRA
# (e.g. "--master yarn --deploy-mode cluster --num-executors 8").
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
conf_file="$here/conf/spark-defaults-gpu.conf"
while [ $# -gt 0 ]; do
  case "$1" in
    --conf-file) conf_file="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: $0 [--conf-file FILE] -- <tribunal args>" >&2; exit 2 ;;
  esac
done
jar="$here/../spark-jobs/target/tribunal-assembly.jar"
if [ ! -f "$jar" ]; then
  (cd "$here/.." && mvn -B -q -ntp -Passembly package -DskipTests)
fi
command -v spark-submit >/dev/null || { echo "spark-submit not found on PATH" >&2; exit 1; }
# shellcheck disable=SC2086
exec spark-submit --properties-file "$conf_file" ${SPARK_SUBMIT_OPTS_EXTRA:-} \
  --files "$here/conf/get-gpus.sh" \
  --class dev.tribunal.jobs.cli.TribunalCli "$jar" "$@"
