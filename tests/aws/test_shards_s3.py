"""Scale-out with the run stage on S3 (moto stand-in): three shards read their shares of an S3
source and stage them under s3://bucket/stage/, `aqpipe load` loads the stage into SQLite, and the
table equals one unsharded run's; an unfinished shard on S3 is refused by name."""

from __future__ import annotations

import pathlib
import re
import sqlite3
import subprocess

from support.aws_env import clean_env, run_aqpipe, static_keys, unique_name

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
SECRET = "aqpipe-test-secret-key-0001"


def table_rows(database: pathlib.Path) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return sorted(connection.execute('SELECT * FROM "measurements"').fetchall(), key=repr)


def test_stage_on_s3_loads_like_one_run(aqpipe_bin, moto, s3, home, tmp_path):
    bucket = unique_name("aqpipe-shards")
    s3.create_bucket(Bucket=bucket)
    for path in sorted(SAMPLE.iterdir()):
        s3.upload_file(str(path), bucket, "raw/" + path.name)
    source, stage = f"s3://{bucket}/raw/", f"s3://{bucket}/stage/"
    env = clean_env(home, AWS_ENDPOINT_URL=moto.url, AWS_REGION="eu-west-1", **static_keys())

    def aqpipe(*args):
        return run_aqpipe(aqpipe_bin, [str(a) for a in args], env, timeout=300, secrets=(SECRET,),
                          cwd=str(tmp_path))

    one = aqpipe("run", "--source", source, "--warehouse", f"sqlite:{tmp_path / 'one.db'}")
    assert one.returncode == 0, one.stderr
    shards = [subprocess.Popen([aqpipe_bin, "run", "--source", source, "--run-stage", stage, "--shard",
                                f"{i}/3", "--threads", "1"], env=env, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in (0, 2)]
    for shard in shards:
        _, err = shard.communicate(timeout=300)
        assert shard.returncode == 0, err
    refused = aqpipe("load", "--run-stage", stage, "--warehouse", f"sqlite:{tmp_path / 'sharded.db'}")
    assert refused.returncode == 1
    assert "shard-1-of-3 (no manifest.json" in refused.stderr, refused.stderr

    last = aqpipe("run", "--source", source, "--run-stage", stage, "--shard", "1/3")
    assert last.returncode == 0, last.stderr
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="stage/")["Contents"]]
    assert sum(k.endswith("/manifest.json") for k in keys) == 3, keys
    load = aqpipe("load", "--run-stage", stage, "--warehouse", f"sqlite:{tmp_path / 'sharded.db'}")
    assert load.returncode == 0, load.stderr
    assert re.search(r"loaded 3,700 new rows", load.stdout), load.stdout
    assert table_rows(tmp_path / "sharded.db") == table_rows(tmp_path / "one.db")
