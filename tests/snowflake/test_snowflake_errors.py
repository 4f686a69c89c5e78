"""One clear message per bad Snowflake input (issue point 6), against fakesnow's server.

Each bad input (unknown role, warehouse or database, a schema the role has no privileges on, an
account host that does not resolve, a port nothing listens on) must give a non-zero exit and ONE
error line that carries what failed (Snowflake's code, or where the account could not be reached)
and what to fix (the hint from src/clients/snowflake/error_hints.cc), print no secret, and leave
the target table uncreated. support/fakesnow_server.py emulates Snowflake's answers.
"""

from __future__ import annotations

from support.fakesnow_server import DATABASE, PASSWORD
from support.moto_server import free_port
from test_snowflake_sink import assert_no_secret, load, schema, table_exists  # noqa: F401 (fixture)


def refused(result, server, schema, *expected):
    """Checks the run failed with one error line holding every `expected` text."""
    assert result.code != 0, result.stdout
    errors = [line for line in result.stderr.splitlines() if "error" in line.lower()]
    assert len(errors) == 1, result.stderr
    for text in expected:
        assert text in errors[0], result.stderr
    assert_no_secret(result, PASSWORD)
    assert not table_exists(server, schema)
    return errors[0]


def test_unknown_role(aqpipe, fakesnow_server, schema):
    result = load(aqpipe, fakesnow_server, schema, env={"SNOWFLAKE_ROLE": "no_such_role"})
    refused(result, fakesnow_server, schema,
            "Snowflake error 390189: Role 'NO_SUCH_ROLE' specified in the connect string does not "
            "exist or not authorized.", "check ROLE in the secret, or SNOWFLAKE_ROLE")


def test_unknown_warehouse(aqpipe, fakesnow_server, schema):
    result = load(aqpipe, fakesnow_server, schema, env={"SNOWFLAKE_WAREHOUSE": "NO_SUCH_WH"})
    refused(result, fakesnow_server, schema, "using warehouse NO_SUCH_WH",
            "Snowflake error 002043: SQL compilation error: Object does not exist",
            "check that WAREHOUSE in the secret, or SNOWFLAKE_WAREHOUSE,")


def test_unknown_database(aqpipe, fakesnow_server, schema):
    result = load(aqpipe, fakesnow_server, schema, env={"SNOWFLAKE_DATABASE": "NO_SUCH_DB"})
    refused(result, fakesnow_server, schema, f"creating schema NO_SUCH_DB.{schema}",
            "Snowflake error 002003: SQL compilation error: Database 'NO_SUCH_DB' does not exist "
            "or not authorized.", "check that DATABASE in the secret, or SNOWFLAKE_DATABASE,")
    databases = fakesnow_server.query("SELECT DATABASE_NAME FROM INFORMATION_SCHEMA.DATABASES")
    assert ("NO_SUCH_DB",) not in databases and (DATABASE,) in databases


def test_schema_without_privileges(aqpipe, fakesnow_server, schema):
    schema = f"NOPRIV_{schema}"
    result = load(aqpipe, fakesnow_server, schema)
    refused(result, fakesnow_server, schema,
            "Snowflake error 003001: SQL access control error: Insufficient privileges to "
            f"operate on schema '{schema}'", "or choose another --schema")


def test_unknown_account_host(aqpipe, fakesnow_server, schema):
    url = "http://nonexistent-account.invalid:1"
    result = load(aqpipe, fakesnow_server, schema, env={"SNOWFLAKE_URL": url})
    refused(result, fakesnow_server, schema, f"cannot reach Snowflake at {url}",
            "check the account URL, URL in the secret or SNOWFLAKE_URL / SNOWFLAKE_ACCOUNT")


def test_nothing_listening(aqpipe, fakesnow_server, schema):
    url = f"http://127.0.0.1:{free_port()}"
    result = load(aqpipe, fakesnow_server, schema, env={"SNOWFLAKE_URL": url})
    refused(result, fakesnow_server, schema, f"cannot reach Snowflake at {url}",
            "check the account URL, URL in the secret or SNOWFLAKE_URL / SNOWFLAKE_ACCOUNT")
