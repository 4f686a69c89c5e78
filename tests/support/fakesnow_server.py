"""fakesnow's Snowflake-protocol server (fakesnow[server], pinned in requirements-dev.txt) as a
pytest fixture: a stand-in for a Snowflake account on 127.0.0.1 at a free port.

fakesnow accepts any login and any name, so the server runs behind a small ASGI wrapper
(`LoginCheck`) that emulates how a real Snowflake account answers bad input, with Snowflake's codes,
messages and JSON error envelope:

* login: a wrong PASSWORD gets 390100 ("Incorrect username or password was specified."); a
  key-pair login (AUTHENTICATOR=SNOWFLAKE_JWT) must carry an RS256 JWT signed by the registered
  key, with iss = ACCOUNT.USER.SHA256:<fingerprint> and sub = ACCOUNT.USER (390144 otherwise); a
  roleName other than ROLE gets 390189 ("Role 'X' specified in the connect string does not exist
  or not authorized. ..."); a databaseName other than DATABASE is dropped, as Snowflake logs in
  without a current database (fakesnow would create it).
* statements: `USE WAREHOUSE` of a warehouse other than WAREHOUSE gets 002043 ("SQL compilation
  error: Object does not exist, or operation cannot be performed."); `CREATE SCHEMA` / `USE
  SCHEMA` (and CREATE TABLE / INSERT / ALTER TABLE) naming a database other than DATABASE get
  002003 ("Database 'X' does not exist or not authorized."); the role has no privileges on schemas
  named NOPRIV*: CREATE SCHEMA, CREATE TABLE, INSERT and ALTER TABLE there (qualified, or after USE
  SCHEMA) get 003001 ("SQL access control error: Insufficient privileges to operate on schema
  'NOPRIV_X'").

An account that does not exist is not emulated: real account URLs that do not exist fail at DNS or
with HTTP 403/404, which tests reproduce with an unresolvable host or a port nothing listens on.
Array-bound INSERTs skip fakesnow's per-row parse (support/fakesnow_fast_binds.py).
Everything else is fakesnow's own server (duckdb underneath, in memory, shared by all sessions of
one server).

The server runs in its own process, so a test can kill clients without disturbing it; `query`
reads tables back with the snowflake-connector-python that fakesnow depends on.
"""

from __future__ import annotations

import os
import pathlib
import socket
import subprocess
import sys
import time

import pytest

from support.moto_server import end_process, free_port

USER = "aqpipe_loader"
PASSWORD = "Fake-Snow-Pw-7"
DATABASE = "AQ_DB"
WAREHOUSE = "AQ_WH"
ROLE = "AQ_ROLE"

