"""Reads an Airflow DAG file without Airflow: the DAG's and the SparkSubmitOperator's arguments, and
the results of its pure helpers (nightly_arguments, spark_conf), as JSON on stdout.

usage: python3 dag_structure.py DAG_FILE SPARK_CONF_FILE
"""
import ast
import json
import os
import sys

TIMEDELTA_UNITS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}


def value(node):
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "timedelta":
        return sum(TIMEDELTA_UNITS[k.arg] * ast.literal_eval(k.value) for k in node.keywords)
    try:
        return ast.literal_eval(node)
    except ValueError:
        return ast.unparse(node)


def call(tree, name):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == name:
            return {k.arg: k.value for k in node.keywords}
    raise SystemExit(f"no {name}(...) call")


def main(dag_file, conf_file):
    tree = ast.parse(open(dag_file, encoding="utf-8").read(), dag_file)
    dag = call(tree, "DAG")
    defaults = {k.value: v for k, v in zip(dag["default_args"].keys, dag["default_args"].values)}
    submit = call(tree, "SparkSubmitOperator")
    helpers = ast.Module([n for n in tree.body if isinstance(n, ast.FunctionDef)], [])
    namespace = {"os": os}
    exec(compile(helpers, dag_file, "exec"), namespace)
    print(json.dumps({
        "dag": {k: value(v) for k, v in dag.items() if k != "default_args"},
        "defaults": {
            "retries": value(defaults["retries"]),
            "execution_timeout_s": value(defaults["execution_timeout"]),
        },
        "submit": {k: value(v) if k != "application_args" else ast.unparse(v) for k, v in submit.items()},
        "arguments": namespace["nightly_arguments"]("ROOT", "LINEAGE", "NIGHT", "CONFIG"),
        "spark_conf": namespace["spark_conf"](conf_file),
    }))


if __name__ == "__main__":
    main(*sys.argv[1:])
