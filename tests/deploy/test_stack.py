"""deploy/aws against a local stand-in: moto server (CloudFormation, ECR, Batch in simple mode
without Docker, IAM, STS). Nothing reaches AWS; no image is built or pushed here (moto's ECR has no
registry), so deploy.sh runs with --no-build --image-uri; test_image.py runs its build and push
into a local registry. Fixtures: conftest.py."""

from __future__ import annotations

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from support.moto_server import boto3_client  # noqa: E402

TEMPLATE = ROOT / "deploy" / "aws" / "aqpipe-batch.yaml"
REGION = "eu-west-1"
QUEUE = "academy-capstone-winter-2023-job-queue"
IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/alice-aqpipe:t1"


def test_template_is_cfn_lint_clean(tools):
    out = subprocess.run([str(tools / "cfn-lint"), str(TEMPLATE)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_template_sets_what_moto_does_not_read_back():
    # moto's CloudFormation drops PlatformCapabilities, PropagateTags and Timeout, so they are
    # checked in the template text: one of each per job definition.
    text = TEMPLATE.read_text()
    for line in ("PlatformCapabilities: [EC2]", "PropagateTags: true", "AttemptDurationSeconds: !Ref TimeoutSeconds"):
        assert text.count(line) == 2, line


def test_stack_create_submit_wait_and_update(deploy, moto, tmp_path):
    done = deploy(tmp_path, "--user", "alice", "--no-build", "--image-uri", IMAGE,
                  "--shards", "3", "--wait", "--schema", "ALICE")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "stack alice-aqpipe: created" in done.stdout
    assert done.stdout.count(": SUCCEEDED") == 2, done.stdout

    batch = boto3_client("batch", moto.url, REGION)
    defs = {d["jobDefinitionName"]: d for d in batch.describe_job_definitions(status="ACTIVE")["jobDefinitions"]}
    transform, load = defs["alice-aqpipe-transform"], defs["alice-aqpipe-load"]
    for d in (transform, load):
        c = d["containerProperties"]
        assert c["image"] == IMAGE
        assert c["jobRoleArn"] == moto.role_arn and c["executionRoleArn"] == moto.role_arn
        assert {r["type"]: str(r["value"]) for r in c["resourceRequirements"]} == {"VCPU": "1", "MEMORY": "1024"}
        assert c["logConfiguration"]["logDriver"] == "awslogs"
        assert d["retryStrategy"]["attempts"] == 3
        assert [(e["onExitCode"], e["action"].upper()) for e in d["retryStrategy"]["evaluateOnExit"]] == [
            ("75", "RETRY"), ("*", "EXIT")]
        assert d["tags"]["environment"] == "academy-capstone-winter-2023"
    assert transform["containerProperties"]["command"] == [
        "run", "--source", "Ref::source", "--run-stage", "Ref::stage"]
    assert load["containerProperties"]["command"][:5] == [
        "load", "--run-stage", "Ref::stage", "--warehouse", "snowflake"]

    jobs = batch.list_jobs(jobQueue=QUEUE, filters=[{"name": "JOB_NAME", "values": ["alice-aqpipe-*"]}])
    # moto lists the array's child jobs under the parent's name as well.
    names = {j["jobName"] for j in jobs["jobSummaryList"]}
    assert len(names) == 2 and all(n.startswith("alice-aqpipe-") for n in names)
    detail = [j for j in batch.describe_jobs(jobs=[j["jobId"] for j in jobs["jobSummaryList"]])["jobs"]
              if ":" not in j["jobId"]]
    by_name = {j["jobName"].rsplit("-", 1)[0]: j for j in detail}
    array = next(j for j in detail if "transform" in j["jobName"])
    loadjob = next(j for j in detail if "load" in j["jobName"])
    assert array["arrayProperties"]["size"] == 3
    assert loadjob["dependsOn"] == [{"jobId": array["jobId"]}]
    assert loadjob["parameters"]["schema"] == "ALICE"
    assert all(j["tags"]["environment"] == "academy-capstone-winter-2023" for j in by_name.values())

    ecr = boto3_client("ecr", moto.url, REGION)
    assert ecr.describe_repositories(repositoryNames=["alice-aqpipe"])["repositories"]

    updated = deploy(tmp_path, "--user", "alice", "--no-build", "--image-uri",
                     IMAGE.replace(":t1", ":t2"))
    assert updated.returncode == 0, updated.stdout + updated.stderr
    cfn = boto3_client("cloudformation", moto.url, REGION)
    stack = cfn.describe_stacks(StackName="alice-aqpipe")["Stacks"][0]
    assert stack["StackStatus"] == "UPDATE_COMPLETE"
    # moto's Batch has no CloudFormation update for job definitions (it keeps the old revision),
    # so the update is checked on the stack: complete, with the new image parameter.
    params = {p["ParameterKey"]: p["ParameterValue"] for p in stack["Parameters"]}
    assert params["ImageUri"] == IMAGE.replace(":t1", ":t2")
