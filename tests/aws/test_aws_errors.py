"""Every error of the issue's point 6: a clear message and a non-zero exit."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from support.aws_env import clean_env, run_aqpipe, static_keys, unique_name
from support.fault_proxy import FaultProxy
from support.moto_server import MotoServer, boto3_client
from support.credential_endpoint import CredentialEndpoint, container_credentials

SECRET_VALUES = ("hunter2-very-secret", "acct-db-not-printed")


@pytest.fixture(scope="module")
def locked_moto(tmp_path_factory):
    """A moto that enforces IAM: a 'reader' user may read one bucket and nothing else."""
    log = tmp_path_factory.mktemp("moto-auth") / "moto.log"
    with MotoServer(log_path=str(log)) as server:
        iam = boto3_client("iam", server.url)
        s3 = boto3_client("s3", server.url)
        secrets = boto3_client("secretsmanager", server.url)
        allowed, forbidden = unique_name("allowed"), unique_name("forbidden")
        for name in (allowed, forbidden):
            s3.create_bucket(Bucket=name)
            s3.put_object(Bucket=name, Key="raw/x.json", Body=b'{"a": 1}\n')
        secrets.create_secret(Name="team/login", SecretString=json.dumps(
            {"URL": "u", "USER_NAME": "x", "PASSWORD": SECRET_VALUES[0]}))
        iam.create_user(UserName="reader")
        policy = {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"],
                 "Resource": [f"arn:aws:s3:::{allowed}", f"arn:aws:s3:::{allowed}/*"]},
                {"Effect": "Allow", "Action": ["sts:GetCallerIdentity"], "Resource": "*"},
            ],
        }
        iam.put_user_policy(UserName="reader", PolicyName="read-one-bucket", PolicyDocument=json.dumps(policy))
        key = iam.create_access_key(UserName="reader")["AccessKey"]
        server.enforce_auth()
        yield server, allowed, forbidden, key["AccessKeyId"], key["SecretAccessKey"]


def test_signatures_are_accepted_by_an_endpoint_that_checks_them(aqpipe_bin, locked_moto, home):
    server, allowed, _, key_id, secret = locked_moto
    env = clean_env(home, AWS_ENDPOINT_URL=server.url, **static_keys(key_id, secret))
    result = run_aqpipe(aqpipe_bin, ["aws-check", "--source", f"s3://{allowed}/raw/"], env, secrets=(secret,))
    assert result.returncode == 0, result.stderr
    assert "identity:     arn:aws:iam::123456789012:user/reader" in result.stdout


def test_access_denied_to_a_bucket_names_bucket_and_identity(aqpipe_bin, locked_moto, home):
    server, _, forbidden, key_id, secret = locked_moto
    env = clean_env(home, AWS_ENDPOINT_URL=server.url, **static_keys(key_id, secret))
    result = run_aqpipe(aqpipe_bin, ["aws-check", "--source", f"s3://{forbidden}/raw/"], env, secrets=(secret,))
    assert result.returncode != 0
    assert f"access denied listing s3://{forbidden}/raw/" in result.stderr
    assert "arn:aws:iam::123456789012:user/reader" in result.stderr
    assert "s3:ListBucket" in result.stderr


def test_access_denied_to_a_secret_names_secret_and_identity(aqpipe_bin, locked_moto, home):
    server, _, _, key_id, secret = locked_moto
    env = clean_env(home, AWS_ENDPOINT_URL=server.url, **static_keys(key_id, secret))
    result = run_aqpipe(aqpipe_bin, ["aws-check", "--secret", "team/login"], env,
                        secrets=(secret, SECRET_VALUES[0]))
    assert result.returncode != 0
    assert "access denied to secret 'team/login'" in result.stderr
    assert "arn:aws:iam::123456789012:user/reader" in result.stderr


def test_unknown_access_key_is_rejected_clearly(aqpipe_bin, locked_moto, home):
    server, allowed, _, _, _ = locked_moto
    env = clean_env(home, AWS_ENDPOINT_URL=server.url, **static_keys("AKIANOTAKEY00000000", "wrong-secret-0001"))
    result = run_aqpipe(aqpipe_bin, ["aws-check", "--source", f"s3://{allowed}/raw/"], env,
                        secrets=("wrong-secret-0001",))
    assert result.returncode != 0
    assert "rejected the credentials" in result.stderr


@pytest.fixture
def env(moto, home):
    return clean_env(home, AWS_ENDPOINT_URL=moto.url, **static_keys())


def test_no_such_bucket(aqpipe_bin, env):
    result = run_aqpipe(aqpipe_bin, ["aws-check", "--source", "s3://no-such-bucket-aqpipe/raw/"], env)
    assert result.returncode != 0
    assert "no such bucket 'no-such-bucket-aqpipe'" in result.stderr


def test_no_such_key(aqpipe_bin, env, bucket):
    result = run_aqpipe(aqpipe_bin, ["aws-check", "--source", f"s3://{bucket}/raw/open_aq/missing.json"], env)
    assert result.returncode != 0
    assert f"no such key: s3://{bucket}/raw/open_aq/missing.json" in result.stderr


def test_no_such_secret(aqpipe_bin, env):
    result = run_aqpipe(aqpipe_bin, ["aws-check", "--secret", "snowflake/does-not-exist"], env)
    assert result.returncode != 0
    assert "no such secret 'snowflake/does-not-exist'" in result.stderr


def test_valid_secret_shows_key_names_never_values(aqpipe_bin, env, secretsmanager):
    name = unique_name("snowflake/capstone/login")
    secretsmanager.create_secret(Name=name, SecretString=json.dumps({
        "URL": "acct.snowflakecomputing.com", "USER_NAME": "loader", "PASSWORD": SECRET_VALUES[0],
        "DATABASE": SECRET_VALUES[1], "WAREHOUSE": "WH", "ROLE": "LOADER"}))
    result = run_aqpipe(aqpipe_bin, ["aws-check", "--secret", name], env, secrets=SECRET_VALUES)
    assert result.returncode == 0, result.stderr
    assert "keys URL, USER_NAME, PASSWORD, DATABASE, WAREHOUSE, ROLE" in result.stdout
    assert "warehouse login: valid (password login)" in result.stdout


def test_malformed_secret_names_missing_keys_never_values(aqpipe_bin, env, secretsmanager):
    name = unique_name("broken/login")
    secretsmanager.create_secret(Name=name, SecretString=json.dumps(
        {"url": "acct", "DATABASE": SECRET_VALUES[1], "pass_word": SECRET_VALUES[0]}))
    result = run_aqpipe(aqpipe_bin, ["aws-check", "--secret", name], env, secrets=SECRET_VALUES)
    assert result.returncode != 0
    assert f"malformed secret '{name}'" in result.stderr
    assert "missing USER_NAME, PASSWORD or PRIVATE_KEY" in result.stderr


def test_secret_that_is_not_json_is_malformed(aqpipe_bin, env, secretsmanager):
    name = unique_name("plain/text")
    secretsmanager.create_secret(Name=name, SecretString=f"password={SECRET_VALUES[0]}")
    result = run_aqpipe(aqpipe_bin, ["aws-check", "--secret", name], env, secrets=SECRET_VALUES)
    assert result.returncode != 0
    assert f"malformed secret '{name}'" in result.stderr


def test_expired_token_answer_is_explained(aqpipe_bin, moto, home, bucket):
    with FaultProxy(moto.url, permanent=(400, "ExpiredToken", "The provided token has expired.")) as proxy:
        env = clean_env(home, AWS_ENDPOINT_URL=proxy.url, **static_keys(),
                        AWS_SESSION_TOKEN="expired-session-token-0001")
        result = run_aqpipe(aqpipe_bin, ["aws-check", "--source", f"s3://{bucket}/raw/"], env,
                            secrets=("expired-session-token-0001",))
    assert result.returncode != 0
    assert "expired token" in result.stderr
    assert "ExpiredToken" in result.stderr


def test_expired_credentials_from_a_provider_are_explained(aqpipe_bin, moto, home):
    endpoint = CredentialEndpoint(lambda method, path, headers: (200, container_credentials(-timedelta(hours=1))))
    try:
        env = clean_env(home, AWS_ENDPOINT_URL=moto.url, AWS_CONTAINER_CREDENTIALS_FULL_URI=endpoint.url + "/c")
        result = run_aqpipe(aqpipe_bin, ["aws-check"], env, secrets=("container-secret-access-key-0001",))
    finally:
        endpoint.close()
    assert result.returncode != 0
    assert "expired token: the credentials from container credentials endpoint" in result.stderr


def test_unreachable_container_endpoint_is_an_error_not_a_fallthrough(aqpipe_bin, moto, home):
    env = clean_env(home, AWS_ENDPOINT_URL=moto.url, AWS_CONTAINER_CREDENTIALS_FULL_URI="http://127.0.0.1:9/creds")
    result = run_aqpipe(aqpipe_bin, ["aws-check"], env, timeout=120)
    assert result.returncode != 0
    assert "container credentials endpoint http://127.0.0.1:9/creds" in result.stderr
