"""Nightly Tribunal self-improvement run on a YARN cluster, from Airflow.

Runs `tribunal iterate` through spark-submit; a failed night is retried and resumes at the first
incomplete stage, because completed stages are skipped by fingerprint.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

with DAG(
    dag_id="tribunal_nightly",
    schedule="0 1 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
) as dag:
    SparkSubmitOperator(
        task_id="iterate",
        application="/opt/tribunal/tribunal-assembly.jar",
        java_class="dev.tribunal.jobs.cli.TribunalCli",
        application_args=["iterate", "--config", "/etc/tribunal/nightly.yaml", "--quiet",
                          "--run-id", "nightly-{{ ds_nodash }}"],
        properties_file="/opt/tribunal/spark-defaults-gpu.conf",
        files="/opt/tribunal/get-gpus.sh",
        conf={"spark.yarn.maxAppAttempts": "1"},
    )
