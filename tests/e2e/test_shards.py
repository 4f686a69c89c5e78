"""Scale-out (docs/scale-out.md): `aqpipe run --run-stage URI --shard I/N` as parallel processes,
then one `aqpipe load --run-stage URI`, gives the table one unsharded `run` gives, in every
warehouse (SQLite; PostgreSQL on a real server; Snowflake on fakesnow's stand-in); a stage with a
missing or unfinished shard is refused by name; rerunning a shard or the load adds nothing."""

from __future__ import annotations

import concurrent.futures
import json
import pathlib
import re
import shutil
import signal
import subprocess
import time

import pytest

from .runner import REPO
from .warehouses import WAREHOUSES

SAMPLE = REPO / "data" / "sample"  # 7 files, one overlapping another: duplicates across shards


def loaded(stdout: str) -> int:
    match = re.search(r"loaded ([\d,]+) new rows", stdout)
    assert match, stdout
    return int(match.group(1).replace(",", ""))


def run_shards(aqpipe, source, stage, count, indexes=None, extra=()):
    """The shards as parallel processes, like an array job's children."""
    def one(index):
        return aqpipe("run", "--source", source, "--run-stage", stage, "--shard", f"{index}/{count}",
                      "--threads", "1", *extra)
    with concurrent.futures.ThreadPoolExecutor(max_workers=count) as pool:
        results = list(pool.map(one, range(count) if indexes is None else indexes))
    for result in results:
        assert result.code == 0, result.stderr
    return results


def sorted_table(table):
    assert table is not None
    return table.columns, table.types, sorted(table.rows, key=repr)


@pytest.fixture(params=WAREHOUSES, ids=[w.name for w in WAREHOUSES])
def warehouse(request):
    cls = request.param
    reason = cls.available()
    if reason:
        pytest.skip(f"{cls.name}: {reason}")
    instances = []

    def make():
        instance = cls(*(request.getfixturevalue(name) for name in cls.fixtures))
        instances.append(instance)
        return instance

    yield make
    for instance in instances:
        instance.close()


# fakesnow is slow per row inserted: the Snowflake case loads two small files of the sample (the
# others load all of it, where belgium-2024-01 and -07-overlap, sharing 100 keys, fall in
# different shards: deduplication across shards).
SMALL = ("belgium-2024-04.jsonl.gz", "belgium-2024-07-overlap.jsonl")


def test_three_shards_then_load_equal_one_run_and_reloads_add_nothing(aqpipe, tmp_workdir, warehouse):
    single, sharded = warehouse(), warehouse()
    (tmp_workdir / "single").mkdir()
    (tmp_workdir / "sharded").mkdir()
    source = SAMPLE
    if single.name == "snowflake":
        source = tmp_workdir / "small"
        source.mkdir()
        for name in SMALL:
            shutil.copy(SAMPLE / name, source / name)
    one = aqpipe("run", "--source", source, "--warehouse", single.url(tmp_workdir / "single"),
                 *single.extra_args(), env=single.env())
    assert one.code == 0, one.stderr

    stage = tmp_workdir / "stage"
    run_shards(aqpipe, source, stage, 3)
    assert sorted(p.name for p in stage.iterdir()) == ["shard-0-of-3", "shard-1-of-3", "shard-2-of-3"]
    target = sharded.url(tmp_workdir / "sharded")
    load = aqpipe("load", "--run-stage", stage, "--warehouse", target, *sharded.extra_args(), env=sharded.env())
    assert load.code == 0, load.stderr
    assert loaded(load.stdout) == loaded(one.stdout) > 0
    expected = sorted_table(single.read_table("measurements"))
    assert sorted_table(sharded.read_table("measurements")) == expected

    again = aqpipe("load", "--run-stage", stage, "--warehouse", target, *sharded.extra_args(), env=sharded.env())
    assert again.code == 0, again.stderr
    assert loaded(again.stdout) == 0
    if sharded.keeps_ledger:  # every source file of the stage is in the ledger: none read again
        assert re.search(r"skipped [\d,]+ source files already in the load ledger", again.stdout), again.stdout
    # A rerun shard replaces its folder; loading again still adds nothing twice.
    run_shards(aqpipe, source, stage, 3, indexes=[1])
    third = aqpipe("load", "--run-stage", stage, "--warehouse", target, *sharded.extra_args(), env=sharded.env())
    assert third.code == 0, third.stderr
    assert loaded(third.stdout) == 0
    assert sorted_table(sharded.read_table("measurements")) == expected


