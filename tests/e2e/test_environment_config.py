"""`aqpipe run` configured by AQPIPE_* variables alone (a Batch job definition, a container
override, a Conveyor task), the command line winning over them, and the exit codes a scheduler
acts on (75 = transient)."""

from __future__ import annotations

import socket

from .runner import REPO
from .test_cli import sqlite_table

SAMPLE = REPO / "data" / "sample"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_run_configured_only_by_environment_equals_flags(aqpipe, tmp_workdir):
    by_flags = aqpipe("run", "--source", SAMPLE, "--warehouse", "sqlite:flags.db", "--table", "air",
                      "--key", "location_id,parameter,date_utc", "--threads", "1")
    assert by_flags.code == 0, by_flags.stderr
    by_env = aqpipe("run", env={"AQPIPE_SOURCE": str(SAMPLE), "AQPIPE_WAREHOUSE": "sqlite:env.db",
                                "AQPIPE_TABLE": "air", "AQPIPE_KEY": "location_id,parameter,date_utc",
                                "AQPIPE_THREADS": "1"})
    assert by_env.code == 0, by_env.stderr
    assert "bundled synthetic sample" not in by_env.stderr  # the source came from AQPIPE_SOURCE
    rows = sqlite_table(tmp_workdir / "env.db", "air")
    assert rows == sqlite_table(tmp_workdir / "flags.db", "air")
    assert len(rows.rows) == 3700


def test_source_list_and_flag_from_environment(aqpipe, tmp_workdir):
    files = sorted(str(p) for p in SAMPLE.glob("belgium-2024-*"))
    result = aqpipe("run", env={"AQPIPE_SOURCE": ",".join(files[:2]), "AQPIPE_WAREHOUSE": "sqlite:two.db",
                                "AQPIPE_NO_DEDUP": "true"})
    assert result.code == 0, result.stderr
    assert "not deduplicated" in result.stdout
    assert "from 2 files" in result.stdout


def test_command_line_wins_over_environment(aqpipe, tmp_workdir):
    result = aqpipe("run", "--source", SAMPLE, "--table", "from_flag",
                    env={"AQPIPE_WAREHOUSE": "sqlite:w.db", "AQPIPE_TABLE": "from_env"})
    assert result.code == 0, result.stderr
    assert len(sqlite_table(tmp_workdir / "w.db", "from_flag").rows) == 3700
    assert "from_env" not in result.stdout


def test_bad_environment_value_names_the_variable(aqpipe, tmp_workdir):
    result = aqpipe("run", "--source", SAMPLE, "--warehouse", "sqlite:x.db", env={"AQPIPE_THREADS": "many"})
    assert result.code == 2
    assert "--threads" in result.stderr and "AQPIPE_THREADS" in result.stderr
    assert not (tmp_workdir / "x.db").exists()


def test_help_names_the_variables_and_exit_codes(aqpipe, tmp_workdir):
    result = aqpipe("run", "--help")
    assert result.code == 0
    for name in ("AQPIPE_SOURCE", "AQPIPE_WAREHOUSE", "AQPIPE_TABLE", "AQPIPE_SECRET", "AQPIPE_SNOWFLAKE_STAGE"):
        assert f"Env:{name}" in result.stdout, name
    assert "75 transient" in result.stdout


def test_connection_refused_by_postgresql_exits_transient(aqpipe, tmp_workdir):
    result = aqpipe("run", "--source", SAMPLE, "--warehouse", f"postgresql://etl@127.0.0.1:{closed_port()}/air")
    assert result.code == 75, (result.code, result.stderr)
    assert "Connection refused" in result.stderr


def test_connection_refused_by_snowflake_exits_transient(aqpipe, tmp_workdir):
    result = aqpipe("run", "--source", SAMPLE, "--warehouse", "snowflake", "--table", "m",
                    env={"SNOWFLAKE_URL": f"http://127.0.0.1:{closed_port()}", "SNOWFLAKE_USER": "u",
                         "SNOWFLAKE_PASSWORD": "pw-never-printed-17", "SNOWFLAKE_DATABASE": "AIR"})
    assert result.code == 75, (result.code, result.stderr)
    assert "pw-never-printed-17" not in result.stdout + result.stderr


def test_json_logs_go_to_stdout(aqpipe, tmp_workdir):
    result = aqpipe("run", "--source", SAMPLE, "--warehouse", f"postgresql://etl@127.0.0.1:{closed_port()}/air",
                    env={"AQPIPE_LOG_FORMAT": "json"})
    assert result.code == 75
    assert '"level":"error"' in result.stdout.replace(" ", ""), result.stdout