_SERVER = r'''
import base64, gzip, hashlib, json, sys
import jwt, uvicorn
from cryptography.hazmat.primitives import serialization
import fakesnow.server
from starlette.responses import JSONResponse

port, password, public_key_path, support = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
sys.path.insert(0, support)
import fakesnow_fast_binds  # array-bound INSERTs without a parse per row (support/fakesnow_fast_binds.py)
fakesnow_fast_binds.install()
if sys.argv[5:]:  # COPY INTO reads s3:// from moto (support/fakesnow_s3.py)
    import fakesnow_s3
    fakesnow_s3.install()
public_pem = open(public_key_path, "rb").read() if public_key_path else None

import re
from urllib.parse import parse_qsl, urlencode

# The names this account has: the module's DATABASE, WAREHOUSE and ROLE (keep them equal).
KNOWN_DATABASE, KNOWN_WAREHOUSE, KNOWN_ROLE = "AQ_DB", "AQ_WH", "AQ_ROLE"
LOGIN_PATH, QUERY_PATH = "/session/v1/login-request", "/queries/v1/query-request"

def refuse(code, message):
    return JSONResponse({"data": {"nextAction": "RETRY_LOGIN"}, "code": code, "message": message,
                         "success": False})

def sql_error(code, sql_state, message):
    """Snowflake's envelope for a failed statement (as fakesnow's server answers one)."""
    return JSONResponse({"data": {"errorCode": code, "sqlState": sql_state}, "code": code,
                         "message": message, "success": False})

def check(data):
    if data.get("AUTHENTICATOR") == "SNOWFLAKE_JWT":
        if public_pem is None:
            return refuse("390144", "JWT token is invalid.")
        key = serialization.load_pem_public_key(public_pem)
        der = key.public_bytes(serialization.Encoding.DER,
                               serialization.PublicFormat.SubjectPublicKeyInfo)
        fingerprint = "SHA256:" + base64.b64encode(hashlib.sha256(der).digest()).decode()
        subject = data["ACCOUNT_NAME"].upper() + "." + data["LOGIN_NAME"].upper()
        try:
            claims = jwt.decode(data["TOKEN"], public_pem, algorithms=["RS256"])
        except Exception:
            return refuse("390144", "JWT token is invalid.")
        if claims.get("sub") != subject or claims.get("iss") != subject + "." + fingerprint:
            return refuse("390144", "JWT token is invalid.")
        return None
    if data.get("PASSWORD") != password:
        return refuse("390100", "Incorrect username or password was specified.")
    return None

IDENT = r'(?:"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_$]*)'
NAME = IDENT + r"(?:\s*\.\s*" + IDENT + r")*"
USE_WAREHOUSE = re.compile(r"\s*USE\s+WAREHOUSE\s+(" + IDENT + ")", re.I)
SCHEMA_STATEMENT = re.compile(
    r"\s*(CREATE\s+(?:OR\s+REPLACE\s+)?(?:TRANSIENT\s+)?SCHEMA\s+(?:IF\s+NOT\s+EXISTS\s+)?"
    r"|USE\s+SCHEMA\s+)(" + NAME + ")", re.I)
TABLE_STATEMENT = re.compile(
    r"\s*(?:CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:LOCAL|GLOBAL)\s+)?"
    r"(?:(?:TEMP|TEMPORARY|TRANSIENT|VOLATILE)\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?"
    r"|INSERT\s+(?:OVERWRITE\s+)?INTO\s+|ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?)(" + NAME + ")", re.I)
session_schemas = {}  # session token -> the schema its last USE SCHEMA chose

def one_name(text):
    """A single identifier as Snowflake stores it (text that is none stays as is)."""
    return name_parts(text)[0] if re.fullmatch(IDENT, text) else text

def name_parts(name):
    """The parts of a (dotted) identifier as Snowflake stores them: quoted as is, else upper."""
    return [p[1:-1].replace('""', '"') if p.startswith('"') else p.upper()
            for p in re.findall(IDENT, name)]

def check_role(params):
    role = params.get("roleName")
    if role and one_name(role) != KNOWN_ROLE:
        return refuse("390189", f"Role '{one_name(role)}' specified in the connect string does "
                      "not exist or not authorized. Contact your local system administrator, or "
                      "attempt to login with another role, e.g. PUBLIC.")
    return None

def no_database(database):
    return sql_error("002003", "02000", f"SQL compilation error:\nDatabase '{database}' does not "
                     "exist or not authorized.")

def no_privilege(schema):
    return sql_error("003001", "42501", "SQL access control error:\nInsufficient privileges to "
                     f"operate on schema '{schema}'")

def check_query(sql, token):
    if m := USE_WAREHOUSE.match(sql):
        if one_name(m[1]) != KNOWN_WAREHOUSE:
            return sql_error("002043", "02000", "SQL compilation error:\nObject does not exist, "
                             "or operation cannot be performed.")
    elif m := SCHEMA_STATEMENT.match(sql):
        parts = name_parts(m[2])
        if len(parts) > 1 and parts[-2] != KNOWN_DATABASE:
            return no_database(parts[-2])
        if m[1].upper().startswith("CREATE") and parts[-1].startswith("NOPRIV"):
            return no_privilege(parts[-1])
        if not m[1].upper().startswith("CREATE"):
            session_schemas[token] = parts[-1]
    elif m := TABLE_STATEMENT.match(sql):
        parts = name_parts(m[1])
        if len(parts) > 2 and parts[-3] != KNOWN_DATABASE:
            return no_database(parts[-3])
        schema = parts[-2] if len(parts) > 1 else session_schemas.get(token, "")
        if schema.startswith("NOPRIV"):
            return no_privilege(schema)
    return None

async def read_body(scope, receive):
    """(the request's bytes as sent, its JSON)"""
    body, more = b"", True
    while more:
        message = await receive()
        body += message.get("body", b"")
        more = message.get("more_body", False)
    headers = dict(scope["headers"])
    raw = gzip.decompress(body) if headers.get(b"content-encoding") == b"gzip" else body
    return body, json.loads(raw)

def replaying(body, receive):
    """A receive() that hands the app the body already read, then the connection's own."""
    replayed = False

    async def replay():
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay

class LoginCheck:
    """Answers logins and statements as Snowflake would (see the module docstring), else fakesnow."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        path = scope["path"] if scope["type"] == "http" else None
        if path not in (LOGIN_PATH, QUERY_PATH):
            return await self.app(scope, receive, send)
        body, request = await read_body(scope, receive)
        if path == LOGIN_PATH:
            params = parse_qsl(scope["query_string"].decode())
            refused = check(request["data"]) or check_role(dict(params))
            database = dict(params).get("databaseName")
            if database and one_name(database) != KNOWN_DATABASE:
                # Snowflake logs in without a current database; fakesnow would create it.
                kept = [(k, v) for k, v in params if k != "databaseName"]
                scope = dict(scope, query_string=urlencode(kept).encode())
        else:
            authorization = dict(scope["headers"]).get(b"authorization", b"").decode()
            refused = check_query(request.get("sqlText", ""), authorization[17:-1])
        if refused is not None:
            return await refused(scope, receive, send)
        return await self.app(scope, replaying(body, receive), send)

uvicorn.run(LoginCheck(fakesnow.server.app), host="127.0.0.1", port=port, log_level="warning")
'''


