"""dags/aqpipe_batch.py run end to end with `dag.test()` under each tested Airflow line, against
moto server's Batch in simple mode (a stand-in: jobs finish at submission without Docker; nothing
reaches AWS). The queue and the job definitions come from deploy/aws/aqpipe-batch.yaml through
moto's CloudFormation. What is checked is what Batch was asked for and what it reports back:
definitions, queue, names, tags, array size, the order of load after the array, and a failed job
failing its task with Batch's reason in the log.

Every wait is bounded: the Airflow process by a subprocess timeout, the DAG's status polling by
its max_polls setting (the provider's default, 4200 checks, is 48 hours of polling), and the
retries a failed task would wait minutes for are switched off in the probe."""

from __future__ import annotations

import json
import re
import sys
import threading
import time

import pytest

from airflow_venv import HERE, LINES, ROOT, airflow_env, run_python

sys.path.insert(0, str(ROOT / "tests"))
from support.moto_server import MotoServer, boto3_client  # noqa: E402

REGION = "eu-west-1"
QUEUE = "academy-capstone-winter-2023-job-queue"
ENVIRONMENT = "academy-capstone-winter-2023"
IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/aqpipe:test"
PROBE = (HERE / "dag_run_probe.py").read_text()
RETRY_75 = {"attempts": 3, "evaluateOnExit": [
    {"onExitCode": "75", "action": "RETRY"}, {"onExitCode": "*", "action": "EXIT"}]}
# Small waits, set the way an operator would: DAG-run params.
FAST = {"poll_seconds": "1", "max_polls": "5"}
# What real Batch reports when the container exits non-zero; moto's simple mode gives no reason
# of its own, so the test sets one through TerminateJob while the failing submission is held.
REASON = "Essential container in task exited"


def batch_stand_in(server: MotoServer, users: list[str]) -> None:
    """Simple-mode Batch with the capstone's queue and, per user, the stack's job definitions."""
    server.post("/moto-api/config", json.dumps({"batch": {"use_docker": False}}).encode())
    iam = boto3_client("iam", server.url, REGION)
    role = iam.create_role(RoleName="academy-capstone-winter-2023-batch-job-role",
                           Path="/academy-capstone-winter-2023/", AssumeRolePolicyDocument="{}")
    batch = boto3_client("batch", server.url, REGION)
    env = batch.create_compute_environment(computeEnvironmentName="capstone", type="UNMANAGED",
                                           serviceRole=role["Role"]["Arn"])
    batch.create_job_queue(jobQueueName=QUEUE, priority=1, state="ENABLED", computeEnvironmentOrder=[
        {"order": 1, "computeEnvironment": env["computeEnvironmentArn"]}])
    cfn = boto3_client("cloudformation", server.url, REGION)
    body = (ROOT / "deploy/aws/aqpipe-batch.yaml").read_text()
    for user in users:
        cfn.create_stack(StackName=f"{user}-aqpipe", TemplateBody=body, Parameters=[
            {"ParameterKey": "UserName", "ParameterValue": user},
            {"ParameterKey": "ImageUri", "ParameterValue": IMAGE}])


@pytest.fixture(scope="module")
def moto(tmp_path_factory):
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with MotoServer(log_path=str(log)) as server:
        batch_stand_in(server, [f"{who}{line.replace('.', '')}" for who in ("alice", "bob") for line in LINES])
        yield server


@pytest.fixture(scope="module")
def failing_moto(tmp_path_factory):
    # moto's simple Batch fails every job when this is set, after holding SubmitJob that long.
    log = tmp_path_factory.mktemp("moto-failing") / "moto.log"
    with MotoServer(extra_env={"MOTO_SIMPLE_BATCH_FAIL_AFTER": "3"}, log_path=str(log)) as server:
        batch_stand_in(server, [f"carol{line.replace('.', '')}" for line in LINES])
        yield server


@pytest.fixture(scope="module", params=LINES)
def airflow(request, tmp_path_factory):
    """(line, home): an Airflow line with a migrated SQLite metadata DB, shared by its runs."""
    line = request.param
    home = tmp_path_factory.mktemp(f"airflow-{line}")
    started = time.monotonic()
    out = run_python(line, "from airflow.__main__ import main; main()", airflow_env(home), 180,
                     "db", "migrate")
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    print(f"airflow {line} db migrate: {time.monotonic() - started:.1f} s", file=sys.stderr)
    return line, home


