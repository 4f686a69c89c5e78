"""`aqpipe generate --out s3://bucket/prefix/` writes what a local `generate` writes.

generate writes through the same FileSystem seam as --source and --output, so an S3 prefix
gets byte-identical objects to the files of a local directory (same seed), each object
appears only complete (no temporary keys left behind), `aqpipe run` loads them back, and a
bucket that does not exist fails with a message that names it.
"""

from __future__ import annotations

import pathlib
import sqlite3

import pytest
from support.aws_env import clean_env, run_aqpipe, static_keys, unique_name

SECRET = "aqpipe-test-secret-key-0001"


@pytest.fixture
def env(moto, home):
    return clean_env(home, AWS_ENDPOINT_URL=moto.url, AWS_REGION="eu-west-1", **static_keys())


@pytest.fixture
def empty_bucket(s3) -> str:
    name = unique_name("aqpipe-gen")
    s3.create_bucket(Bucket=name)
    return name


def generate(aqpipe_bin, env, out, *args):
    result = run_aqpipe(aqpipe_bin, ["generate", "--seed", "5", *map(str, args), "--out", str(out)], env,
                        timeout=300, secrets=(SECRET,))
    assert result.returncode == 0, result.stderr
    return result


def objects(s3, bucket: str, prefix: str) -> dict[str, bytes]:
    listing = s3.list_objects_v2(Bucket=bucket).get("Contents", [])
    keys = sorted(o["Key"] for o in listing)
    assert all(k.startswith(prefix) for k in keys), keys
    return {k[len(prefix):]: s3.get_object(Bucket=bucket, Key=k)["Body"].read() for k in keys}


def local_files(directory: pathlib.Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.mark.parametrize("codec", ["none", "gzip", "zstd"])
def test_generate_to_s3_writes_the_same_objects_as_a_local_directory(aqpipe_bin, s3, empty_bucket, env, tmp_path,
                                                                     codec):
    args = ("--rows", "1000", "--files", "2", "--compression", codec)
    result = generate(aqpipe_bin, env, f"s3://{empty_bucket}/gen/", *args)
    assert f"s3://{empty_bucket}/gen/" in result.stdout
    generate(aqpipe_bin, env, tmp_path / "local", *args)
    suffix = {"none": "", "gzip": ".gz", "zstd": ".zst"}[codec]
    remote = objects(s3, empty_bucket, "gen/")
    assert sorted(remote) == [f"part-00000.jsonl{suffix}", f"part-00001.jsonl{suffix}"]
    assert remote == local_files(tmp_path / "local")


def test_generated_s3_objects_load_back_with_run(aqpipe_bin, s3, empty_bucket, env, tmp_path):
    generate(aqpipe_bin, env, f"s3://{empty_bucket}/gen/", "--rows", "1000", "--files", "2")
    database = tmp_path / "loaded.db"
    result = run_aqpipe(aqpipe_bin, ["run", "--source", f"s3://{empty_bucket}/gen/", "--warehouse",
                                     f"sqlite:{database}", "--table", "measurements"], env, timeout=300,
                        secrets=(SECRET,))
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(database) as connection:
        assert connection.execute('SELECT COUNT(*) FROM "measurements"').fetchone() == (1000,)


def test_generate_to_s3_without_trailing_slash_writes_under_the_prefix(aqpipe_bin, s3, empty_bucket, env):
    generate(aqpipe_bin, env, f"s3://{empty_bucket}/gen", "--rows", "10")
    assert sorted(objects(s3, empty_bucket, "gen/")) == ["part-00000.jsonl"]


def test_large_generated_object_goes_up_in_parts_and_matches_the_local_file(aqpipe_bin, s3, empty_bucket, env,
                                                                            tmp_path):
    # About 10 MB of JSON: more than the S3 file system buffers, so a multipart upload.
    generate(aqpipe_bin, env, f"s3://{empty_bucket}/big/", "--rows", "30000")
    generate(aqpipe_bin, env, tmp_path / "big", "--rows", "30000")
    remote = objects(s3, empty_bucket, "big/")
    assert list(remote) == ["part-00000.jsonl"]
    assert len(remote["part-00000.jsonl"]) > 8 << 20
    assert remote == local_files(tmp_path / "big")


def test_generate_to_a_missing_bucket_fails_and_names_it(aqpipe_bin, s3, env):
    bucket = unique_name("aqpipe-no-such-bucket")
    result = run_aqpipe(aqpipe_bin, ["generate", "--rows", "100", "--out", f"s3://{bucket}/gen/"], env,
                        timeout=120, secrets=(SECRET,))
    assert result.returncode == 1, result.stdout + result.stderr
    assert bucket in result.stderr, result.stderr
    assert "no such bucket" in result.stderr, result.stderr
    assert "check the bucket name" in result.stderr, result.stderr
    assert result.stderr.count(f"s3://{bucket}/gen/part-00000.jsonl") == 1, result.stderr
    assert "generated" not in result.stdout
    assert bucket not in [b["Name"] for b in s3.list_buckets().get("Buckets", [])]


def test_generate_to_a_malformed_bucket_name_fails_and_says_what_a_bucket_name_is(aqpipe_bin, env):
    result = run_aqpipe(aqpipe_bin, ["generate", "--rows", "100", "--out", "s3://Not_A_Bucket/gen/"], env,
                        timeout=120, secrets=(SECRET,))
    assert result.returncode == 2, result.stdout + result.stderr  # a malformed --out is a usage error
    assert "'Not_A_Bucket'" in result.stderr and "not a valid bucket name" in result.stderr, result.stderr
