"""Throttling, server errors, resets, stalls and cut bodies between aqpipe and S3.

The fault proxy injects them on a share of requests; every byte must still
arrive exactly once (the SHA-256 of each object read equals the uploaded
one), uploads must complete whole, and a failure that does not go away must
end the run with a non-zero exit that names it.
"""

from __future__ import annotations

import gzip
import hashlib
import random
import re

import pytest
from support.aws_env import clean_env, run_aqpipe, static_keys, unique_name
from support.fault_proxy import FaultProxy


def fault_env(home, endpoint, **extra):
    # A 1 s read timeout so that stalls (3 s) are cut short; a deeper retry
    # budget than the default, as a flaky network would call for.
    settings = {"AWS_ENDPOINT_URL": endpoint, "AQPIPE_AWS_READ_TIMEOUT": 1, "AWS_MAX_ATTEMPTS": 8, **static_keys()}
    settings.update(extra)
    return clean_env(home, **settings)


@pytest.fixture(scope="module")
def objects(moto):
    """A bucket of objects of many sizes, some gzip, and their SHA-256s."""
    from support.moto_server import boto3_client

    s3 = boto3_client("s3", moto.url)
    bucket = unique_name("faults")
    s3.create_bucket(Bucket=bucket)
    rng = random.Random(7)
    digests = {}
    for i in range(24):
        size = rng.choice([0, 1, 100, 70_000, 1_500_000, 3_000_000])
        lines = []
        total = 0
        while total < size:
            line = f'{{"location_id": {i}, "value": {rng.random()}, "pad": "{"x" * rng.randint(0, 200)}"}}\n'
            lines.append(line)
            total += len(line)
        body = "".join(lines).encode()
        key = f"raw/open_aq/part-{i:03d}.json"
        if i % 3 == 0:
            body = gzip.compress(body, compresslevel=1)
            key += ".gz"
        s3.put_object(Bucket=bucket, Key=key, Body=body)
        digests[f"s3://{bucket}/{key}"] = hashlib.sha256(body).hexdigest()
    return bucket, digests


def read_digests(stdout: str) -> dict[str, str]:
    return dict((path, digest) for path, digest in re.findall(r"(s3://\S+)\s+sha256:([0-9a-f]{64})", stdout))


def test_reads_are_exact_through_faults(aqpipe_bin, moto, objects, home):
    bucket, digests = objects
    with FaultProxy(moto.url, rate=0.3, seed=11, stall_seconds=3) as proxy:
        env = fault_env(home, proxy.url)
        result = run_aqpipe(aqpipe_bin, ["aws-check", "--source", f"s3://{bucket}/raw/open_aq/", "--read-all"],
                            env, timeout=600)
        counts = dict(proxy.counts)
    assert result.returncode == 0, result.stderr
    assert read_digests(result.stdout) == digests
    assert proxy.injected >= 5, counts
    assert len({kind for kind in ("500", "503", "reset", "stall", "cut") if counts.get(kind)}) >= 3, counts


def test_cut_bodies_resume_from_the_last_byte(aqpipe_bin, moto, objects, home):
    bucket, digests = objects
    # Only cuts, on most requests: large objects arrive over several ranged GETs.
    with FaultProxy(moto.url, rate=0.6, faults=("cut",), seed=5, max_in_a_row=3) as proxy:
        env = fault_env(home, proxy.url)
        result = run_aqpipe(aqpipe_bin, ["aws-check", "--source", f"s3://{bucket}/raw/open_aq/", "--read-all"],
                            env, timeout=600)
        assert proxy.counts["cut"] >= 3
    assert result.returncode == 0, result.stderr
    assert read_digests(result.stdout) == digests


def test_multipart_upload_through_faults(aqpipe_bin, moto, objects, home, s3):
    bucket, _ = objects
    key = "out/probe.bin"
    size = 20 * 1024 * 1024 + 123  # three parts of 8 MiB+
    with FaultProxy(moto.url, rate=0.25, faults=("503", "reset", "stall"), seed=3) as proxy:
        env = fault_env(home, proxy.url)
        result = run_aqpipe(aqpipe_bin, ["aws-check", "--write-probe", f"s3://{bucket}/{key}",
                                         "--probe-bytes", str(size), "--keep-probe"], env, timeout=600)
    assert result.returncode == 0, result.stderr
    head = s3.head_object(Bucket=bucket, Key=key)
    assert head["ContentLength"] == size
    assert head["ETag"].strip('"').endswith("-3")
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


def test_small_write_probe_is_a_single_put_and_is_deleted(aqpipe_bin, moto, objects, home, s3):
    bucket, _ = objects
    env = fault_env(home, moto.url)
    result = run_aqpipe(aqpipe_bin, ["aws-check", "--write-probe", f"s3://{bucket}/out/small.bin"], env)
    assert result.returncode == 0, result.stderr
    assert "4096 bytes written and read back" in result.stdout
    assert s3.list_objects_v2(Bucket=bucket, Prefix="out/small.bin").get("KeyCount") == 0


def test_a_failure_that_does_not_go_away_ends_the_run(aqpipe_bin, moto, objects, home):
    bucket, _ = objects
    with FaultProxy(moto.url, rate=1.0, faults=("503",), max_in_a_row=1_000_000) as proxy:
        env = fault_env(home, proxy.url, AWS_MAX_ATTEMPTS=3)
        result = run_aqpipe(aqpipe_bin, ["aws-check", "--source", f"s3://{bucket}/raw/open_aq/"], env, timeout=120)
        assert proxy.counts["503"] >= 3
    assert result.returncode != 0
    print(result.stderr)
    assert "SlowDown" in result.stderr, result.stderr