def terminate_when_submitted(server: MotoServer, user: str, stop: threading.Event) -> None:
    batch = boto3_client("batch", server.url, REGION)
    while not stop.is_set():
        listed = batch.list_jobs(jobQueue=QUEUE, filters=[{"name": "JOB_NAME", "values": [f"{user}-aqpipe-*"]}])
        for job in listed["jobSummaryList"]:
            batch.terminate_job(jobId=job["jobId"], reason=REASON)
            return
        time.sleep(0.1)


@pytest.fixture(scope="module")
def runs(airflow, moto, failing_moto):
    """The three runs of one Airflow line, in one Airflow process: {name: (user, result)} and
    the whole log."""
    line, home = airflow
    tag = line.replace(".", "")
    users = {"sharded": f"alice{tag}", "one_shard": f"bob{tag}", "failing": f"carol{tag}"}
    plan = {
        "sharded": {"conf": {**FAST, "user": users["sharded"], "shards": "3"}, "day": "2026-03-01",
                    "env": {"AWS_ENDPOINT_URL": moto.url}},
        # The table comes from an Airflow Variable (set through the environment), the rest from
        # params; the ingest runs first and the transform reads its output too.
        "one_shard": {"conf": {**FAST, "user": users["one_shard"], "shards": "1", "ingest": "true",
                               "ingest_api_key_secret": "openaq/api-key"},
                      "day": "2026-03-02",
                      "env": {"AWS_ENDPOINT_URL": moto.url, "AIRFLOW_VAR_AQPIPE_TABLE": "daily"}},
        # Deferrable where the provider's aiobotocore is installed (the 3.0 set): its failure
        # message has no reason of its own. (moto finishes jobs at submission, so no run defers.)
        # "ingest" spelt out: the runs share one process, where an earlier run's conf can linger.
        "failing": {"conf": {**FAST, "user": users["failing"], "ingest": "false",
                             "deferrable": str(line != "2.10").lower()},
                    "day": "2026-03-03",
                    "env": {"AWS_ENDPOINT_URL": failing_moto.url}},
    }
    env = airflow_env(home, AWS_DEFAULT_REGION=REGION, AWS_ACCESS_KEY_ID="testing",
                      AWS_SECRET_ACCESS_KEY="testing", AIRFLOW_CONN_AWS_DEFAULT='{"conn_type": "aws"}')
    stop = threading.Event()
    watcher = threading.Thread(target=terminate_when_submitted, args=(failing_moto, users["failing"], stop),
                               daemon=True)
    watcher.start()
    started = time.monotonic()
    try:
        out = run_python(line, PROBE, env, 300, json.dumps(plan))
    finally:
        stop.set()
        watcher.join(timeout=10)
    print(f"airflow {line}: three dag.test runs in {time.monotonic() - started:.1f} s", file=sys.stderr)
    log = out.stdout + out.stderr
    assert out.returncode == 0, log[-6000:]
    results = json.loads(out.stdout.strip().splitlines()[-1])["runs"]
    return {name: (users[name], results[name]) for name in plan}, log


def jobs_of(server: MotoServer, user: str) -> list[dict]:
    batch = boto3_client("batch", server.url, REGION)
    listed = batch.list_jobs(jobQueue=QUEUE, filters=[{"name": "JOB_NAME", "values": [f"{user}-aqpipe-*"]}])
    ids = sorted({j["jobId"] for j in listed["jobSummaryList"] if ":" not in j["jobId"]})  # no children
    return batch.describe_jobs(jobs=ids)["jobs"] if ids else []


