"""`aqpipe ingest` against the OpenAQ v3 stand-in (tests/support/openaq_server.py).

Nothing here reaches api.openaq.org: OPENAQ_API_URL points at the stand-in. The rate limits are
scaled down (a few requests a second instead of 60 a minute) through the hidden --rate-limits
option, so that counting them takes seconds, not minutes.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import time

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from support.aws_env import clean_env, static_keys, unique_name  # noqa: E402
from support.openaq_server import OpenAqServer, parse_time, records, sensor_index  # noqa: E402

KEY = "test-openaq-key-0001"
FAST = ["--retry-delay-ms", "10"]


def env_for(server: OpenAqServer, home: pathlib.Path, key: str | None = KEY, url: str | None = None,
            **extra) -> dict[str, str]:
    return clean_env(home, OPENAQ_API_URL=url or server.url, OPENAQ_API_KEY=key, LC_ALL="C.UTF-8",
                     **extra)


def ingest(aqpipe_bin, env, *args, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(aqpipe_bin), "ingest", *map(str, args)], env=env, capture_output=True,
                          text=True, timeout=timeout)


def objects(out: pathlib.Path) -> dict[str, bytes]:
    """Every data object under `out` (hidden state excluded), decompressed."""
    found = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        hidden = any(part.startswith(".") for part in rel.split("/"))
        if path.is_file() and not hidden and ".aqpipe-tmp-" not in rel:  # not state, not a temporary
            found[rel] = gzip.decompress(path.read_bytes())
    return found


def lines(found: dict[str, bytes]) -> list[dict]:
    return [json.loads(line) for body in found.values() for line in body.decode().splitlines()]


def expected(sensors, data: str, start: str, end: str) -> dict[str, list[dict]]:
    """The records the stand-in holds for `sensors`, by the object name an ingest gives them
    (one chunk per calendar month of [start, end))."""
    out: dict[str, list[dict]] = {}
    t, stop = parse_time(start), parse_time(end)
    while t < stop:
        nxt = min(stop, (t.replace(day=1) + dt.timedelta(days=32)).replace(day=1, hour=0, minute=0))
        for sensor in sensors:
            for record in records(sensor, data, t, nxt):
                day = record["period"]["datetimeTo"]["utc"][:10]
                name = f"{data}/date={day}/sensor-{sensor}-{t.strftime('%Y%m%dT%H%M%SZ')}.jsonl.gz"
                out.setdefault(name, []).append(record)
        t = nxt
    return out


def test_full_ingest_into_a_directory_writes_enriched_records_by_date(aqpipe_bin, openaq, home, tmp_path):
    out = tmp_path / "out"
    result = ingest(aqpipe_bin, env_for(openaq, home), "--country", "BE", "--parameters", "pm10,pm25",
                    "--from", "2024-01-30", "--to", "2024-02-02T06:00:00Z", "--data", "hours",
                    "--out", out)
    assert result.returncode == 0, result.stderr
    want = expected([11, 12, 21, 22], "hours", "2024-01-30", "2024-02-02T06:00:00Z")
    found = objects(out)
    assert sorted(found) == sorted(want)
    for name, body in found.items():
        got = [json.loads(line) for line in body.decode().splitlines()]
        assert [g["measurement"] for g in got] == want[name]  # the API's records, as fetched
    rows = lines(found)
    first = next(r for r in rows if r["sensorId"] == 21)
    assert first["locationId"] == 4102 and first["location"] == 'Brussel-Molenbeek "MOL"'
    assert first["parameter"] == "pm25" and first["unit"] == "µg/m³" and first["country"] == "BE"
    assert first["coordinates"] == {"latitude": 50.8485, "longitude": 4.3345}
    assert first["timezone"] == "Europe/Brussels" and first["city"] == "Brussel"
    assert first["date"]["utc"] == first["measurement"]["period"]["datetimeTo"]["utc"]
    assert first["value"] == first["measurement"]["value"]
    assert {r["sensorId"] for r in rows} == {11, 12, 21, 22}  # no2 filtered out, 41 archived
    # One request for the locations, one per sensor and month; the archived sensor costs none.
    assert len(openaq.requests) == 1 + 4 * 2
    assert "/v3/sensors/41/" not in " ".join(openaq.data_requests())
    assert f"ingested {len(rows)} records into {len(found)} objects" in result.stdout
    assert KEY not in result.stdout + result.stderr


def test_every_option_can_come_from_the_environment(aqpipe_bin, openaq, home, tmp_path):
    out = tmp_path / "out"
    env = env_for(openaq, home, AQPIPE_COUNTRY="be", AQPIPE_PARAMETERS="pm25", AQPIPE_FROM="2024-01-30",
                  AQPIPE_TO="2024-02-01", AQPIPE_DATA="days", AQPIPE_OUT=str(out))
    result = ingest(aqpipe_bin, env)
    assert result.returncode == 0, result.stderr
    assert sorted(objects(out)) == sorted(expected([11, 21], "days", "2024-01-30", "2024-02-01"))


def test_rerun_fetches_nothing_new_and_a_later_window_only_what_is_new(aqpipe_bin, openaq, home, tmp_path):
    out = tmp_path / "out"
    args = ["--country", "BE", "--parameters", "pm25", "--data", "hours", "--out", out]
    first = ingest(aqpipe_bin, env_for(openaq, home), *args, "--from", "2024-01-01", "--to", "2024-01-03")
    assert first.returncode == 0, first.stderr
    before = objects(out)
    openaq.reset_counts()
    again = ingest(aqpipe_bin, env_for(openaq, home), *args, "--from", "2024-01-01", "--to", "2024-01-03")
    assert again.returncode == 0, again.stderr
    assert openaq.data_requests() == []
    assert objects(out) == before
    assert "2 up to date" in again.stdout
    # The next day (no --from: each sensor's watermark) fetches just that day.
    openaq.reset_counts()
    later = ingest(aqpipe_bin, env_for(openaq, home), *args, "--to", "2024-01-04")
    assert later.returncode == 0, later.stderr
    assert sorted(openaq.data_requests()) == sorted(
        f"/v3/sensors/{s}/hours?datetime_from=2024-01-03T00%3A00%3A00Z&datetime_to=2024-01-04T00%3A00%3A00Z"
        f"&limit=1000&page=1" for s in (11, 21))
    after = objects(out)
    assert all(after[name] == body for name, body in before.items())
    new = {k: v for k, v in after.items() if k not in before}
    assert sorted(new) == sorted(expected([11, 21], "hours", "2024-01-03", "2024-01-04"))


def test_paging_goes_past_found_as_string_and_stops_on_a_short_or_empty_page(aqpipe_bin, home, tmp_path):
    # measurements come every 15 minutes: a January is 2,976 records, three pages of 1,000; the
    # February window holds exactly 1,000, so the lower bound ">1000" costs one empty page.
    with OpenAqServer(found_as_string=True) as server:
        out = tmp_path / "out"
        result = ingest(aqpipe_bin, env_for(server, home), "--country", "BE", "--parameters", "no2",
                        "--from", "2024-01-01", "--to", "2024-02-11T10:00:00Z", "--out", out, *FAST)
        assert result.returncode == 0, result.stderr
        assert len(server.requests) == 1 + (3 + 2)
        want = expected([13], "measurements", "2024-01-01", "2024-02-11T10:00:00Z")
        assert sorted(objects(out)) == sorted(want)
        assert len(lines(objects(out))) == sum(len(v) for v in want.values())


def test_rate_limiter_never_exceeds_the_window(aqpipe_bin, home, tmp_path):
    # The stand-in sends no x-ratelimit-* headers until it refuses, so only the limiter paces.
    # Daily data: 11 small answers (locations, then 5 sensors x 2 year chunks) against 4 a second.
    with OpenAqServer(limit=4, window=1.0, rate_headers=False) as server:
        out = tmp_path / "out"
        result = ingest(aqpipe_bin, env_for(server, home), "--country", "BE", "--from", "2023-01-01",
                        "--to", "2024-04-01", "--data", "days", "--out", out, "--rate-limits", "4/1", *FAST)
        assert result.returncode == 0, result.stderr
        assert server.rate_limited == 0
        assert server.most_in_window() <= 4
        assert len(server.requests) == 11
        waited = float(re.search(r"([0-9.]+) s waiting for the rate limit", result.stdout).group(1))
        assert waited > 0  # the limiter held requests back: without it they would have been refused


def test_the_rate_limit_headers_pause_a_too_generous_limiter_before_a_429(aqpipe_bin, home, tmp_path):
    # x-ratelimit-remaining: 0 on an answer pauses the ingest until x-ratelimit-reset.
    with OpenAqServer(limit=2, window=1.0) as server:
        result = ingest(aqpipe_bin, env_for(server, home), "--country", "BE", "--from", "2024-01-01",
                        "--to", "2024-04-01", "--data", "days", "--out", tmp_path / "out",
                        "--rate-limits", "80/1", *FAST)
        assert result.returncode == 0, result.stderr
        assert server.rate_limited == 0 and server.most_in_window() <= 2
        assert len(server.requests) == 6


def test_the_stand_in_refuses_a_too_generous_limiter(aqpipe_bin, home, tmp_path):
    # The counts above can fail: without headers to heed, 80 a second against 2 in 5 s is refused,
    # and a reset longer than --max-server-wait ends the run as transient (75), not asleep.
    with OpenAqServer(limit=2, window=5.0, rate_headers=False) as server:
        result = ingest(aqpipe_bin, env_for(server, home), "--country", "BE", "--from", "2024-01-01",
                        "--to", "2024-04-01", "--data", "days", "--out", tmp_path / "out",
                        "--rate-limits", "80/1", "--max-server-wait", "1", *FAST)
        assert result.returncode == 75, result.stderr
        assert server.rate_limited == 1
        assert "rate limit" in result.stderr


def test_a_misbehaving_server_gives_the_same_objects_as_a_clean_one(aqpipe_bin, openaq, home, tmp_path):
    args = ["--country", "BE", "--from", "2024-01-25", "--to", "2024-02-03", "--data", "hours", *FAST]
    clean = ingest(aqpipe_bin, env_for(openaq, home), *args, "--out", tmp_path / "clean")
    assert clean.returncode == 0, clean.stderr
    with OpenAqServer(faults=("429", "500", "slow", "cut"), fault_every=2, slow_seconds=2.5,
                      found_as_string=True) as bad:
        result = ingest(aqpipe_bin, env_for(bad, home), *args, "--out", tmp_path / "bad",
                        "--request-timeout", "1")
        assert result.returncode == 0, result.stderr
        assert set(bad.faults_injected) == {"429", "500", "slow", "cut"}
    assert objects(tmp_path / "bad") == objects(tmp_path / "clean")


def test_sigkill_mid_ingest_then_rerun_gives_one_clean_runs_objects(aqpipe_bin, home, tmp_path):
    args = ["--country", "BE", "--parameters", "pm25", "--from", "2024-01-01", "--to", "2024-04-01",
            "--data", "hours"]
    with OpenAqServer(limit=100, window=1.0) as server:
        clean = ingest(aqpipe_bin, env_for(server, home), *args, "--out", tmp_path / "clean")
        assert clean.returncode == 0, clean.stderr
        out = tmp_path / "killed"
        # Paced to 2 requests a second (7 in all) so that the kill lands in the middle.
        process = subprocess.Popen([str(aqpipe_bin), "ingest", *args, "--out", str(out),
                                    "--rate-limits", "2/1"], env=env_for(server, home),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(objects(out) if out.exists() else {}) < 40:
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait()
        partial = objects(out)
        assert 0 < len(partial) < len(objects(tmp_path / "clean"))
        server.reset_counts()
        rerun = ingest(aqpipe_bin, env_for(server, home), *args, "--out", out)
        assert rerun.returncode == 0, rerun.stderr
        # The rerun starts at the watermarks: fewer data requests than a whole run (2 x 3).
        assert 0 < len(server.data_requests()) < 6
    assert objects(out) == objects(tmp_path / "clean")


def test_full_ingest_into_s3_writes_the_same_objects_with_a_key_from_secrets_manager(
        aqpipe_bin, openaq, moto, s3, secretsmanager, home, tmp_path):
    bucket = unique_name("aqpipe-ingest")
    s3.create_bucket(Bucket=bucket)
    secret = unique_name("openaq/key")
    secretsmanager.create_secret(Name=secret, SecretString=json.dumps({"OPENAQ_API_KEY": KEY}))
    args = ["--country", "BE", "--parameters", "pm25", "--from", "2024-01-30", "--to", "2024-02-02",
            "--data", "hours"]
    local = ingest(aqpipe_bin, env_for(openaq, home), *args, "--out", tmp_path / "local")
    assert local.returncode == 0, local.stderr
    env = env_for(openaq, home, key=None, AWS_ENDPOINT_URL=moto.url, AWS_REGION="us-east-1", **static_keys())
    result = ingest(aqpipe_bin, env, *args, "--out", f"s3://{bucket}/alice/ingest/", "--api-key-secret", secret)
    assert result.returncode == 0, result.stderr
    listing = s3.list_objects_v2(Bucket=bucket, Prefix="alice/ingest/")["Contents"]
    keys = {o["Key"][len("alice/ingest/"):] for o in listing}
    assert "hours/date=2024-01-31/sensor-11-20240130T000000Z.jsonl.gz" in keys
    assert ".aqpipe-ingest/state-hours.json" in keys
    remote = {k: gzip.decompress(s3.get_object(Bucket=bucket, Key="alice/ingest/" + k)["Body"].read())
              for k in keys if not k.startswith(".")}
    assert remote == objects(tmp_path / "local")
    assert KEY not in result.stdout + result.stderr


@pytest.mark.parametrize("case, code, words", [
    ("wrong key", 1, ["HTTP 401", "OPENAQ_API_KEY"]),
    ("forbidden key", 1, ["HTTP 403"]),
    ("no such path", 1, ["HTTP 404"]),
    ("v2 url", 1, ["API v1/v2 retired, aqpipe uses v3"]),
    ("bad parameter", 2, ["HTTP 422", "forced 422"]),
    ("server failing", 75, ["HTTP 500", "rerun later"]),
    ("rate limit exhausted", 75, ["rate limit", "rerun later"]),
    ("no key", 2, ["OPENAQ_API_KEY", "--api-key-secret"]),
])
def test_each_error_class_has_one_clear_message_and_exit_code(aqpipe_bin, home, tmp_path, case, code, words):
    status_for = {"no such path": {"/v3/locations": 404}, "bad parameter": {"/v3/sensors/": 422},
                  "server failing": {"/v3/sensors/": 500}}.get(case)
    limit = 1 if case == "rate limit exhausted" else 60
    with OpenAqServer(status_for=status_for, limit=limit, window=3600) as server:
        key = {"wrong key": "not-the-key-1234567", "forbidden key": server.forbidden_key,
               "no key": None}.get(case, KEY)
        url = server.url + "/v2" if case == "v2 url" else None
        result = ingest(aqpipe_bin, env_for(server, home, key=key, url=url), "--country", "BE",
                        "--from", "2024-01-01", "--to", "2024-01-02", "--out", tmp_path / "out", *FAST)
    assert result.returncode == code, result.stderr
    for word in words:
        assert word in result.stderr
    for secret in ("not-the-key-1234567", "forbidden-openaq-key", KEY):
        assert secret not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) <= 2