@pytest.mark.parametrize("count", [1, 4, 8])
def test_any_shard_count_loads_the_one_run_table(aqpipe, tmp_workdir, count):
    """N = 1 (a single job with --run-stage), 4, and 8 (more shards than the sample's 7 files:
    one shard stages an empty manifest)."""
    from .warehouses import SQLiteWarehouse

    one = aqpipe("run", "--source", SAMPLE, "--warehouse", "sqlite:one.db")
    assert one.code == 0, one.stderr
    run_shards(aqpipe, SAMPLE, tmp_workdir / "stage", count)
    load = aqpipe("load", "--run-stage", tmp_workdir / "stage", "--warehouse", "sqlite:sharded.db")
    assert load.code == 0, load.stderr
    assert loaded(load.stdout) == loaded(one.stdout)
    tables = []
    for name in ("one.db", "sharded.db"):
        warehouse = SQLiteWarehouse()
        warehouse.path = tmp_workdir / name
        tables.append(sorted_table(warehouse.read_table("measurements")))
    assert tables[0] == tables[1]


def test_shards_split_the_files_disjointly_and_record_their_sources(aqpipe, tmp_workdir):
    stage = tmp_workdir / "stage"
    run_shards(aqpipe, SAMPLE, stage, 3)
    seen = []
    for index in range(3):
        manifest = json.loads((stage / f"shard-{index}-of-3" / "manifest.json").read_text())
        seen += [pathlib.Path(s["path"]).name for s in manifest["sources"]]
        assert sum(s["rows"] for s in manifest["sources"]) == manifest["rows"]
    assert sorted(seen) == sorted(p.name for p in SAMPLE.iterdir())


def test_shard_comes_from_the_array_job_environment(aqpipe, tmp_workdir):
    stage = tmp_workdir / "stage"
    for index in range(2):
        result = aqpipe("run", "--source", SAMPLE, "--run-stage", stage,
                        env={"AWS_BATCH_JOB_ARRAY_INDEX": str(index), "AWS_BATCH_JOB_ARRAY_SIZE": "2"})
        assert result.code == 0, result.stderr
        assert f"shard {index}/2" in result.stdout
    # A Kubernetes indexed job, configured by AQPIPE_* variables only.
    k8s = aqpipe("run", env={"AQPIPE_SOURCE": str(SAMPLE), "AQPIPE_RUN_STAGE": str(tmp_workdir / "k8s"),
                             "JOB_COMPLETION_INDEX": "1", "AQPIPE_SHARD_COUNT": "4"})
    assert k8s.code == 0, k8s.stderr
    assert (tmp_workdir / "k8s" / "shard-1-of-4" / "manifest.json").exists()
    assert sorted(p.name for p in stage.iterdir()) == ["shard-0-of-2", "shard-1-of-2"]
    load = aqpipe("load", "--run-stage", stage, "--warehouse", "sqlite:env.db")
    assert load.code == 0, load.stderr
    assert loaded(load.stdout) == 3700
    half = aqpipe("run", "--source", SAMPLE, "--run-stage", stage, env={"AWS_BATCH_JOB_ARRAY_INDEX": "0"})
    assert half.code == 2 and "AWS_BATCH_JOB_ARRAY_SIZE" in half.stderr


def test_load_refuses_a_missing_shard_by_name(aqpipe, tmp_workdir):
    stage = tmp_workdir / "stage"
    run_shards(aqpipe, SAMPLE, stage, 3, indexes=[0, 2])
    result = aqpipe("load", "--run-stage", stage, "--warehouse", "sqlite:air.db")
    assert result.code == 1, result.stderr
    assert "shard-1-of-3 (no manifest.json" in result.stderr
    assert "shard-0-of-3" not in result.stderr and "shard-2-of-3" not in result.stderr
    assert not (tmp_workdir / "air.db").exists()


def test_failed_shard_leaves_no_manifest_and_load_refuses_until_it_is_rerun(aqpipe, tmp_workdir):
    source = tmp_workdir / "src"
    shutil.copytree(SAMPLE, source)
    bad = source / "zz-bad.jsonl"
    bad.write_text("not json\n" * 5)
    stage = tmp_workdir / "stage"
    results = [aqpipe("run", "--source", source, "--run-stage", stage, "--shard", f"{i}/2",
                      "--max-bad-records", "0") for i in range(2)]
    assert sorted(r.code for r in results) == [0, 3], [r.stderr for r in results]
    failing = [r.code for r in results].index(3)
    folder = stage / f"shard-{failing}-of-2"
    assert not (folder / "manifest.json").exists()
    assert not list(folder.glob("part-*"))  # the failed run removed its own parts
    refused = aqpipe("load", "--run-stage", stage, "--warehouse", "sqlite:air.db")
    assert refused.code == 1
    assert f"shard-{failing}-of-2 (" in refused.stderr
    bad.unlink()
    rerun = aqpipe("run", "--source", source, "--run-stage", stage, "--shard", f"{failing}/2")
    assert rerun.code == 0, rerun.stderr
    load = aqpipe("load", "--run-stage", stage, "--warehouse", "sqlite:air.db")
    assert load.code == 0, load.stderr
    assert loaded(load.stdout) == 3700


