"""The jobs and how each tool does them, on one input:

  A-gzip / A-zstd  JSON -> flattened, timestamp-cast CSV (gzip / zstd): aqpipe --output, DuckDB
                   COPY ... TO, PySpark write.csv (gzip only: Spark's zstd needs Hadoop's native code)
  B                JSON -> deduplicated table: aqpipe into a new SQLite file, DuckDB CREATE TABLE AS
                   SELECT DISTINCT ON (key) into a new DuckDB file
  C                JSON -> PostgreSQL: aqpipe into a new database, against the floor of psql's \\copy
                   of the already-flattened, deduplicated CSV into the same table (same unique key)
  A-s3             job A's gzip run by aqpipe with the input in S3 (a moto server on loopback, a
                   stand-in: it serves from memory on the same cores) against the same from local files
  floors           read the input; libdeflate -6 and zstd -3 (one thread) of the flattened CSV;
                   aqpipe parse + flatten + cast to the null sink

Each job's `check` runs after one warm-up run of every tool and compares their outputs."""
from __future__ import annotations

import dataclasses
import glob
import os
import pathlib
import shutil
import sqlite3
import subprocess
import sys
from typing import Callable

import duckdb

import checks
import postgres
from data import Input
from flatten import COLUMNS
from measure import Runner

HERE = pathlib.Path(__file__).resolve().parent


@dataclasses.dataclass
class Job:
    key: str
    title: str
    runners: list[Runner]  # the first is aqpipe (or, for floors, the null sink)
    check: Callable[[bool], str] = lambda full: "no outputs to compare"
    enter: Callable[[], None] = lambda: None  # untimed set-up before the warm-up
    leave: Callable[[], None] = lambda: None


def _fresh_dir(path: pathlib.Path) -> Callable[[], None]:
    def prepare() -> None:
        shutil.rmtree(path, ignore_errors=True)
        path.parent.mkdir(parents=True, exist_ok=True)
    return prepare


def _remove(path: pathlib.Path) -> Callable[[], None]:
    return lambda: path.unlink(missing_ok=True)


def _py(script: str, *args) -> list[str]:
    return [sys.executable, str(HERE / script), *map(str, args)]


