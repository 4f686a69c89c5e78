"""Writes the byte-exact input files of the cases: compressed, truncated, BOM/CRLF.

These files are committed; this script is how they were made, for review and for regenerating
after a change here (`.venv/bin/python tests/e2e/make_fixtures.py`). Plain text inputs are
committed as they are and are not listed here. Needs the `zstd` command for .zst files.
"""

from __future__ import annotations

import gzip
import json
import pathlib
import subprocess

CASES = pathlib.Path(__file__).resolve().parent / "cases"


def record(location_id: int, **extra) -> str:
    fields = {"locationId": location_id, "parameter": "pm25", "date": {"utc": "2024-01-01T00:00:00Z"}, **extra}
    return json.dumps(fields, separators=(",", ":"))


def lines(*records: str, end: str = "\n") -> bytes:
    return "".join(r + end for r in records).encode()


def gz(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6, mtime=0)


def zst(data: bytes) -> bytes:
    return subprocess.run(["zstd", "-q", "-3", "--check", "-c"], input=data, capture_output=True,
                          check=True).stdout


PRETTY_ARRAY = b"""[
  {
    "locationId": 21,
    "parameter": "pm25",
    "date": {
      "utc": "2024-01-01T00:00:00Z"
    },
    "value": 21.5
  },
  {
    "locationId": 22,
    "parameter": "pm25",
    "date": {
      "utc": "2024-01-01T00:00:00Z"
    },
    "value": 22
  }
]
"""


def fixtures() -> dict:
    truncated = gz(lines(*(record(i, value=i) for i in range(10, 60))))
    zstd_full = zst(lines(*(record(i, value=i) for i in range(10, 60))))
    return {
        # formats_mixed: every layout and codec, in one input directory
        "formats_mixed/input/4-bom-crlf.jsonl":
            b"\xef\xbb\xbf" + lines(record(41, value=41), end="\r\n") + b"\r\n\r\n" + lines(record(42, value=42),
                                                                                          end="\r\n"),
        "formats_mixed/input/sub/5-two-members.jsonl.gz":
            gz(lines(record(51, value=51))) + gz(lines(record(52, value=52))),
        "formats_mixed/input/sub/6-lines.jsonl.zst": zst(lines(record(61, value=61), record(62, value=62))),
        "formats_mixed/input/sub/7-pretty-array.json.gz": gz(PRETTY_ARRAY.replace(b'"locationId": 2',
                                                                                   b'"locationId": 7')),
        "formats_mixed/input/9-gzip-without-suffix.jsonl": gz(lines(record(91, value=91))),
        # malformed_records: a record that is not UTF-8 (Latin-1 \xe8), kept as raw_base64
        "malformed_records/input/b-latin1.jsonl":
            b'{"locationId":20,"parameter":"pm25","date":{"utc":"2024-01-01T00:00:00Z"},"city":"Li\xe8ge"}\n'
            + lines(record(21, value=21)),
        # corrupt_gzip / corrupt_zstd: the first half of a valid compressed file
        "corrupt_gzip/input/b-truncated.jsonl.gz": truncated[: len(truncated) // 2],
        "corrupt_zstd/input/b-truncated.jsonl.zst": zstd_full[: len(zstd_full) // 2],
        # truncated_array: cut inside its third record, and cut between records (no ']' at all)
        "truncated_array/input/a-cut-in-record.json":
            ("[" + record(1, value=1) + ",\n" + record(2, value=2) + ",\n" + record(3, value=3)[:30]).encode(),
        "truncated_array/input/b-cut-between-records.json":
            ("[" + record(4, value=4) + ",\n" + record(5, value=5)).encode(),
        # truncated_envelope: an API response cut inside its results, and one cut after them
        "truncated_envelope/input/a-cut-in-results.json":
            ('{"meta": {"found": 3},\n "results": [\n' + record(1, value=1) + ",\n" + record(2, value=2)
             + ",\n" + record(3, value=3)[:30]).encode(),
        "truncated_envelope/input/b-cut-after-results.json":
            ('{"results": [\n' + record(4, value=4) + "\n],\n" + ' "meta": {"found": 1, "lim').encode(),
        # array_double_comma / array_trailing_data: damaged arrays, without a final newline
        "array_double_comma/input/a.json":
            ("[" + record(1, value=1) + ",," + record(2, value=2) + "]").encode(),
        "array_trailing_data/input/a.json":
            ("[" + record(1, value=1) + "," + record(2, value=2) + "] trailing").encode(),
        # record_over_max_record_mib: a 1.5 MiB record between two small ones (gzip keeps it small)
        "record_over_max_record_mib/input/a.jsonl.gz":
            gz(lines(record(1, value=1), record(2, value=2, pad="x" * (3 << 19)), record(3, value=3))),
        # utf16_file: JSON Lines saved as UTF-16 (as Windows tools do), with its byte order mark
        "utf16_file/input/a.jsonl": lines(record(1, value=1), record(2, value=2)).decode().encode("utf-16"),
    }


def main():
    for relative, data in fixtures().items():
        path = CASES / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{len(data):6d} bytes  {relative}")


if __name__ == "__main__":
    main()