def test_sharded_run_submits_an_array_then_the_load(runs, moto):
    (user, result), log = runs[0]["sharded"], runs[1]
    assert result["run_state"].endswith("success"), log[-6000:]
    assert result["states"] == {
        "ingest_enabled": "success", "ingest": "skipped", "choose_shape": "success",
        "transform_and_load": "skipped", "transform_shards": "success", "load": "success"}

    jobs = {j["jobName"].split("-aqpipe-")[1].split("-")[0]: j for j in jobs_of(moto, user)}
    assert set(jobs) == {"transform", "load"}, jobs
    array, load = jobs["transform"], jobs["load"]
    assert array["jobName"].startswith(f"{user}-aqpipe-transform-shards-")
    assert array["jobDefinition"].endswith(f":job-definition/{user}-aqpipe-transform:1")
    assert load["jobDefinition"].endswith(f":job-definition/{user}-aqpipe-load:1")
    for job in (array, load):
        assert job["jobQueue"].endswith(f":job-queue/{QUEUE}")
        assert job["status"] == "SUCCEEDED"
        assert job["tags"]["environment"] == ENVIRONMENT and job["tags"]["user"] == user
        assert job["tags"]["dag_run"] == result["run_id"]
    assert array["arrayProperties"]["size"] == 3
    assert "arrayProperties" not in load
    # The load is submitted only once the whole array has succeeded (Airflow's ordering).
    assert load["createdAt"] >= array["stoppedAt"]

    submits = {s["jobName"]: s for s in result["submits"]}
    shards, loaded = submits[array["jobName"]], submits[load["jobName"]]
    assert shards["retryStrategy"] == RETRY_75 == loaded["retryStrategy"]
    stage = shards["containerOverrides"]["command"][-1]
    run_segment = re.sub(r"[^A-Za-z0-9_-]+", "-", result["run_id"]).strip("-")
    assert stage == f"s3://dataminded-academy-capstone-resources/{user}/aqpipe-stage/{run_segment}/"
    assert array["jobName"] == f"{user}-aqpipe-transform-shards-{run_segment}"
    assert shards["containerOverrides"]["command"] == [
        "run", "--source", "s3://dataminded-academy-capstone-resources/raw/open_aq/", "--run-stage", stage]
    assert loaded["containerOverrides"]["command"] == [
        "load", "--run-stage", stage, "--warehouse", "snowflake", "--secret", "snowflake/capstone/login",
        "--schema", user.upper(), "--table", "measurements"]


def test_one_shard_is_one_plain_job_after_the_ingest(runs, moto):
    user, result = runs[0]["one_shard"]
    assert result["states"]["ingest"] == "success" and result["states"]["transform_and_load"] == "success"
    assert result["states"]["transform_shards"] == "skipped" and result["states"]["load"] == "skipped"
    jobs = {j["jobName"].split("-aqpipe-")[1].split("-")[0]: j for j in jobs_of(moto, user)}
    assert set(jobs) == {"ingest", "transform"}, jobs
    job = jobs["transform"]
    assert job["jobName"].startswith(f"{user}-aqpipe-transform-and-load-")
    assert job["jobDefinition"].endswith(f":job-definition/{user}-aqpipe-transform:1")
    assert "arrayProperties" not in job and job["status"] == "SUCCEEDED"
    assert job["tags"]["environment"] == ENVIRONMENT
    assert job["createdAt"] >= jobs["ingest"]["stoppedAt"]
    submits = {s["jobName"].split("-aqpipe-")[1].split("-")[0]: s for s in result["submits"]}
    ingest_out = f"s3://dataminded-academy-capstone-resources/{user}/ingest/"
    ingest = submits["ingest"]["containerOverrides"]["command"]
    assert ingest[:3] == ["ingest", "--country", "BE"] and ingest[-2:] == ["--api-key-secret", "openaq/api-key"]
    assert ingest[ingest.index("--out") + 1] == ingest_out
    # The run's data interval: one day, as aqpipe reads date-times.
    assert ingest[ingest.index("--from") + 1].startswith("2026-03-0")
    assert submits["transform"]["containerOverrides"]["command"] == [
        "run", "--source", f"s3://dataminded-academy-capstone-resources/raw/open_aq/,{ingest_out}",
        "--warehouse", "snowflake", "--secret", "snowflake/capstone/login",
        "--schema", user.upper(), "--table", "daily"]


def test_failed_batch_job_fails_the_task_with_batchs_reason(runs, failing_moto):
    (user, result), log = runs[0]["failing"], runs[1]
    assert result["states"]["transform_and_load"] == "failed", result
    assert result["run_state"].endswith("failed")
    (job,) = jobs_of(failing_moto, user)
    assert job["status"] == "FAILED" and job["statusReason"] == REASON
    # The task's error starts with Batch's reason (Airflow 3 prints a rich traceback, wrapped and
    # coloured: colours stripped, whitespace joined).
    plain = " ".join(re.sub(r"\x1b\[[0-9;]*m", "", log).split())
    assert f"AirflowException: Batch job {job['jobId']} FAILED: {REASON}, exit code" in plain, log[-6000:]