def test_killed_shard_leaves_no_manifest_and_its_rerun_completes_the_stage(aqpipe, aqpipe_bin, tmp_workdir):
    source = tmp_workdir / "gen"
    made = aqpipe("generate", "--rows", "100000", "--files", "4", "--seed", "5", "--out", source)
    assert made.code == 0, made.stderr
    stage = tmp_workdir / "stage"
    run_shards(aqpipe, source, stage, 2, indexes=[0])
    folder = stage / "shard-1-of-2"
    process = subprocess.Popen([str(aqpipe_bin), "run", "--source", str(source), "--run-stage", str(stage),
                                "--shard", "1/2", "--threads", "1"], cwd=tmp_workdir,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        # A part is being written once its temporary file exists; the manifest comes after it.
        while process.poll() is None and not list(folder.glob("*.aqpipe-tmp-*")) and time.monotonic() < deadline:
            time.sleep(0.002)
        still_running = process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert still_running, "the shard finished before it could be killed: generate more rows"
    assert not (folder / "manifest.json").exists()
    refused = aqpipe("load", "--run-stage", stage, "--warehouse", "sqlite:air.db")
    assert refused.code == 1 and "shard-1-of-2 (no manifest.json" in refused.stderr, refused.stderr
    rerun = aqpipe("run", "--source", source, "--run-stage", stage, "--shard", "1/2")
    assert rerun.code == 0, rerun.stderr
    assert not list(folder.glob("*.aqpipe-tmp-*"))  # the rerun removed what the killed run left
    load = aqpipe("load", "--run-stage", stage, "--warehouse", "sqlite:air.db")
    assert load.code == 0, load.stderr
    one = aqpipe("run", "--source", source, "--warehouse", "sqlite:one.db")
    assert loaded(load.stdout) == loaded(one.stdout) > 0


def test_load_refuses_shards_of_two_splits(aqpipe, tmp_workdir):
    stage = tmp_workdir / "stage"
    run_shards(aqpipe, SAMPLE, stage, 2)
    run_shards(aqpipe, SAMPLE, stage, 3, indexes=[0])
    result = aqpipe("load", "--run-stage", stage, "--warehouse", "sqlite:air.db")
    assert result.code == 1
    assert "split 2, 3 ways" in result.stderr


def test_shard_usage_errors(aqpipe, tmp_workdir):
    alone = aqpipe("run", "--source", SAMPLE, "--shard", "0/2", "--warehouse", "sqlite:x.db")
    assert alone.code == 2 and "--run-stage" in alone.stderr
    both = aqpipe("run", "--source", SAMPLE, "--run-stage", "stage", "--warehouse", "sqlite:x.db")
    assert both.code == 2 and "aqpipe load" in both.stderr
    bad = aqpipe("run", "--source", SAMPLE, "--run-stage", "stage", "--shard", "3/3")
    assert bad.code == 2 and "0 <= I < N" in bad.stderr
    stdin = aqpipe("run", "--source", "-", "--run-stage", "stage")
    assert stdin.code == 2 and "standard input" in stdin.stderr
    no_stage = aqpipe("load", "--warehouse", "sqlite:x.db")
    assert no_stage.code == 2 and "--run-stage" in no_stage.stderr
    empty = aqpipe("load", "--run-stage", tmp_workdir / "nothing", "--warehouse", "sqlite:x.db")
    assert empty.code == 1 and "no shard-I-of-N/ folder" in empty.stderr
    assert not (tmp_workdir / "x.db").exists()


def test_ledger_skips_the_rows_of_files_loaded_before_when_the_split_changes(aqpipe, tmp_workdir, postgres_server):
    """--no-dedup: only the load ledger keeps rows from loading twice. Files loaded from a 2-way
    split are skipped row for row when new files arrive and the source is split 3 ways."""
    from .warehouses import PostgresWarehouse

    if PostgresWarehouse.available():
        pytest.skip(PostgresWarehouse.available())
    single, sharded = PostgresWarehouse(postgres_server), PostgresWarehouse(postgres_server)
    try:
        source = tmp_workdir / "src"
        source.mkdir()
        names = sorted(p.name for p in SAMPLE.iterdir())
        for name in names[:3]:
            shutil.copy(SAMPLE / name, source / name)
        target = sharded.url(tmp_workdir)
        run_shards(aqpipe, source, tmp_workdir / "stage-a", 2, extra=("--no-dedup",))
        first = aqpipe("load", "--run-stage", tmp_workdir / "stage-a", "--warehouse", target)
        assert first.code == 0, first.stderr
        for name in names[3:]:
            shutil.copy(SAMPLE / name, source / name)
        run_shards(aqpipe, source, tmp_workdir / "stage-b", 3, extra=("--no-dedup",))
        second = aqpipe("load", "--run-stage", tmp_workdir / "stage-b", "--warehouse", target)
        assert second.code == 0, second.stderr
        assert "skipped 3 source files already in the load ledger" in second.stdout, second.stdout
        one = aqpipe("run", "--source", source, "--no-dedup", "--warehouse", single.url(tmp_workdir))
        assert one.code == 0, one.stderr
        assert loaded(first.stdout) + loaded(second.stdout) == loaded(one.stdout)
        assert sorted_table(sharded.read_table("measurements")) == sorted_table(single.read_table("measurements"))
    finally:
        single.close()
        sharded.close()
