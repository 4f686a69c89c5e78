"""S3-source benchmark against a local moto endpoint (a stand-in for S3, not AWS).

Generates ROWS records over FILES objects, uploads them to a moto bucket, and times
`aqpipe run --source s3://bench/raw/ --warehouse null`.

    .venv/bin/python bench/s3_source.py            # 600k rows (~208 MB) in 8 objects
"""
import glob
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import boto3

ROWS = int(os.environ.get("ROWS", "600000"))
FILES = int(os.environ.get("FILES", "8"))
BIN = os.environ.get("AQPIPE_BIN", "build/release/aqpipe")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    work = tempfile.mkdtemp(prefix="aqpipe-s3bench-")
    subprocess.run([BIN, "generate", "--rows", str(ROWS), "--files", str(FILES), "--out", work + "/in"],
                   check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    moto = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(url + "/moto-api/")
                break
            except OSError:
                time.sleep(0.2)
        s3 = boto3.client("s3", endpoint_url=url, region_name="eu-west-1",
                          aws_access_key_id="test", aws_secret_access_key="test")
        s3.create_bucket(Bucket="bench", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        total = 0
        for path in sorted(glob.glob(work + "/in/*.jsonl")):
            s3.upload_file(path, "bench", "raw/" + os.path.basename(path))
            total += os.path.getsize(path)
        env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test",
                   AWS_REGION="eu-west-1", AWS_ENDPOINT_URL=url)
        run = subprocess.run(["/usr/bin/time", "-f", "%e %M", BIN, "run", "--source", "s3://bench/raw/",
                              "--warehouse", "null", "--rejects", work + "/rejects"],
                             env=env, capture_output=True, text=True, check=True)
        seconds, rss_kb = run.stderr.strip().splitlines()[-1].split()
        print(f"| S3 source (moto on loopback) → null sink | {total / 1e6:.1f} MB in {FILES} objects | {ROWS} | "
              f"{float(seconds):.2f} s | {total / 1e6 / float(seconds):.0f} MB/s | "
              f"{ROWS / float(seconds):.0f} rows/s | {int(rss_kb) / 1024:.0f} MB |")
    finally:
        moto.kill()


if __name__ == "__main__":
    main()
