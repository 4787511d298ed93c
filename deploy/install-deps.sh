#!/usr/bin/env bash
# System packages Tribunal needs on a build or driver machine: a JDK 17 and Maven, python3
# (the tests compile the Airflow DAG in deploy/airflow), Chromium, which the test suite uses
# headless to check that run reports (report.html) draw, and for the notebooks (executed by
# `mvn -B verify`) Debian's Python 3 with nbconvert, ipykernel, pandas and matplotlib. Everything
# else comes from Maven Central through the pom. Installs only what is missing; safe to run again.
set -euo pipefail
need=()
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || need+=(chromium)
# Debian's python3, not whichever one is first on PATH: the notebooks' kernel runs on it.
has_module() { [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import $1" >/dev/null 2>&1; }
has_module nbconvert || need+=(jupyter-nbconvert python3-nbconvert)
has_module ipykernel || need+=(python3-ipykernel)
has_module pandas || need+=(python3-pandas)
has_module matplotlib || need+=(python3-matplotlib)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing: ${need[*]}; run as root or install them with apt-get" >&2
    exit 1
  fi
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
fi
