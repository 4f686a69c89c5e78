"""Run inside an Airflow venv by test_dag_run.py: `dag.test()` of aqpipe_batch with a run conf.

argv: the run conf (JSON), the logical date (ISO). Prints one JSON line last: the task states
and every SubmitJob request the DAG sent (recorded at botocore, so fields moto does not keep,
such as retryStrategy, are checked too).
"""

import json
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

conf, logical = json.loads(sys.argv[1]), datetime.fromisoformat(sys.argv[2]).replace(tzinfo=timezone.utc)
bag = DagBag(include_examples=False)
assert not bag.import_errors, bag.import_errors
dag = bag.dags["aqpipe_batch"]
for task in dag.tasks:
    # dag.test() honours retries: a failed task would wait 2, then 4 minutes before trying again.
    task.retries = 0
date_arg = {"execution_date": logical} if __version__.startswith("2.") else {"logical_date": logical}
run = dag.test(run_conf=conf, **date_arg)
states = {ti.task_id: str(ti.state) for ti in run.get_task_instances()}
print(json.dumps({"version": __version__, "run_id": run.run_id, "run_state": str(run.state), "states": states,
                  "submits": SUBMITS}, default=str))
