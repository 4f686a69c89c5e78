"""DuckDB's side of jobs A and B, run as its own process so it is timed like the others.

    python duckdb_job.py csv   INPUT_GLOB OUT_FILE gzip|zstd   # job A: COPY ... TO a compressed CSV
    python duckdb_job.py table INPUT_GLOB DB_FILE              # job B: a deduplicated table in DB_FILE

DuckDB runs with its defaults (one thread per core, memory up to 80% of RAM)."""
import sys

import duckdb

from flatten import KEY, duckdb_select


def main(mode: str, input_glob: str, out: str, *codec: str) -> None:
    con = duckdb.connect(out if mode == "table" else ":memory:")
    con.execute("SET TimeZone = 'UTC'")
    select = duckdb_select(input_glob)
    if mode == "csv":
        con.execute(f"COPY ({select}) TO '{out}' (FORMAT csv, HEADER, COMPRESSION {codec[0]})")
    elif mode == "table":
        con.execute(f"CREATE TABLE measurements AS SELECT DISTINCT ON ({', '.join(KEY)}) * FROM ({select})")
    else:
        raise SystemExit(f"unknown mode {mode}")
    con.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
