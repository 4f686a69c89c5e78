"""Fixtures shared by the deploy suites: the deploy tools venv (AWS CLI, cfn-lint) and a moto
server standing in for CloudFormation, ECR, IAM, STS, S3 and Batch (simple mode: jobs succeed
without Docker), with the class's job role and job queue already made, as the capstone's
account has them."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from support.moto_server import MotoServer, boto3_client  # noqa: E402

REGION = "eu-west-1"
QUEUE = "academy-capstone-winter-2023-job-queue"
DEPLOY = ROOT / "deploy" / "aws" / "deploy.sh"


@pytest.fixture(scope="module")
def tools() -> pathlib.Path:
    out = subprocess.run(["bash", str(ROOT / "scripts" / "setup-deploy-tools.sh")],
                         capture_output=True, text=True, timeout=600, check=True)
    return pathlib.Path(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def moto(tmp_path_factory):
    with MotoServer(log_path=str(tmp_path_factory.mktemp("moto") / "moto.log")) as server:
        server.post("/moto-api/config", json.dumps({"batch": {"use_docker": False}}).encode())
        iam = boto3_client("iam", server.url, REGION)
        role = iam.create_role(RoleName="academy-capstone-winter-2023-batch-job-role",
                               Path="/academy-capstone-winter-2023/",
                               AssumeRolePolicyDocument="{}")["Role"]["Arn"]
        batch = boto3_client("batch", server.url, REGION)
        env = batch.create_compute_environment(computeEnvironmentName="capstone", type="UNMANAGED",
                                               serviceRole=role)["computeEnvironmentArn"]
        batch.create_job_queue(jobQueueName=QUEUE, priority=1, state="ENABLED",
                               computeEnvironmentOrder=[{"order": 1, "computeEnvironment": env}])
        server.role_arn = role
        yield server


@pytest.fixture
def deploy(tools, moto):
    """deploy(home, *args, env=None): runs deploy.sh against moto with the deploy tools on PATH
    and none of the caller's AWS_* settings."""

    def run(home, *args, env=None):
        full = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        full.update(PATH=f"{tools}:{full['PATH']}", HOME=str(home), AWS_ENDPOINT_URL=moto.url,
                    AWS_DEFAULT_REGION=REGION, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")
        full.update(env or {})
        return subprocess.run(["bash", str(DEPLOY), *args], capture_output=True, text=True,
                              timeout=600, env=full)

    return run
