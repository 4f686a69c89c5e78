"""fakesnow's Snowflake-protocol server (fakesnow[server], pinned in requirements-dev.txt) as a
pytest fixture: a stand-in for a Snowflake account on 127.0.0.1 at a free port.

fakesnow accepts any login, so the server runs behind a small ASGI wrapper that checks logins the
way Snowflake answers them: a wrong PASSWORD gets code 390100 ("Incorrect username or password was
specified."); a key-pair login (AUTHENTICATOR=SNOWFLAKE_JWT) must carry an RS256 JWT signed by the
registered key, with iss = ACCOUNT.USER.SHA256:<fingerprint> and sub = ACCOUNT.USER (390144
otherwise). Everything else is fakesnow's own server (duckdb underneath, in memory, shared by all
sessions of one server).

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

from support.moto_server import free_port

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

port, password, public_key_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
public_pem = open(public_key_path, "rb").read() if public_key_path else None

def refuse(code, message):
    return JSONResponse({"data": {"nextAction": "RETRY_LOGIN"}, "code": code, "message": message,
                         "success": False})

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

class LoginCheck:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] != "/session/v1/login-request":
            return await self.app(scope, receive, send)
        body, more = b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        headers = dict(scope["headers"])
        raw = gzip.decompress(body) if headers.get(b"content-encoding") == b"gzip" else body
        refused = check(json.loads(raw)["data"])
        if refused is not None:
            return await refused(scope, receive, send)
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)

uvicorn.run(LoginCheck(fakesnow.server.app), host="127.0.0.1", port=port, log_level="warning")
'''


class FakesnowServer:
    def __init__(self, log_path: pathlib.Path, public_key_path: pathlib.Path | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-c", _SERVER, str(self.port), PASSWORD, str(public_key_path or "")],
            stdout=self.log, stderr=subprocess.STDOUT)
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

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
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
