"""dags/ parses under a real Airflow 2.10.3 (the MWAA 2.10.3 line) with no import errors and no
warnings. The Airflow venv lives outside the clone (scripts/setup-airflow.sh); a missing venv fails the test."""

import hashlib
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
REQ = ROOT / "tests/airflow/requirements-airflow-2.10.txt"
VENV = pathlib.Path(os.environ.get("AQPIPE_AIRFLOW_VENV", pathlib.Path.home() / ".cache/aqpipe/venvs/"
                                   f"airflow-2.10-{hashlib.sha256(REQ.read_bytes()).hexdigest()[:12]}"))
PROBE = """
import time, warnings, json
from airflow.models import DagBag
t = time.monotonic()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    bag = DagBag(%r, include_examples=False)
dag = bag.dags["aqpipe_batch"]
print(json.dumps({"errors": {k: str(v) for k, v in bag.import_errors.items()},
                  "warnings": [str(w.message) for w in caught if "dags" in str(w.filename)],
                  "seconds": time.monotonic() - t, "tasks": sorted(dag.task_ids),
                  "max_active_runs": dag.max_active_runs, "catchup": dag.catchup}))
"""


def test_dagbag_has_no_import_errors_or_warnings(tmp_path):
    python = VENV / "bin/python"
    if not python.exists():
        pytest.fail(f"no Airflow venv at {VENV}: run scripts/setup.sh (it installs it)")
    env = dict(os.environ, AIRFLOW_HOME=str(tmp_path), AIRFLOW__CORE__LOAD_EXAMPLES="False",
               AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"sqlite:///{tmp_path}/airflow.db")
    out = subprocess.run([str(python), "-c", PROBE % str(ROOT / "dags")], env=env,
                         capture_output=True, text=True, timeout=120, check=True)
    import json
    result = json.loads(out.stdout.strip().splitlines()[-1])
    print("parse seconds", result["seconds"], file=sys.stderr)
    assert result["errors"] == {}
    assert result["warnings"] == []
    assert result["max_active_runs"] == 1 and result["catchup"] is False
    assert set(result["tasks"]) == {"ingest_enabled", "ingest", "choose_shape",
                                    "transform_and_load", "transform_shards", "load"}
