"""A run's tables as pandas DataFrames, from the folder `tribunal tables` writes.

The folder holds manifest.json and iter=<t>/<table>.jsonl (see README, "Notebooks"). It is
TRIBUNAL_RUN_TABLES, or the demo run's export, runs/demo-tables beside this folder.
"""
import json
import math
import os
import pathlib

import pandas as pd

DEFAULT = pathlib.Path(__file__).resolve().parent.parent / "runs" / "demo-tables"


def folder():
    """The export the notebooks read; a clear error when there is none."""
    path = pathlib.Path(os.environ.get("TRIBUNAL_RUN_TABLES", DEFAULT))
    if not (path / "manifest.json").is_file():
        raise FileNotFoundError(
            f"{path} is not a table export (no manifest.json). Write one with"
            f" `./tribunal tables --run-id demo --to {path}`, or point TRIBUNAL_RUN_TABLES at one.")
    return path


def manifest():
    return json.loads((folder() / "manifest.json").read_text())


def iterations():
    """The iterations that have at least one table, in order."""
    return sorted(int(p.name.split("=")[1]) for p in folder().glob("iter=*") if p.is_dir())


def table(name):
    """Every iteration's rows of one table, with the iteration they are filed under in column `iter`."""
    parts = []
    for t in iterations():
        path = folder() / f"iter={t}" / f"{name}.jsonl"
        if path.is_file() and path.stat().st_size > 0:
            parts.append(pd.read_json(path, lines=True, dtype=False).assign(iter=t))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["iter"])


def wilson(hits, n, z=1.96):
    """The 95% Wilson interval of a share: sound at small n and near 0 or 1, unlike the normal one."""
    if n == 0:
        return (math.nan, math.nan)
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (centre - half, centre + half)


def mean_interval(values, z=1.96):
    """Mean +- 1.96 standard errors, clipped to [0, 1]: the run's interval of a win rate."""
    values = pd.Series(values, dtype=float)
    if len(values) < 2:
        return (math.nan, math.nan)
    m, se = values.mean(), values.std(ddof=1) / math.sqrt(len(values))
    return (max(0.0, m - z * se), min(1.0, m + z * se))


def figure(key, value, n):
    """One figure on one line, `figure <key> <value> n=<count>`: readable, and what CI compares with the run's own."""
    if n > 0 and value is not None and math.isfinite(value):
        print(f"figure {key} {value:.12g} n={n}")
