"""Job C's database side: a throwaway PostgreSQL server (tests/support/postgres_server.py, as the
tests use: local TCP, fsync off) with a fresh database per timed run, and the floor's table made
from the DDL of the table aqpipe created (pg_dump), so COPY fills the same columns under the same
unique key."""
from __future__ import annotations

import os
import pathlib
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "tests"))
from support.postgres_server import PostgresServer  # noqa: E402,F401  (re-exported for jobs)


def fresh_database(server, name: str) -> None:
    server.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.create_database(name)


def client_env(server) -> dict:
    return dict(os.environ, PGPASSWORD=server.admin_password, PGTZ="UTC")  # the CSV's timestamps are UTC


def psql_argv(server, database: str, command: str) -> list[str]:
    return [os.path.join(server.bin_dir, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", server.host,
            "-p", str(server.port), "-U", server.admin, "-d", database, "-c", command]


def table_ddl(server, database: str, table: str) -> str:
    dump = subprocess.run([os.path.join(server.bin_dir, "pg_dump"), "-h", server.host, "-p", str(server.port),
                           "-U", server.admin, "-d", database, "--schema-only", "--no-owner", "-t", table],
                          capture_output=True, text=True, env=client_env(server), check=True)
    return dump.stdout


def apply_sql(server, database: str, sql_file: str) -> None:
    subprocess.run([os.path.join(server.bin_dir, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", server.host,
                    "-p", str(server.port), "-U", server.admin, "-d", database, "-f", sql_file],
                   env=client_env(server), check=True, capture_output=True)


def export_csv(server, database: str, table: str, out: str) -> None:
    subprocess.run(psql_argv(server, database, f"\\copy (SELECT * FROM {table}) TO '{out}' CSV HEADER"),
                   env=client_env(server), check=True, capture_output=True)
