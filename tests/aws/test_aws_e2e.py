"""End to end: `aqpipe run --source s3://...` loads exactly what a local run loads.

The bundled sample plus a few thousand generated records (some gzip) are
uploaded to a moto bucket; the table loaded from S3 must equal the table
loaded from the same files on disk, and so must the run's record counts
(records read, duplicates skipped, quarantined), directly and through the
fault proxy: no record lost, none read twice.
"""

from __future__ import annotations

import pathlib
import re
import shutil
import sqlite3
import subprocess

import pytest
from support.aws_env import clean_env, run_aqpipe, static_keys, unique_name
from support.fault_proxy import FaultProxy

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def s3_run_supported(aqpipe_bin, tmp_path_factory):
    usage = subprocess.run([aqpipe_bin, "--help"], capture_output=True, text=True, timeout=30).stdout
    for command in ("run", "generate"):
        if not re.search(rf"^\s+{command}\s", usage, re.MULTILINE):
            pytest.skip(f"this aqpipe binary has no `{command}` subcommand yet")
    home = tmp_path_factory.mktemp("probe-home")
    result = subprocess.run(
        [aqpipe_bin, "run", "--source", "s3://aqpipe-probe/none/", "--warehouse", "null"],
        env=clean_env(home, AWS_ENDPOINT_URL="http://127.0.0.1:9", AWS_MAX_ATTEMPTS=1, **static_keys()),
        capture_output=True, text=True, timeout=60)
    if "unsupported scheme" in result.stderr:
        pytest.skip("s3:// is not registered in this aqpipe binary (cli/registry_setup.cc)")


@pytest.fixture(scope="module")
def dataset(aqpipe_bin, s3_run_supported, moto, tmp_path_factory):
    """The files on disk, and the same files in a bucket."""
    from support.moto_server import boto3_client

    data = tmp_path_factory.mktemp("data")
    for path in (ROOT / "data" / "sample").iterdir():
        if path.name != "README.md":
            shutil.copy(path, data / path.name)
    for args in (["--rows", "3000", "--files", "12", "--seed", "11", "--out", data / "generated"],
                 ["--rows", "1500", "--files", "6", "--seed", "12", "--start", "2023-06-01T00:00:00Z",
                  "--compression", "gzip", "--out", data / "generated-gzip"]):
        subprocess.run([aqpipe_bin, "generate", *map(str, args)], check=True, capture_output=True, timeout=120)
    s3 = boto3_client("s3", moto.url)
    bucket = unique_name("openaq-raw")
    s3.create_bucket(Bucket=bucket)
    files = sorted(p for p in data.rglob("*") if p.is_file())
    assert len(files) > 20
    for path in files:
        s3.upload_file(str(path), bucket, "raw/open_aq/" + path.relative_to(data).as_posix())
    return data, f"s3://{bucket}/raw/open_aq/"


def table_rows(database: pathlib.Path, table: str) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)


def counts(output: str) -> list[str]:
    """The run's count lines, without paths and timings."""
    text = re.sub(r"in [0-9.]+ s", "", output)
    text = re.sub(r"into \S+", "", text)
    return re.findall(r"\d[\d,]* (?:new rows|records|duplicates|files)", text)


def load(aqpipe_bin, tmp_path, name, source, env):
    database = tmp_path / f"{name}.db"
    result = run_aqpipe(aqpipe_bin, ["run", "--source", source, "--warehouse", f"sqlite:{database}",
                                     "--table", "measurements", "--rejects", str(tmp_path / f"rejects-{name}")],
                        env, timeout=900, secrets=("aqpipe-test-secret-key-0001",))
    assert result.returncode == 0, result.stderr
    return table_rows(database, "measurements"), counts(result.stdout + result.stderr)