class Jobs:
    def __init__(self, aqpipe: str, data: Input, work: pathlib.Path):
        self.aqpipe, self.data, self.work = aqpipe, data, work
        work.mkdir(parents=True, exist_ok=True)

    def _aqpipe(self, *args) -> list[str]:
        return [self.aqpipe, "run", "--source", str(self.data.dir), "--rejects", str(self.work / "rejects"), *args]

    # -- job A -------------------------------------------------------------------------------------
    def flat_csv(self, codec: str, spark: bool) -> Job:
        ext = "gz" if codec == "gzip" else "zst"
        aq, dk, sp = (self.work / f"A-{codec}-{tool}" for tool in ("aqpipe", "duckdb", "pyspark"))
        runners = [Runner("aqpipe", self._aqpipe("--output", aq, "--compression", codec), _fresh_dir(aq)),
                   Runner("DuckDB", _py("duckdb_job.py", "csv", self.data.glob, dk / f"out.csv.{ext}", codec),
                          lambda: (_fresh_dir(dk)(), dk.mkdir()))]
        if spark:
            runners.append(Runner("PySpark", _py("spark_job.py", self.data.dir, sp, codec), _fresh_dir(sp)))

        def check(full: bool) -> str:
            outputs = {"aqpipe": aq, "DuckDB": dk, "PySpark": sp}
            relations = {tool: checks.csv_relation(sorted(glob.glob(f"{d}/*.csv.{ext}")))
                         for tool, d in outputs.items() if tool in {r.tool for r in runners}}
            rows = checks.same_rows(f"job A ({codec})", relations, full, expect=self.data.records)
            return f"{rows} rows in each tool's CSV" + (", row for row the same" if full else "")
        return Job(f"A-{codec}", f"A: JSON → flattened, timestamp-cast CSV ({codec})", runners, check)

    # -- job B -------------------------------------------------------------------------------------
    def dedup_table(self) -> Job:
        lite, duck = self.work / "B-aqpipe.db", self.work / "B-duckdb.db"
        runners = [Runner("aqpipe", self._aqpipe("--warehouse", f"sqlite:{lite}"), _remove(lite)),
                   Runner("DuckDB", _py("duckdb_job.py", "table", self.data.glob, duck), _remove(duck))]

        def check(full: bool) -> str:
            if full:
                checks.sqlite_to_csv(str(lite), "measurements", str(self.work / "B-aqpipe.csv"))
                _duckdb_table_to_csv(duck, self.work / "B-duckdb.csv")
                rows = checks.same_rows("job B", {tool: checks.csv_relation([str(self.work / f"B-{tool}.csv")])
                                                  for tool in ("aqpipe", "duckdb")}, full)
            else:
                rows = checks.agree("job B", {"aqpipe": _sqlite_count(lite), "DuckDB": _duckdb_count(duck)})
            if rows >= self.data.records:
                raise checks.CheckFailed(f"job B: {rows} rows from {self.data.records} records: nothing deduplicated")
            return f"{rows} rows in both tables ({self.data.records - rows} duplicates dropped)" + (
                ", row for row the same" if full else "")
        return Job("B", "B: JSON → deduplicated table (aqpipe: SQLite; DuckDB: its own table)", runners, check)

    # -- job C -------------------------------------------------------------------------------------
    def postgresql(self) -> Job:
        server = postgres.PostgresServer()
        flat = self.work / "C-flat-dedup.csv"
        ddl = self.work / "C-table.sql"
        names = ", ".join(name for name, _ in COLUMNS)
        aq = Runner("aqpipe", [], lambda: postgres.fresh_database(server, "bench"))

        def prepare_floor() -> None:
            # The floor's table: the DDL of the table aqpipe made (its warm-up runs first).
            if not ddl.exists():
                ddl.write_text(postgres.table_ddl(server, "bench", "measurements"))
            postgres.fresh_database(server, "floor")
            postgres.apply_sql(server, "floor", str(ddl))
        floor = Runner("COPY (floor)", [], prepare_floor)

        def enter() -> None:
            server.start()
            aq.argv = self._aqpipe("--warehouse", server.url("bench"))
            floor.argv = postgres.psql_argv(server, "floor", f"\\copy measurements ({names}) FROM '{flat}' CSV HEADER")
            floor.env = postgres.client_env(server)
            # The floor's input, made untimed: the deduplicated flattened rows as plain CSV.
            ddl.unlink(missing_ok=True)
            duck = self.work / "C-reference.db"
            duck.unlink(missing_ok=True)
            subprocess.run(_py("duckdb_job.py", "table", self.data.glob, duck), check=True)
            _duckdb_table_to_csv(duck, flat)

        def check(full: bool) -> str:
            if not full:
                rows = checks.agree("job C", {"aqpipe": int(server.psql("SELECT count(*) FROM measurements", "bench")),
                                              "COPY": int(server.psql("SELECT count(*) FROM measurements", "floor")),
                                              "DuckDB": checks.count(checks.csv_relation([str(flat)]))})
                return f"{rows} rows in aqpipe's table and the COPY floor's"
            exported = {}
            for tool, database in (("aqpipe", "bench"), ("COPY", "floor")):
                exported[tool] = str(self.work / f"C-{tool}.csv")
                postgres.export_csv(server, database, "measurements", exported[tool])
            relations = {"DuckDB reference": checks.csv_relation([str(flat)]),
                         **{tool: checks.csv_relation([path]) for tool, path in exported.items()}}
            rows = checks.same_rows("job C", relations, full)
            return f"{rows} rows in aqpipe's table and the COPY floor's, row for row as DuckDB's"
        return Job("C", "C: JSON → PostgreSQL 15 (local stand-in), against COPY of the flat CSV", [aq, floor],
                   check, enter, server.stop)

    # -- job A from S3 (a stand-in) ---------------------------------------------------------------
    def s3_source(self) -> Job:
        sys.path.insert(0, str(HERE.parents[1] / "tests"))
        from support.moto_server import MotoServer
        moto = MotoServer()
        local, remote = self.work / "A-s3-local", self.work / "A-s3-moto"
        keys = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_REGION": "eu-west-1",
                "AWS_EC2_METADATA_DISABLED": "true"}
        from_s3 = Runner("aqpipe, input in S3 (moto)", [], _fresh_dir(remote))
        runners = [Runner("aqpipe, local files", self._aqpipe("--output", local), _fresh_dir(local)), from_s3]

        def enter() -> None:
            import boto3
            moto.start()
            s3 = boto3.client("s3", endpoint_url=moto.url, region_name="eu-west-1",
                              aws_access_key_id="bench", aws_secret_access_key="bench")
            s3.create_bucket(Bucket="bench", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
            for path in sorted(glob.glob(self.data.glob)):
                s3.upload_file(path, "bench", "raw/" + os.path.basename(path))
            from_s3.argv = [self.aqpipe, "run", "--source", "s3://bench/raw/", "--rejects",
                            str(self.work / "rejects"), "--output", str(remote)]
            from_s3.env = dict(os.environ, AWS_ENDPOINT_URL=moto.url, **keys)

        def check(full: bool) -> str:
            relations = {tool: checks.csv_relation(sorted(glob.glob(f"{d}/*.csv.gz")))
                         for tool, d in (("local", local), ("S3", remote))}
            rows = checks.same_rows("job A from S3", relations, full, expect=self.data.records)
            return f"{rows} rows from S3 and from local files" + (", row for row the same" if full else "")
        return Job("A-s3", "A from S3 (moto stand-in), gzip", runners, check, enter, moto.stop)

    # -- floors ------------------------------------------------------------------------------------
    def floors(self) -> Job:
        flat = self.work / "floor-flat.csv"
        files = sorted(glob.glob(self.data.glob))

        def enter() -> None:
            if flat.exists():
                return
            parts = self.work / "floor-parts"
            shutil.rmtree(parts, ignore_errors=True)
            subprocess.run(self._aqpipe("--output", parts, "--compression", "zstd"), check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            with open(flat, "wb") as out:
                for part in sorted(parts.glob("*.csv.zst")):
                    subprocess.run(["zstd", "-dcq", str(part)], stdout=out, check=True)
            shutil.rmtree(parts)

        runners = [Runner("aqpipe → null sink", self._aqpipe("--warehouse", "null")),
                   Runner("read input (cat)", ["sh", "-c", 'exec cat "$@" >/dev/null', "cat", *files]),
                   Runner("libdeflate -6 of the flat CSV", ["sh", "-c", f"exec libdeflate-gzip -6 -c '{flat}' >/dev/null"]),
                   Runner("zstd -3, 1 thread, of the flat CSV", ["sh", "-c", f"exec zstd -3 -T1 -q -c '{flat}' >/dev/null"])]

        def check(full: bool) -> str:
            return f"flat CSV {os.path.getsize(flat) / 1e6:.1f} MB (aqpipe's output, decompressed)"
        return Job("floors", "floors", runners, check, enter)


def _duckdb_table_to_csv(db: pathlib.Path, out: pathlib.Path) -> None:
    con = duckdb.connect(str(db), read_only=True)
    con.execute(f"COPY measurements TO '{out}' (FORMAT csv, HEADER)")
    con.close()


def _duckdb_count(db: pathlib.Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT count(*) FROM measurements").fetchone()[0]
    con.close()
    return rows


def _sqlite_count(db: pathlib.Path) -> int:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT count(*) FROM measurements").fetchone()[0]
