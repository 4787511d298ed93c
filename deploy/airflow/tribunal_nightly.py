"""Nightly Tribunal self-improvement run on a YARN cluster (or a Spark standalone master), from Airflow.

Every night one `tribunal nightly` of the same lineage runs through spark-submit in cluster mode: the
driver (which trains the next model on its GPU) runs on the cluster, not on the Airflow worker. The
night is the run's own date (the end of its data interval), so a retried or cleared run redoes the
same night: it cleans up the crashed attempt's lock and skips the stages already completed.

Settings come from the tribunal directory on the Airflow worker (TRIBUNAL_HOME, default /opt/tribunal):
the assembly jar, and deploy/conf's get-gpus.sh, spark-defaults-gpu.conf (passed as --conf, so the
cluster's spark-defaults.conf still loads) and tribunal-nightly.yaml (shipped to the driver with --files).
The Spark connection (TRIBUNAL_SPARK_CONN, default spark_default) names the master, e.g. yarn.
"""
import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

TRIBUNAL_HOME = os.environ.get("TRIBUNAL_HOME", "/opt/tribunal")
RUN_ROOT = os.environ.get("TRIBUNAL_RUN_ROOT", "/shared/tribunal/runs")
LINEAGE = os.environ.get("TRIBUNAL_LINEAGE", "main")
SPARK_CONN = os.environ.get("TRIBUNAL_SPARK_CONN", "spark_default")


def spark_conf(path):
    """The Spark settings file as a dict: one "key value" a line, # comments."""
    if not os.path.isfile(path):
        raise FileNotFoundError(f"{path}: no Spark settings file; set TRIBUNAL_HOME to the tribunal directory"
                                " (the assembly jar and deploy/conf as conf/) on the Airflow workers")
    conf = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, _, value = line.partition(" ")
            conf[key] = value.strip()
    return conf


def nightly_arguments(root, lineage, night, config):
    """`tribunal nightly` for one night of the lineage."""
    return ["nightly", "--root", root, "--lineage", lineage, "--night", night, "-c", config]


with DAG(
    dag_id="tribunal_nightly",
    schedule="0 1 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=23),
    default_args={
        "retries": 2,
        "retry_delay": timedelta(minutes=15),
        "execution_timeout": timedelta(hours=10),
    },
    tags=["tribunal"],
) as dag:
    SparkSubmitOperator(
        task_id="nightly",
        conn_id=SPARK_CONN,
        deploy_mode="cluster",
        application=f"{TRIBUNAL_HOME}/tribunal-assembly.jar",
        java_class="dev.tribunal.jobs.cli.TribunalCli",
        application_args=nightly_arguments(RUN_ROOT, LINEAGE, "{{ data_interval_end | ds }}", "tribunal-nightly.yaml"),
        files=f"{TRIBUNAL_HOME}/conf/get-gpus.sh,{TRIBUNAL_HOME}/conf/tribunal-nightly.yaml",
        # Airflow retries the night; YARN must not start a second driver beside a half-dead first one.
        conf={**spark_conf(f"{TRIBUNAL_HOME}/conf/spark-defaults-gpu.conf"), "spark.yarn.maxAppAttempts": "1"},
        name="tribunal-nightly-{{ data_interval_end | ds }}",
        verbose=False,
    )