class FakesnowServer:
    def __init__(self, log_path: pathlib.Path, public_key_path: pathlib.Path | None = None,
                 s3_endpoint: str | None = None):
        """`s3_endpoint`: a moto server that COPY INTO reads s3:// files from."""
        self.log_path = log_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-c", _SERVER, str(self.port), PASSWORD, str(public_key_path or ""),
             str(pathlib.Path(__file__).parent), *(["s3"] if s3_endpoint else [])],
            stdout=self.log, stderr=subprocess.STDOUT,
            env=dict(os.environ, AQPIPE_FAKESNOW_S3_ENDPOINT=s3_endpoint or "",
                     AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing"))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"fakesnow exited early; see {log_path}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("fakesnow did not start within 60 s")

    def env(self, **overrides: str) -> dict[str, str]:
        """The SNOWFLAKE_* variables aqpipe reads, pointing at this server."""
        env = {"SNOWFLAKE_URL": self.url, "SNOWFLAKE_ACCOUNT": "", "SNOWFLAKE_USER": USER,
               "SNOWFLAKE_PASSWORD": PASSWORD, "SNOWFLAKE_DATABASE": DATABASE,
               "SNOWFLAKE_WAREHOUSE": WAREHOUSE, "SNOWFLAKE_ROLE": ROLE, "SNOWFLAKE_SCHEMA": "",
               "SNOWFLAKE_PRIVATE_KEY": "", "SNOWFLAKE_PRIVATE_KEY_PASSPHRASE": ""}
        env.update(overrides)
        return env

    def connect(self):
        import snowflake.connector
        return snowflake.connector.connect(
            user=USER, password=PASSWORD, account="fakesnow", host="127.0.0.1", port=self.port,
            protocol="http", database=DATABASE, network_timeout=30,
            session_parameters={"CLIENT_OUT_OF_BAND_TELEMETRY_ENABLED": False})

    def query(self, sql: str) -> list[tuple]:
        with self.connect() as connection:
            return connection.cursor().execute(sql).fetchall()

    def wait_idle(self, timeout: float = 180) -> None:
        """Waits until the server has finished statements of clients that were killed.

        fakesnow runs all sessions on one DuckDB connection and keeps executing a statement whose
        client died (an array-bound INSERT of thousands of rows takes it many seconds); meanwhile
        every other statement fails with "connection is busy" (002002). Snowflake has no such
        limit, so tests wait here after a SIGKILL instead of asserting on that artefact.
        """
        deadline = time.monotonic() + timeout
        quiet = 0
        while quiet < 2:
            try:
                self.query("SELECT 1")
                quiet += 1
            except Exception as error:  # noqa: BLE001 - only "busy" is expected here
                if "busy" not in str(error) or time.monotonic() > deadline:
                    raise
                quiet = 0
            time.sleep(0.5)

    def stop(self) -> None:
        end_process(self.process)
        self.log.close()


def make_key_pair(directory: pathlib.Path) -> tuple[str, pathlib.Path]:
    """(private key PEM, path of the public key PEM) of a fresh RSA key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public_path = directory / "snowflake_key.pub.pem"
    public_path.write_bytes(key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return private, public_path


@pytest.fixture(scope="session")
def snowflake_key(tmp_path_factory):
    return make_key_pair(tmp_path_factory.mktemp("snowflake-key"))


@pytest.fixture(scope="session")
def fakesnow_server(tmp_path_factory, snowflake_key):
    directory = tmp_path_factory.mktemp("fakesnow")
    server = FakesnowServer(directory / "fakesnow.log", snowflake_key[1])
    yield server
    server.stop()
