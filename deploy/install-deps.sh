#!/usr/bin/env bash
# System packages Tribunal needs on a build or driver machine: a JDK 17 and Maven.
# Everything else comes from Maven Central through the pom. Safe to run again.
set -euo pipefail
need=()
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing: ${need[*]}; run as root or install them with apt-get" >&2
    exit 1
  fi
  apt-get update -q && apt-get install -y -q "${need[@]}"
fi
