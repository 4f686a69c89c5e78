"""aqpipe on AWS Batch, scheduled by Airflow (MWAA): drop this file into the DAG folder.

Daily, for the run's data interval: [optional ingest] -> transform -> load into Snowflake.
With aqpipe_shards = 1 the transform+load is one Batch job (`aqpipe run ... --warehouse`);
with N > 1 it is an array job of N transform shards writing to a per-run stage, then one load job.

Every setting is read at run time, never at parse time (the scheduler re-parses this file
constantly): a DAG-run param (trigger with config) wins, else the Airflow Variable
`aqpipe_<name>`, else the capstone default below.

Retries are split on purpose: aqpipe exits 75 on transient failures (throttling, 5xx, a busy
warehouse) and the Batch retryStrategy resubmitted with every job retries exit 75 only, inside
Batch. The Airflow retries (with exponential backoff) are for what Batch cannot see: a
throttled SubmitJob, a lost worker, a job that failed after its Batch attempts ran out.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from airflow import DAG
from airflow.models import Variable
from airflow.operators.python import BranchPythonOperator, ShortCircuitOperator
from airflow.providers.amazon.aws.operators.batch import BatchOperator

DEFAULTS = {
    "user": "capstone",  # job names start with it; also the stage folder
    "job_definition": "",  # empty: "<user>-aqpipe" (the CloudFormation stack's name)
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
    "ingest": "false",
    "ingest_country": "BE",
    "ingest_api_key_secret": "",
    "region": "eu-west-1",
}


def setting(params: dict, name: str) -> str:
    """A setting at run time: the DAG-run param, else Variable aqpipe_<name>, else the default."""
    value = params.get(name) if params else None
    if value in (None, ""):
        value = Variable.get(f"aqpipe_{name}", default_var=DEFAULTS[name])
    value = str(value)
    if name == "job_definition" and not value:
        value = f"{setting(params, 'user')}-aqpipe"
    if name == "schema" and not value:
        value = setting(params, "user").upper()
    return value


def flag(params: dict, name: str) -> bool:
    return setting(params, name).strip().lower() in ("1", "true", "yes", "on")


def sanitized(text: str) -> str:
    """run_id as one S3 path segment (run ids hold ':' and '+')."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", str(text)).strip("-")


def ingest_command(params: dict, start, end) -> list[str]:
    """`aqpipe ingest` for the data interval; the API key option only when a secret is named."""
    command = ["ingest", "--country", setting(params, "ingest_country"),
               "--from", start.isoformat(), "--to", end.isoformat(),
               "--out", f"s3://{setting(params, 'stage_bucket')}/{setting(params, 'user')}/ingest/"]
    if setting(params, "ingest_api_key_secret"):
        command += ["--api-key-secret", setting(params, "ingest_api_key_secret")]
    return command


def _shape(params: dict) -> str:
    return "transform_shards" if int(setting(params, "shards")) > 1 else "transform_and_load"


def S(name: str) -> str:  # noqa: N802 - a template, read like a constant
    return "{{ setting(params, '%s') }}" % name


STAGE = "s3://" + S("stage_bucket") + "/" + S("user") + "/aqpipe-stage/{{ run_id | sanitized }}/"
INTERVAL_ENV = [
    {"name": "AQPIPE_SOURCE", "value": S("source")},
    {"name": "AQPIPE_DATA_INTERVAL_START", "value": "{{ data_interval_start.isoformat() }}"},
    {"name": "AQPIPE_DATA_INTERVAL_END", "value": "{{ data_interval_end.isoformat() }}"},
    {"name": "AQPIPE_LOG_FORMAT", "value": "json"},
]
WAREHOUSE_ARGS = ["--warehouse", "snowflake", "--secret", S("secret"),
                  "--schema", S("schema"), "--table", S("table")]
# Batch retries transient failures (exit 75) itself; anything else fails at once.
RETRY_75 = {"attempts": 3, "evaluateOnExit": [
    {"onExitCode": "75", "action": "RETRY"}, {"onExitCode": "*", "action": "EXIT"}]}


def batch(task_id: str, command: list[str] | str, last: bool = False, **kwargs) -> BatchOperator:
    return BatchOperator(
        task_id=task_id,
        job_name=S("user") + "-aqpipe-" + task_id.replace("_", "-") + "-{{ ds_nodash }}",
        job_definition=S("job_definition"),
        job_queue=S("job_queue"),
        container_overrides={"command": command, "environment": INTERVAL_ENV},
        tags={"environment": S("environment_tag"), "user": S("user"), "dag_run": "{{ run_id }}"},
        retry_strategy=RETRY_75,
        region_name=S("region"),
        wait_for_completion="{{ flag(params, 'wait_for_completion') }}" if last else True,
        deferrable=False,
        poll_interval=30,
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
    user_defined_macros={"setting": setting, "flag": flag, "ingest_command": ingest_command},
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
    ingest = batch("ingest", "{{ ingest_command(params, data_interval_start, data_interval_end) }}")
    shape = BranchPythonOperator(task_id="choose_shape", python_callable=_shape,
                                 trigger_rule="none_failed")
    single = batch("transform_and_load", ["run", *WAREHOUSE_ARGS], last=True)
    shards = batch("transform_shards", ["run", "--run-stage", STAGE],
                   array_properties={"size": "{{ setting(params, 'shards') | int }}"})
    load = batch("load", ["load", "--run-stage", STAGE, *WAREHOUSE_ARGS], last=True)

    ingest_enabled >> ingest >> shape
    shape >> [single, shards]
    shards >> load
