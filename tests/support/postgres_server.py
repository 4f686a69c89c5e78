"""A throwaway PostgreSQL server for tests: a fresh cluster in a temporary directory.

`PostgresServer` runs initdb and postgres from Debian's server binaries (the newest
/usr/lib/postgresql/*/bin, or $AQPIPE_PG_BIN_DIR) on a free port of 127.0.0.1, TCP only,
with a superuser that logs in by password (scram-sha-256). PostgreSQL refuses to run as
root, so under root (as in CI) the cluster belongs to an unprivileged system account:
$AQPIPE_PG_OS_USER, else `postgres` when the machine has it, else `aqpipe-test`, created
with useradd -r. stop() shuts the server down and deletes the directory.

The `postgres_server` fixture gives one server per test session; tests create their own
databases on it (`create_database`).
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import tempfile
import time

import pytest

from support.moto_server import free_port

ADMIN = "aqpipe_admin"


def server_bin_dir() -> str:
    configured = os.environ.get("AQPIPE_PG_BIN_DIR")
    if configured:
        return configured
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if not candidates:
        raise RuntimeError("no PostgreSQL server binaries: install Debian's postgresql, or set AQPIPE_PG_BIN_DIR")
    return os.path.dirname(candidates[-1])


def _os_account() -> pwd.struct_passwd | None:
    """The account the server runs as: None for the current (non-root) user."""
    if os.geteuid() != 0:
        return None
    name = os.environ.get("AQPIPE_PG_OS_USER")
    for candidate in ([name] if name else ["postgres", "aqpipe-test"]):
        try:
            return pwd.getpwnam(candidate)
        except KeyError:
            continue
    name = name or "aqpipe-test"
    subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
                   check=True, capture_output=True)
    return pwd.getpwnam(name)


class PostgresServer:
    def __init__(self) -> None:
        self.bin_dir = server_bin_dir()
        self.port = free_port()
        self.host = "127.0.0.1"
        self.admin = ADMIN
        self.admin_password = "pw-" + secrets.token_hex(8)
        self.account = _os_account()
        self.base = ""
        self._process: subprocess.Popen | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def _as_account(self) -> dict:
        if self.account is None:
            return {}
        return {"user": self.account.pw_uid, "group": self.account.pw_gid, "extra_groups": []}

    def start(self, timeout: float = 60.0) -> "PostgresServer":
        self.base = tempfile.mkdtemp(prefix="aqpipe-pg-")
        pwfile = os.path.join(self.base, "pwfile")
        with open(pwfile, "w") as f:
            f.write(self.admin_password + "\n")
        if self.account is not None:
            for path in (self.base, pwfile):
                os.chown(path, self.account.pw_uid, self.account.pw_gid)
        data = os.path.join(self.base, "data")
        env = {"PATH": os.environ.get("PATH", ""), "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        init = subprocess.run(
            [os.path.join(self.bin_dir, "initdb"), "-D", data, "-U", self.admin, f"--pwfile={pwfile}",
             "--auth=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"],
            capture_output=True, env=env, cwd=self.base, **self._as_account())
        if init.returncode != 0:
            raise RuntimeError(f"initdb failed: {init.stderr.decode(errors='replace')}")
        os.remove(pwfile)
        self.log_path = os.path.join(self.base, "postgres.log")
        log = open(self.log_path, "wb")
        self._process = subprocess.Popen(
            [os.path.join(self.bin_dir, "postgres"), "-D", data, "-p", str(self.port),
             "-c", f"listen_addresses={self.host}", "-c", "unix_socket_directories=",
             "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
             "-c", "max_connections=40"],
            stdout=log, stderr=subprocess.STDOUT, env=env, cwd=self.base, **self._as_account())
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"postgres exited with {self._process.returncode}: {self.log()}")
            ready = subprocess.run([os.path.join(self.bin_dir, "pg_isready"), "-q", "-h", self.host,
                                    "-p", str(self.port)], capture_output=True)
            if ready.returncode == 0:
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"postgres did not accept connections within {timeout} s: {self.log()}")

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGINT)  # fast shutdown: rolls back open transactions
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None
        if self.base:
            shutil.rmtree(self.base, ignore_errors=True)
            self.base = ""

    def log(self) -> str:
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()[-4000:]
        except OSError:
            return ""

    def __enter__(self) -> "PostgresServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- helpers ---------------------------------------------------------------------------
    def url(self, database: str = "postgres", user: str | None = None, password: str | None = None,
            scheme: str = "postgresql") -> str:
        user = user or self.admin
        password = self.admin_password if password is None and user == self.admin else password
        auth = f"{user}:{password}" if password else user
        return f"{scheme}://{auth}@{self.host}:{self.port}/{database}"

    def psql(self, sql: str, database: str = "postgres", user: str | None = None,
             password: str | None = None, check: bool = True) -> str:
        """Runs `sql` with psql -At; returns its output (rows as lines, columns split by '|')."""
        user = user or self.admin
        env = dict(os.environ, PGPASSWORD=password or self.admin_password, PGCONNECT_TIMEOUT="10")
        result = subprocess.run(
            [os.path.join(self.bin_dir, "psql"), "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", self.host,
             "-p", str(self.port), "-U", user, "-d", database, "-c", sql],
            capture_output=True, env=env, timeout=120)
        if check and result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr.decode(errors='replace')}")
        return result.stdout.decode().rstrip("\n")

    def create_database(self, name: str) -> str:
        self.psql(f'CREATE DATABASE "{name}"')
        return name


@pytest.fixture(scope="session")
def postgres_server():
    with PostgresServer() as server:
        yield server