def test_s3_source_loads_the_same_table_as_local_files(aqpipe_bin, moto, dataset, tmp_path, home):
    data, source = dataset
    env = clean_env(home, AWS_ENDPOINT_URL=moto.url, AWS_REGION="eu-west-1", **static_keys())
    local_rows, local_counts = load(aqpipe_bin, tmp_path, "local", str(data), env)
    s3_rows, s3_counts = load(aqpipe_bin, tmp_path, "s3", source, env)
    assert len(local_rows) > 4000
    assert len(local_counts) >= 3, local_counts
    assert s3_counts == local_counts
    assert s3_rows == local_rows


def test_s3_source_through_faults_loads_exactly_the_same_table(aqpipe_bin, moto, dataset, tmp_path, home):
    data, source = dataset
    env = clean_env(home, AWS_ENDPOINT_URL=moto.url, **static_keys())
    local_rows, local_counts = load(aqpipe_bin, tmp_path, "local", str(data), env)
    with FaultProxy(moto.url, rate=0.25, seed=21, stall_seconds=3) as proxy:
        faulty = clean_env(home, AWS_ENDPOINT_URL=proxy.url, AQPIPE_AWS_READ_TIMEOUT=1, AWS_MAX_ATTEMPTS=8,
                           **static_keys())
        s3_rows, s3_counts = load(aqpipe_bin, tmp_path, "faulty", source, faulty)
        assert proxy.injected >= 5, dict(proxy.counts)
    assert s3_counts == local_counts
    assert s3_rows == local_rows


def test_a_permanent_failure_exits_non_zero_and_names_the_cause(aqpipe_bin, moto, dataset, tmp_path, home):
    _, source = dataset
    with FaultProxy(moto.url, rate=1.0, faults=("503",), max_in_a_row=1_000_000) as proxy:
        env = clean_env(home, AWS_ENDPOINT_URL=proxy.url, AWS_MAX_ATTEMPTS=3, **static_keys())
        result = run_aqpipe(aqpipe_bin, ["run", "--source", source, "--warehouse", f"sqlite:{tmp_path / 'x.db'}",
                                         "--table", "measurements", "--rejects", str(tmp_path / "rejects")], env,
                            timeout=300)
    assert result.returncode != 0
    assert "SlowDown" in result.stderr, result.stderr
    assert source.rstrip("/") in result.stderr or "s3://" in result.stderr, result.stderr


def test_output_and_rejects_can_be_s3_prefixes(aqpipe_bin, moto, s3_run_supported, tmp_path, home):
    """--output and --rejects write through S3 (multipart for large parts) like local directories."""
    from support.moto_server import boto3_client

    s3 = boto3_client("s3", moto.url)
    bucket = unique_name("aqpipe-out")
    s3.create_bucket(Bucket=bucket)
    env = clean_env(home, AWS_ENDPOINT_URL=moto.url, AWS_REGION="eu-west-1", **static_keys())
    source = ROOT / "data" / "corrupt" / "mixed-bad.jsonl"
    result = run_aqpipe(aqpipe_bin, ["run", "--source", str(source), "--output", f"s3://{bucket}/flat/",
                                     "--rejects", f"s3://{bucket}/rejects/"], env, timeout=300)
    assert result.returncode == 0, result.stderr
    keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", []))
    assert "flat/manifest.json" in keys, keys
    parts = [k for k in keys if k.startswith("flat/part-") and k.endswith(".csv.gz")]
    assert parts, keys
    import gzip
    import json
    manifest = json.loads(s3.get_object(Bucket=bucket, Key="flat/manifest.json")["Body"].read())
    assert manifest["rows"] == 23
    csv_text = gzip.decompress(s3.get_object(Bucket=bucket, Key=parts[0])["Body"].read()).decode()
    assert csv_text.count("\n") == 24  # header + 23 rows
    rejects = [k for k in keys if k.startswith("rejects/rejects-") and k.endswith(".jsonl")]
    assert len(rejects) == 1, keys
    lines = s3.get_object(Bucket=bucket, Key=rejects[0])["Body"].read().decode().splitlines()
    assert len(lines) == 7
    assert all(json.loads(line)["reason"] for line in lines)
