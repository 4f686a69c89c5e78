"""Run inside an Airflow venv by test_dag_run.py: `dag.test()` of aqpipe_batch, once per run.

argv[1]: JSON {name: {"conf": run conf, "day": logical date (ISO), "env": variables set for that
run only (the AWS endpoint, AIRFLOW_VAR_*)}}. One process for all runs: Airflow's imports and the
first parse cost more than a run. Prints one JSON line last: per run, its id, the task states
and every SubmitJob request the DAG sent (recorded at botocore, so fields moto does not keep,
such as retryStrategy, are checked too).
"""

import json
import os
import sys
from datetime import datetime, timezone

import botocore.client

SUBMITS = []
_make_api_call = botocore.client.BaseClient._make_api_call


def _recording(self, operation, params):
    if operation == "SubmitJob":
        SUBMITS.append(params)
    return _make_api_call(self, operation, params)


botocore.client.BaseClient._make_api_call = _recording

from airflow import __version__  # noqa: E402
from airflow.models import DagBag  # noqa: E402
from airflow.providers.amazon.aws.hooks.batch_client import BatchClientHook  # noqa: E402

# The provider sleeps uniform(1, 10) s before its first status checks of every job whatever the
# DAG configures; this is the knob its docstring names for shrinking that jitter.
BatchClientHook.DEFAULT_DELAY_MIN, BatchClientHook.DEFAULT_DELAY_MAX = 0, 0.2

bag = DagBag(include_examples=False)
assert not bag.import_errors, bag.import_errors
dag = bag.dags["aqpipe_batch"]
for task in dag.tasks:
    # dag.test() honours retries: a failed task would wait 2, then 4 minutes before trying again.
    task.retries = 0
results = {}
for name, run in json.loads(sys.argv[1]).items():
    logical = datetime.fromisoformat(run["day"]).replace(tzinfo=timezone.utc)
    date_arg = {"execution_date": logical} if __version__.startswith("2.") else {"logical_date": logical}
    os.environ.update(run["env"])
    SUBMITS.clear()
    dagrun = dag.test(run_conf=run["conf"], **date_arg)
    for variable in run["env"]:
        del os.environ[variable]
    results[name] = {"run_id": dagrun.run_id, "run_state": str(dagrun.state), "submits": list(SUBMITS),
                     "states": {ti.task_id: str(ti.state) for ti in dagrun.get_task_instances()}}
print(json.dumps({"version": __version__, "runs": results}, default=str))
