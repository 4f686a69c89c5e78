"""aqpipe on AWS Batch, scheduled by Airflow (MWAA 2.10 / 3.0): drop this file into the DAG folder.

Daily, for the run's data interval: [optional ingest] -> transform -> load into Snowflake.
With aqpipe_shards = 1 the transform+load is one Batch job (`aqpipe run ... --warehouse`) on the
transform job definition; with N > 1 it is an array job of N transform shards writing to a
per-run stage, then one load job on the load definition (deploy/aws/aqpipe-batch.yaml makes both).

Every setting is read at run time, never at parse time (the scheduler re-parses this file
constantly): a DAG-run param (trigger with config) wins, else the Airflow Variable
`aqpipe_<name>`, else the capstone default below.

Retries are split on purpose: aqpipe exits 75 on transient failures (throttling, 5xx, a busy
warehouse) and the Batch retryStrategy submitted with every job retries exit 75 only, inside
Batch. The Airflow retries (with exponential backoff) are for what Batch cannot see: a
throttled SubmitJob, a lost worker, a job that failed after its Batch attempts ran out.

The load waits for the array through Airflow's ordering, not Batch's dependsOn: BatchOperator
has no depends_on argument, so the array task waits for the array to succeed and only then is
the load submitted. A failed shard therefore never starts a load.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from airflow.exceptions import AirflowException
from airflow.providers.amazon.aws.operators.batch import BatchOperator

try:  # Airflow 3.x: the task SDK and the standard provider
    from airflow.providers.standard.operators.python import BranchPythonOperator, ShortCircuitOperator
    from airflow.sdk import DAG, Variable
except ImportError:  # Airflow 2.10 (MWAA 2.10.3)
    from airflow import DAG
    from airflow.models import Variable
    from airflow.operators.python import BranchPythonOperator, ShortCircuitOperator

DEFAULTS = {
    "user": "capstone",  # job names start with it; also the stage folder
    "transform_job_definition": "",  # empty: "<user>-aqpipe-transform" (the stack's)
    "load_job_definition": "",  # empty: "<user>-aqpipe-load"
    "job_queue": "academy-capstone-winter-2023-job-queue",
    "environment_tag": "academy-capstone-winter-2023",
    "source": "s3://dataminded-academy-capstone-resources/raw/open_aq/",
    "secret": "snowflake/capstone/login",
    "schema": "",  # empty: the user's name in upper case
    "table": "measurements",
    "shards": "1",
    "stage_bucket": "dataminded-academy-capstone-resources",
    "wait_for_completion": "true",  # of the last job; earlier ones always wait (later ones need them)
    "deferrable": "false",  # true: wait in the triggerer instead of holding a worker slot
    "poll_seconds": "30",  # between status checks when deferrable, and between log fetches
    "max_polls": "400",  # status checks before the task gives up on a job (the provider's 4200 is 48 h)
    "ingest": "false",
    "ingest_country": "BE",
    "ingest_api_key_secret": "",
    "region": "eu-west-1",
}


def setting(params, name: str) -> str:
    """A setting at run time: the DAG-run param, else Variable aqpipe_<name>, else the default."""
    value = params.get(name) if params else None
    if value in (None, ""):
        value = Variable.get(f"aqpipe_{name}", DEFAULTS[name])  # positional: 2.x and 3.x agree
    value = str(value)
    if name.endswith("_job_definition") and not value:
        value = f"{setting(params, 'user')}-aqpipe-{name.split('_')[0]}"
    if name == "schema" and not value:
        value = setting(params, "user").upper()
    return value


def flag(params, name: str) -> bool:
    return setting(params, name).strip().lower() in ("1", "true", "yes", "on")


def sanitized(text: str) -> str:
    """A run id as a Batch job-name part and one S3 path segment (run ids hold ':', '+', '.')."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", str(text)).strip("-")


def ingest_out(params) -> str:
    return f"s3://{setting(params, 'stage_bucket')}/{setting(params, 'user')}/ingest/"


def ingest_command(params, start, end) -> list[str]:
    """`aqpipe ingest` for the data interval; the API key option only when a secret is named."""
    command = ["ingest", "--country", setting(params, "ingest_country"),
               "--from", start.isoformat(), "--to", end.isoformat(), "--out", ingest_out(params)]
    if setting(params, "ingest_api_key_secret"):
        command += ["--api-key-secret", setting(params, "ingest_api_key_secret")]
    return command


def sources(params) -> str:
    """The transform's --source: the raw files, and the ingest's output when the ingest runs (one
    comma-separated value: aqpipe splits list options on ',')."""
    raw = setting(params, "source")
    return f"{raw},{ingest_out(params)}" if flag(params, "ingest") else raw


def _shape(params) -> str:
    return "transform_shards" if int(setting(params, "shards")) > 1 else "transform_and_load"


def S(name: str) -> str:  # noqa: N802 - a template, read like a constant
    return "{{ setting(params, '%s') }}" % name


# Batch retries transient failures (exit 75) itself; anything else fails at once.
RETRY_75 = {"attempts": 3, "evaluateOnExit": [
    {"onExitCode": "75", "action": "RETRY"}, {"onExitCode": "*", "action": "EXIT"}]}


