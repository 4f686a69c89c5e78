"""Where the Snowflake login comes from: --snowflake-* flags over the SNOWFLAKE_* variables (or the
secret), and the key-pair login's PEM from a file (flag or SNOWFLAKE_PRIVATE_KEY_FILE), against the
fakesnow stand-in. Each run loads a one-record file, so the direct path stays quick."""

from __future__ import annotations

import itertools
import json
import os

import pytest

from support.fakesnow_server import DATABASE, PASSWORD

_names = itertools.count()
RECORD = {"location_id": 1, "parameter": "pm25", "date": {"utc": "2024-01-01T00:00:00Z"}, "value": 3.5}


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(RECORD) + "\n")
    return path


@pytest.fixture
def schema():
    return f"F{os.getpid()}_{next(_names)}"


def run(aqpipe, server, source, schema, *flags, **env):
    return aqpipe("run", "--source", source, "--warehouse", "snowflake", "--schema", schema,
                  "--table", "t", *flags, env=server.env(**env))


def rows(server, schema):
    return server.query(f"SELECT LOCATION_ID, VALUE FROM {DATABASE}.{schema}.T")


def test_a_user_flag_replaces_the_environments_user(aqpipe, fakesnow_server, source, schema):
    # fakesnow checks only the password, so a refused login shows which user was sent.
    result = run(aqpipe, fakesnow_server, source, schema, "--snowflake-user", "someone_else",
                 SNOWFLAKE_PASSWORD="wrong-Passw0rd")
    assert result.code != 0
    assert 'as user "someone_else"' in result.stderr
    assert "wrong-Passw0rd" not in result.stderr


def test_url_and_database_flags_are_used(aqpipe, fakesnow_server, source, schema):
    result = run(aqpipe, fakesnow_server, source, schema, "--snowflake-url", fakesnow_server.url,
                 "--snowflake-database", DATABASE, SNOWFLAKE_URL="http://127.0.0.1:9",
                 SNOWFLAKE_DATABASE="")
    assert result.code == 0, result.stderr
    assert rows(fakesnow_server, schema) == [(1, 3.5)]


def test_key_pair_login_from_a_key_file_flag_or_variable(aqpipe, fakesnow_server, snowflake_key, source,
                                                         schema, tmp_path):
    key_file = tmp_path / "rsa_key.p8"
    key_file.write_text(snowflake_key[0])
    by_flag = run(aqpipe, fakesnow_server, source, schema, "--snowflake-private-key-file", key_file,
                  SNOWFLAKE_PASSWORD="")
    assert by_flag.code == 0, by_flag.stderr
    by_variable = run(aqpipe, fakesnow_server, source, schema + "V", SNOWFLAKE_PASSWORD="",
                      SNOWFLAKE_PRIVATE_KEY_FILE=str(key_file))
    assert by_variable.code == 0, by_variable.stderr
    assert rows(fakesnow_server, schema) == rows(fakesnow_server, schema + "V") == [(1, 3.5)]
    assert snowflake_key[0].splitlines()[1] not in by_flag.stdout + by_flag.stderr


@pytest.mark.parametrize("content, message", [(None, "cannot be read"), ("not a key", "is not a PEM")])
def test_an_unusable_key_file_is_named(aqpipe, fakesnow_server, source, schema, tmp_path, content, message):
    key_file = tmp_path / "key.pem"
    if content is not None:
        key_file.write_text(content)
    result = run(aqpipe, fakesnow_server, source, schema, "--snowflake-private-key-file", key_file)
    assert result.code != 0
    assert f"--snowflake-private-key-file '{key_file}' {message}" in result.stderr


def test_without_user_or_password_the_message_says_what_to_set(aqpipe, fakesnow_server, source, schema):
    no_user = run(aqpipe, fakesnow_server, source, schema, SNOWFLAKE_USER="")
    assert no_user.code != 0 and "--snowflake-user" in no_user.stderr
    no_password = run(aqpipe, fakesnow_server, source, schema, SNOWFLAKE_PASSWORD="")
    assert no_password.code != 0 and "SNOWFLAKE_PASSWORD" in no_password.stderr
    assert PASSWORD not in no_user.stderr + no_password.stderr
