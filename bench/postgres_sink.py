"""PostgreSQL-sink benchmark against a throwaway local PostgreSQL 15 server (a stand-in for a
production server: local socket, fsync as configured by tests/support/postgres_server.py).

    .venv/bin/python bench/postgres_sink.py        # 1M rows (~347 MB) in 4 files
"""
import os
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests"))
from support.postgres_server import PostgresServer  # noqa: E402

ROWS = int(os.environ.get("ROWS", "1000000"))
FILES = int(os.environ.get("FILES", "4"))
BIN = os.environ.get("AQPIPE_BIN", "build/release/aqpipe")


def main():
    work = tempfile.mkdtemp(prefix="aqpipe-pgbench-")
    subprocess.run([BIN, "generate", "--rows", str(ROWS), "--files", str(FILES), "--out", work + "/in"],
                   check=True, stdout=subprocess.DEVNULL)
    total = sum(p.stat().st_size for p in pathlib.Path(work, "in").glob("*.jsonl"))
    with PostgresServer() as server:
        database = server.create_database("bench")
        run = subprocess.run(["/usr/bin/time", "-f", "%e %M", BIN, "run", "--source", work + "/in",
                              "--warehouse", server.url(database), "--rejects", work + "/rejects"],
                             capture_output=True, text=True, check=True)
        seconds, rss_kb = run.stderr.strip().splitlines()[-1].split()
        print(f"| end to end → PostgreSQL 15 (local stand-in) | {total / 1e6:.1f} MB | {ROWS} | "
              f"{float(seconds):.2f} s | {total / 1e6 / float(seconds):.0f} MB/s | "
              f"{ROWS / float(seconds):.0f} rows/s | {int(rss_kb) / 1024:.0f} MB |")


if __name__ == "__main__":
    main()
