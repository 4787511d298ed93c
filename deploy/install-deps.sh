#!/usr/bin/env bash
# System packages Tribunal needs on a build or driver machine: a JDK 17 and Maven, python3
# (the tests compile the Airflow DAG in deploy/airflow) and Chromium, which the test suite uses
# headless to check that run reports (report.html) draw. Everything else comes from Maven Central
# through the pom. Safe to run again.
set -euo pipefail
need=()
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing: ${need[*]}; run as root or install them with apt-get" >&2
    exit 1
  fi
  apt-get update -q && apt-get install -y -q "${need[@]}"
fi
