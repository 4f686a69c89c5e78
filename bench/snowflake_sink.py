"""Snowflake-sink benchmark against stand-ins: fakesnow's server (Snowflake's protocol over HTTP,
DuckDB underneath) and moto (S3) for the bulk method's staged files. Both run on this machine and
share its cores with aqpipe, so the figures measure aqpipe plus the stand-ins, not Snowflake.

    .venv/bin/python bench/snowflake_sink.py    # bulk: 1M rows in 4 files; direct: 5,000 rows

BULK_ROWS and DIRECT_ROWS override the sizes. Each method loads into a fresh table; the log's
"loaded N new rows" is checked against N so a silent partial load cannot pass as fast.
"""
import os
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests"))
from support.fakesnow_server import FakesnowServer  # noqa: E402
from support.moto_server import MotoServer, boto3_client  # noqa: E402

BULK_ROWS = int(os.environ.get("BULK_ROWS", "1000000"))
DIRECT_ROWS = int(os.environ.get("DIRECT_ROWS", "5000"))
BIN = os.environ.get("AQPIPE_BIN", "build/release/aqpipe")


def measure(server, moto, method, rows, work):
    source = f"{work}/{method}"
    subprocess.run([BIN, "generate", "--rows", str(rows), "--files", "4", "--duplicates", "0",
                    "--out", source], check=True, stdout=subprocess.DEVNULL)
    size = sum(p.stat().st_size for p in pathlib.Path(source).glob("*.jsonl"))
    env = dict(os.environ, **server.env(), AWS_ENDPOINT_URL=moto.url, AWS_REGION="us-east-1",
               AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench-secret",
               AWS_EC2_METADATA_DISABLED="true")
    run = subprocess.run(["/usr/bin/time", "-f", "%e %M", BIN, "run", "--source", source,
                          "--warehouse", "snowflake", "--schema", "BENCH", "--table", method,
                          "--load-method", method, "--stage", "s3://bench-stage/stage/",
                          "--rejects", work + "/rejects"],
                         capture_output=True, text=True, env=env)
    if run.returncode != 0:
        sys.exit(run.stderr)
    loaded = int(run.stdout.split("loaded ")[1].split(" new rows")[0].replace(",", ""))
    if loaded != rows:
        sys.exit(f"{method}: loaded {loaded} rows, expected {rows}")
    seconds, rss_kb = run.stderr.strip().splitlines()[-1].split()
    print(f"| {method} → fakesnow (local stand-in) | {size / 1e6:.1f} MB | {rows:,} | "
          f"{float(seconds):.2f} s | {rows / float(seconds):,.0f} rows/s | {int(rss_kb) / 1024:.0f} MB |")


def main():
    work = tempfile.mkdtemp(prefix="aqpipe-sfbench-")
    with MotoServer(log_path=work + "/moto.log") as moto:
        boto3_client("s3", moto.url).create_bucket(Bucket="bench-stage")
        server = FakesnowServer(pathlib.Path(work, "fakesnow.log"), s3_endpoint=moto.url)
        try:
            print("| method | input | rows | time | throughput | peak RSS (aqpipe) |")
            print("|---|---|---|---|---|---|")
            measure(server, moto, "bulk", BULK_ROWS, work)
            measure(server, moto, "direct", DIRECT_ROWS, work)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
