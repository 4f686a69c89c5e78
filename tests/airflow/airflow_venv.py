"""Where the tested Airflow installs live and how a test runs Python inside one.

Each tested Airflow line has a pinned requirements file next to this module (a pip freeze of the
venv the tests passed in: Airflow's constraints files cannot be downloaded here);
scripts/setup-airflow.sh installs each into ~/.cache/aqpipe/venvs/airflow-<line>-<hash of the
file>, so a changed pin makes a new venv. A missing venv fails the test instead of skipping it.
"""

from __future__ import annotations

import hashlib
import os
import pathlib
import subprocess

import pytest

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
# The lines MWAA offers that are tested: 2.10.3 and 3.0.6 (see docs/deploy-schedule.md).
LINES = ("2.10", "3.0")


def venv(line: str) -> pathlib.Path:
    override = os.environ.get(f"AQPIPE_AIRFLOW_{line.replace('.', '_')}_VENV")
    if override:
        return pathlib.Path(override)
    digest = hashlib.sha256((HERE / f"requirements-airflow-{line}.txt").read_bytes()).hexdigest()[:12]
    return pathlib.Path.home() / f".cache/aqpipe/venvs/airflow-{line}-{digest}"


def python(line: str) -> pathlib.Path:
    path = venv(line) / "bin/python"
    if not path.exists():
        pytest.fail(f"no Airflow {line} venv at {path.parent.parent}: run scripts/setup-airflow.sh")
    return path


def airflow_env(home: pathlib.Path, **extra: str) -> dict[str, str]:
    """An environment for an Airflow process with its own home and SQLite metadata DB, and no
    credentials, proxies or endpoints inherited from the caller."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AWS_", "AIRFLOW")) and not k.lower().endswith("_proxy")}
    env.update(AIRFLOW_HOME=str(home), AIRFLOW__CORE__LOAD_EXAMPLES="False",
               AIRFLOW__CORE__DAGS_FOLDER=str(ROOT / "dags"),
               AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"sqlite:///{home}/airflow.db",
               AWS_EC2_METADATA_DISABLED="true", **extra)
    return env


def run_python(line: str, code: str, env: dict[str, str], timeout: float, *args: str):
    """Runs `code` in the Airflow venv of `line`; a hang becomes a test failure after `timeout` s."""
    return subprocess.run([str(python(line)), "-c", code, *args], env=env, cwd=env["AIRFLOW_HOME"],
                          capture_output=True,
                          text=True, timeout=timeout)
