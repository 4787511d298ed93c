#!/usr/bin/env bash
# Submits a tribunal command to a Spark cluster with the GPU settings of
# deploy/conf/spark-defaults-gpu.conf. Run with --help for the options.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

usage() {
  cat <<USAGE
usage: deploy/spark-submit.sh --master URL [options] -- <tribunal command and arguments>

  e.g. deploy/spark-submit.sh --master yarn --deploy-mode cluster --num-executors 8 \\
         -- nightly --root hdfs:///tribunal/runs --lineage main -c nightly.yaml

Options:
  --master URL          yarn, spark://HOST:PORT or k8s://https://HOST:PORT (required: the wrapper
                        never falls back to a local master)
  --deploy-mode MODE    client (the driver, and so training, on this machine) or cluster (default)
  --conf-file FILE      Spark settings, one "key value" a line (default: conf/spark-defaults-gpu.conf);
                        each becomes a --conf, so the cluster's own spark-defaults.conf still loads
  --conf KEY=VALUE      one more setting, after the file's (repeatable; wins over the file)
  --files LIST          more files for the driver's and executors' working directories (e.g. the
                        tribunal YAML config in cluster mode); get-gpus.sh is always shipped
  --num-executors N     executors to start (YARN, Kubernetes)
  --jar PATH            the assembly jar (default: spark-jobs/target/tribunal-assembly.jar, built with
                        mvn -Pgpu,assembly when missing)
  --image IMAGE         Kubernetes only: the tribunal image (deploy/Dockerfile); jar and discovery
                        script are then taken from the image
  --print               print the spark-submit command, one argument per line, instead of running it
  -h, --help            this text
Anything else for spark-submit goes in SPARK_SUBMIT_OPTS_EXTRA (placed after the settings above).
USAGE
}

die() { echo "deploy/spark-submit.sh: $*" >&2; exit 2; }

master="" mode="cluster" conf_file="$here/conf/spark-defaults-gpu.conf" jar="" image="" print=0
files="" executors=""
extra_conf=()
while [ $# -gt 0 ]; do
  case "$1" in
    --master) master="${2:?--master needs a URL}"; shift 2 ;;
    --deploy-mode) mode="${2:?--deploy-mode needs client or cluster}"; shift 2 ;;
    --conf-file) conf_file="${2:?--conf-file needs a file}"; shift 2 ;;
    --conf) extra_conf+=("${2:?--conf needs KEY=VALUE}"); shift 2 ;;
    --files) files="${2:?--files needs a list}"; shift 2 ;;
    --num-executors) executors="${2:?--num-executors needs a number}"; shift 2 ;;
    --jar) jar="${2:?--jar needs a path}"; shift 2 ;;
    --image) image="${2:?--image needs an image}"; shift 2 ;;
    --print) print=1; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; break ;;
    *) usage >&2; die "unknown option '$1' (tribunal's own arguments go after --)" ;;
  esac
done
[ -n "$master" ] || die "no --master: give yarn, spark://HOST:PORT or k8s://... (locally, use ./tribunal)"
case "$master" in local*) die "--master $master: local masters cannot schedule GPUs; use ./tribunal locally" ;; esac
case "$mode" in client|cluster) ;; *) die "--deploy-mode $mode: use client or cluster" ;; esac
[ $# -gt 0 ] || die "no tribunal command after --"
[ -f "$conf_file" ] || die "--conf-file $conf_file: no such file"
for kv in "${extra_conf[@]+"${extra_conf[@]}"}"; do
  [[ "$kv" == *=* ]] || die "--conf $kv: expected KEY=VALUE"
done

# Where the jar and the discovery script are: in the image on Kubernetes, shipped from here elsewhere.
discovery="./get-gpus.sh"
if [[ "$master" == k8s://* ]]; then
  [ -n "$image" ] || die "--master $master needs --image (build it with deploy/Dockerfile)"
  app="local:///opt/tribunal/tribunal-assembly.jar"
  discovery="/opt/tribunal/get-gpus.sh"
else
  [ -z "$image" ] || die "--image is for k8s:// masters only"
  app="${jar:-$root/spark-jobs/target/tribunal-assembly.jar}"
  files="$here/conf/get-gpus.sh${files:+,$files}"
fi

cmd=(spark-submit --master "$master" --deploy-mode "$mode" --class dev.tribunal.jobs.cli.TribunalCli)
[ -z "$executors" ] || cmd+=(--num-executors "$executors")
[ -z "$files" ] || cmd+=(--files "$files")
# The file's settings as --conf: spark-submit loads the cluster's spark-defaults.conf only when no
# --properties-file is given.
while IFS= read -r line || [ -n "$line" ]; do
  line="${line#"${line%%[![:space:]]*}"}"
  case "$line" in ''|'#'*) continue ;; esac
  key="${line%%[[:space:]]*}"
  value="${line#"$key"}"
  value="${value#"${value%%[![:space:]]*}"}"
  case "$key" in
    spark.driver.resource.gpu.discoveryScript|spark.executor.resource.gpu.discoveryScript)
      # In client mode the driver runs here, where the shipped script is not in the working directory.
      if [ "$key" = spark.driver.resource.gpu.discoveryScript ] && [ "$mode" = client ]; then
        value="$here/conf/get-gpus.sh"
      elif [ "$value" = ./get-gpus.sh ]; then
        value="$discovery"
      fi ;;
  esac
  cmd+=(--conf "$key=$value")
done < "$conf_file"
[ -z "$image" ] || cmd+=(--conf "spark.kubernetes.container.image=$image")
for kv in "${extra_conf[@]+"${extra_conf[@]}"}"; do cmd+=(--conf "$kv"); done
# shellcheck disable=SC2206
[ -z "${SPARK_SUBMIT_OPTS_EXTRA:-}" ] || cmd+=(${SPARK_SUBMIT_OPTS_EXTRA})
cmd+=("$app" "$@")

if [ "$print" = 1 ]; then
  printf '%s\n' "${cmd[@]}"
  exit 0
fi
if [[ "$app" != local://* ]] && [ ! -f "$app" ]; then
  [ -z "$jar" ] || die "--jar $jar: no such file"
  echo "deploy/spark-submit.sh: building the GPU assembly (mvn -Pgpu,assembly package)..." >&2
  (cd "$root" && mvn -B -q -ntp -Pgpu,assembly -pl spark-jobs -am package -DskipTests)
fi
submit="${SPARK_HOME:+$SPARK_HOME/bin/}spark-submit"
command -v "$submit" >/dev/null || die "$submit not found: set SPARK_HOME or put spark-submit on PATH"
cmd[0]="$submit"
exec "${cmd[@]}"
