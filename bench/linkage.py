"""Benchmark (not a test): batch linkage of a million synthetic person records with the model of
`lidhja persons link` (cases/domain/matching.py: Splink 4 on DuckDB, fixed m/u, the same
blocking rules), and its precision and recall against the injected duplicates.

The records come from tests/cases/linkage_synthetic.py (seed 2009: invented Albanian-looking
names, about 12% of persons recorded again with typing and romanisation slips, swapped names
and date slips). Their tokens are made by the real token code (cases/domain/tokens.py) with a
fresh keyring, then kept as the 64-bit integers the linkage reads. The generation is timed
apart. Each linkage run is a child process of its own, so that its peak memory (RSS, DuckDB
included) is its own: load the tokens into DuckDB, predict, read the proposed pairs.

    .venv/bin/python bench/linkage.py              # 1,000,000 records, 3 runs
    BENCH_LINK_RECORDS=100000 BENCH_LINK_RUNS=1 .venv/bin/python bench/linkage.py
    BENCH_LINK_TOKENS=/tmp/tokens-1m.npz .venv/bin/python bench/linkage.py  # generate once
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RECORDS = int(os.environ.get("BENCH_LINK_RECORDS", "1000000"))
RUNS = int(os.environ.get("BENCH_LINK_RUNS", "3"))
# A file of tokens generated before (by a run with the same BENCH_LINK_RECORDS) to link again
# without generating them anew: kept there, and made there when it does not exist yet.
TOKENS = os.environ.get("BENCH_LINK_TOKENS", "")
SEED = 2009


def _django() -> None:
    os.environ.setdefault("LIDHJA_DATA_DIR", tempfile.mkdtemp(prefix="lidhja-bench-link-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lidhja.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()


def generate(path: Path) -> float:
    """Write the records' tokens (one int64 column per kind, 0 where absent) and entities."""
    from tests.cases.linkage_synthetic import Register, tokeniser

    from lidhja.cases.domain import crypto, matching

    started = time.perf_counter()
    columns = {kind: np.zeros(RECORDS, dtype=np.int64) for kind in matching.COLUMNS}
    entities = np.zeros(RECORDS, dtype=np.int64)
    tokens_of = tokeniser(crypto.Keyring.generate(), matching.as_int)
    for index, record in enumerate(Register(seed=SEED).records(RECORDS)):
        entities[index] = record.entity
        for kind, value in tokens_of(record).items():
            columns[kind][index] = value
    np.savez(path, entities=entities, **columns)
    return time.perf_counter() - started


def link(path: Path) -> dict:
    """One linkage run (in a child process): load, predict, read the pairs."""
    import duckdb
    import pandas as pd

    from lidhja.cases.domain import matching

    data = np.load(path)
    # One record a person (the synthetic persons have no aliases): unique_id is person * VARIANTS.
    frame = pd.DataFrame({"unique_id": np.arange(RECORDS, dtype=np.int64) * matching.VARIANTS})
    for kind in matching.COLUMNS:
        frame[kind] = data[kind]
    started = time.perf_counter()
    connection = duckdb.connect()
    nulls = ", ".join(f"NULLIF({kind}, 0) AS {kind}" for kind in matching.COLUMNS)
    connection.register("frame", frame)
    connection.execute(f"CREATE TABLE persons AS SELECT unique_id, {nulls} FROM frame")  # noqa: S608
    connection.unregister("frame")
    del frame
    loaded = time.perf_counter()
    predicted = matching.predict(connection, "persons")
    found = connection.execute(
        f"SELECT person_l AS l, person_r AS r FROM {predicted}"  # noqa: S608
    ).fetchnumpy()
    finished = time.perf_counter()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    np.savez(path.with_suffix(".pairs.npz"), l=found["l"], r=found["r"])
    return {
        "seconds": finished - started,
        "load_seconds": loaded - started,
        "pairs": len(found["l"]),
        "peak_rss_mb": peak_kb / 1024,
    }


def quality(path: Path) -> tuple[float, float, int, int]:
    from tests.cases.linkage_synthetic import precision_recall, true_pairs

    entities = np.load(path)["entities"].tolist()
    pairs = np.load(path.with_suffix(".pairs.npz"))
    found = set(zip(pairs["l"].tolist(), pairs["r"].tolist(), strict=True))
    truth = true_pairs(entities)
    precision, recall = precision_recall(found, truth)
    return precision, recall, len(found), len(truth)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--link":
        _django()
        print(json.dumps(link(Path(sys.argv[2]))))
        return
    _django()
    folder = Path(tempfile.mkdtemp(prefix="lidhja-bench-link-"))
    path = Path(TOKENS) if TOKENS else folder / "tokens.npz"
    print(f"Linkage of {RECORDS:,} synthetic person records (Splink on DuckDB, 2 threads)")
    if TOKENS and path.exists():
        if len(np.load(path)["entities"]) != RECORDS:
            sys.exit(f"{path} holds another number of records than {RECORDS:,}")
        print(f"  records and tokens read from {path} (generated before)")
    else:
        seconds = generate(path)
        print(f"  records and tokens generated in {seconds:.1f} s (not part of the linkage)")
    runs = []
    for _run in range(RUNS):
        child = subprocess.run(  # noqa: S603 - this script, run again
            [sys.executable, __file__, "--link", str(path)],
            check=True,
            capture_output=True,
            text=True,
        )
        runs.append(json.loads(child.stdout.strip().splitlines()[-1]))
    times = sorted(run["seconds"] for run in runs)
    memory = max(run["peak_rss_mb"] for run in runs)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(
        f"  linkage wall time: median {statistics.median(times):.1f} s, p95 {p95:.1f} s "
        f"(n={len(times)}; loading into DuckDB {runs[0]['load_seconds']:.1f} s of it)"
    )
    print(f"  peak memory (RSS of the linking process): {memory:,.0f} MB")
    precision, recall, found, truth = quality(path)
    print(f"  pairs proposed: {found:,}; true pairs: {truth:,}")
    print(f"  precision {precision:.4f}, recall {recall:.4f}")
    path.with_suffix(".pairs.npz").unlink()
    for file in folder.iterdir():
        file.unlink()
    folder.rmdir()


if __name__ == "__main__":
    main()
