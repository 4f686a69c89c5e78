"""--secret by full ARN (the ARN's region, not the session's, against moto server), and the
transient exit code (75) when an AWS endpoint refuses the connection."""

from __future__ import annotations

import json
import socket

from support.aws_env import clean_env, run_aqpipe, static_keys, unique_name
from support.moto_server import boto3_client

PASSWORD = "arn-test-password-0042"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_secret_read_by_arn_from_another_region(aqpipe_bin, moto, home):
    # The secret lives in eu-west-1 (the class account's region); the job runs in us-east-1.
    client = boto3_client("secretsmanager", moto.url, region="eu-west-1")
    name = unique_name("snowflake/capstone/login")
    arn = client.create_secret(Name=name, SecretString=json.dumps(
        {"URL": "xy12345.eu-west-1.snowflakecomputing.com", "USER_NAME": "loader",
         "PASSWORD": PASSWORD, "DATABASE": "AIR", "WAREHOUSE": "WH", "ROLE": "R"}))["ARN"]
    env = clean_env(home, AWS_ENDPOINT_URL=moto.url, AWS_REGION="us-east-1", **static_keys())
    by_arn = run_aqpipe(aqpipe_bin, ["aws-check", "--secret", arn], env, timeout=60, secrets=(PASSWORD,))
    assert by_arn.returncode == 0, by_arn.stdout + by_arn.stderr
    assert "warehouse login: valid" in by_arn.stdout + by_arn.stderr
    # By name the session's region is used, where the secret does not exist: the ARN's region
    # is what made the read above work.
    by_name = run_aqpipe(aqpipe_bin, ["aws-check", "--secret", name], env, timeout=60, secrets=(PASSWORD,))
    assert by_name.returncode != 0
    assert "us-east-1" in by_name.stdout + by_name.stderr


def test_secrets_manager_refusing_connections_exits_transient(aqpipe_bin, home, tmp_path):
    env = clean_env(home, AWS_ENDPOINT_URL=f"http://127.0.0.1:{closed_port()}", AWS_REGION="eu-west-1",
                    AWS_MAX_ATTEMPTS=1, **static_keys())
    result = run_aqpipe(aqpipe_bin, ["run", "--source", "sample", "--warehouse", "snowflake",
                                     "--secret", "snowflake/capstone/login", "--table", "m"],
                        env, timeout=60, cwd=str(tmp_path))
    assert result.returncode == 75, (result.returncode, result.stderr)
    assert "snowflake/capstone/login" in result.stderr


def test_s3_source_refusing_connections_exits_transient(aqpipe_bin, home, tmp_path):
    env = clean_env(home, AWS_ENDPOINT_URL=f"http://127.0.0.1:{closed_port()}", AWS_REGION="eu-west-1",
                    AWS_MAX_ATTEMPTS=1, **static_keys())
    result = run_aqpipe(aqpipe_bin, ["run", "--source", "s3://no-such-host-bucket/raw/",
                                     "--warehouse", f"sqlite:{tmp_path / 'x.db'}"], env, timeout=60,
                        cwd=str(tmp_path))
    assert result.returncode == 75, (result.returncode, result.stderr)