class AqpipeBatchOperator(BatchOperator):
    """BatchOperator whose region and waiting come from the settings at run time (region,
    deferrable, poll_seconds, max_polls): these are not template fields, and constructor
    arguments would be fixed when the file is parsed."""

    def execute(self, context):
        params = context["params"]
        self.region_name = setting(params, "region")  # read when the hook is first built
        self.deferrable = flag(params, "deferrable")
        self.poll_interval = int(setting(params, "poll_seconds"))
        self.awslogs_fetch_interval = timedelta(seconds=self.poll_interval)
        self.max_retries = int(setting(params, "max_polls"))  # read when the hook is first built
        # Native rendering (for the array size and the wait flag) turns strings that look like
        # numbers into numbers; Batch takes only strings in commands, tags and onExitCode.
        self.container_overrides["command"] = [str(part) for part in self.container_overrides["command"]]
        self.tags = {key: str(value) for key, value in self.tags.items()}
        self.retry_strategy = RETRY_75
        try:
            return super().execute(context)
        except AirflowException as error:
            raise AirflowException(f"{self.batch_reason()} ({error})") from error

    def execute_complete(self, context, event=None):
        try:
            return super().execute_complete(context, event)
        except AirflowException as error:
            raise AirflowException(f"{self.batch_reason()} ({error})") from error

    def batch_reason(self) -> str:
        """Batch's own words for a failed job, first in the task's error: the provider's message
        holds them only when not deferrable, inside the whole job description."""
        if not self.job_id:
            return "no Batch job was submitted"
        job = self.hook.get_job_description(self.job_id)
        container = job.get("container", {})
        return (f"Batch job {self.job_id} {job.get('status')}: {job.get('statusReason', 'no reason given')}"
                f", exit code {container.get('exitCode', 'none')} {container.get('reason', '')}".rstrip())


STAGE = "s3://" + S("stage_bucket") + "/" + S("user") + "/aqpipe-stage/{{ run_id | sanitized }}/"
SOURCES = "{{ sources(params) }}"
WAREHOUSE_ARGS = ["--warehouse", "snowflake", "--secret", S("secret"),
                  "--schema", S("schema"), "--table", S("table")]
LOG_ENV = [{"name": "AQPIPE_LOG_FORMAT", "value": "json"}]


def batch(task_id: str, definition: str, command: list[str] | str, last: bool = False,
          **kwargs) -> AqpipeBatchOperator:
    return AqpipeBatchOperator(
        task_id=task_id,
        job_name=S("user") + "-aqpipe-" + task_id.replace("_", "-") + "-{{ run_id | sanitized }}",
        job_definition=S(definition),
        job_queue=S("job_queue"),
        container_overrides={"command": command, "environment": LOG_ENV},
        tags={"environment": S("environment_tag"), "user": S("user"), "dag_run": "{{ run_id }}"},
        wait_for_completion="{{ flag(params, 'wait_for_completion') }}" if last else True,
        awslogs_enabled=True,  # needs logs:GetLogEvents; the job's log lines land in the task log
        **kwargs,
    )


with DAG(
    dag_id="aqpipe_batch",
    description="OpenAQ raw JSON -> aqpipe on AWS Batch -> Snowflake, per data interval",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,  # no storm of back-runs when the DAG is first switched on
    max_active_runs=1,  # two loads into one table never race
    params={name: "" for name in DEFAULTS},
    user_defined_macros={"setting": setting, "flag": flag, "ingest_command": ingest_command,
                         "sources": sources},
    user_defined_filters={"sanitized": sanitized},
    render_template_as_native_obj=True,  # array size as a number, wait flag as a bool
    default_args={
        "owner": "aqpipe",
        "retries": 2,
        "retry_delay": timedelta(minutes=2),
        "retry_exponential_backoff": True,
        "max_retry_delay": timedelta(minutes=20),
        "execution_timeout": timedelta(hours=3),
    },
    tags=["aqpipe", "batch"],
) as dag:
    ingest_enabled = ShortCircuitOperator(
        task_id="ingest_enabled",
        python_callable=lambda params: flag(params, "ingest"),
        ignore_downstream_trigger_rules=False,  # skip the ingest only, not the load
    )
    ingest = batch("ingest", "transform_job_definition",
                   "{{ ingest_command(params, data_interval_start, data_interval_end) }}")
    shape = BranchPythonOperator(task_id="choose_shape", python_callable=_shape,
                                 trigger_rule="none_failed")
    single = batch("transform_and_load", "transform_job_definition",
                   ["run", "--source", SOURCES, *WAREHOUSE_ARGS], last=True)
    shards = batch("transform_shards", "transform_job_definition",
                   ["run", "--source", SOURCES, "--run-stage", STAGE],
                   array_properties={"size": "{{ setting(params, 'shards') | int }}"})
    load = batch("load", "load_job_definition", ["load", "--run-stage", STAGE, *WAREHOUSE_ARGS],
                 last=True)

    ingest_enabled >> ingest >> shape
    shape >> [single, shards]
    shards >> load
