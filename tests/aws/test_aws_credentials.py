"""Each credential source of the chain, against the real aqpipe binary and moto."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from support.aws_env import clean_env, run_aqpipe, static_keys
from support.credential_endpoint import CredentialEndpoint, container_credentials, iso


def check(binary, env, bucket, secrets=()):
    result = run_aqpipe(binary, ["aws-check", "--source", f"s3://{bucket}/raw/open_aq/"], env, secrets=secrets)
    assert result.returncode == 0, result.stderr
    assert "2 objects" in result.stdout
    assert f"s3://{bucket}/raw/open_aq/a.json" in result.stdout
    assert "identity:     arn:aws:" in result.stdout
    return result


def test_environment_credentials(aqpipe_bin, moto, bucket, home):
    env = clean_env(home, AWS_ENDPOINT_URL=moto.url, AWS_REGION="us-east-1", **static_keys(),
                    AWS_SESSION_TOKEN="aqpipe-test-session-token")
    result = check(aqpipe_bin, env, bucket, secrets=("aqpipe-test-secret-key-0001", "aqpipe-test-session-token"))
    assert "credentials:  environment" in result.stdout
    assert "region:       us-east-1 (from AWS_REGION)" in result.stdout
    assert "(override), path style" in result.stdout


def test_default_profile_in_home_with_region(aqpipe_bin, moto, bucket, home):
    (home / ".aws" / "credentials").write_text(
        "[default]\naws_access_key_id = AKIAPROFILE00000001\naws_secret_access_key = profile-secret-0001\n")
    (home / ".aws" / "config").write_text("[default]\nregion = eu-west-1\noutput = json\n")
    env = clean_env(home, AWS_ENDPOINT_URL=moto.url)
    result = check(aqpipe_bin, env, bucket, secrets=("profile-secret-0001",))
    assert f"credentials:  profile default in {home}/.aws/credentials" in result.stdout
    assert "region:       eu-west-1 (from profile default" in result.stdout


def test_named_profile_and_custom_file_locations(aqpipe_bin, moto, bucket, home, tmp_path):
    credentials = tmp_path / "creds.ini"
    config = tmp_path / "config.ini"
    credentials.write_text("[dev]\naws_access_key_id = AKIADEV000000000001\naws_secret_access_key = dev-secret-0001\n")
    config.write_text("[profile dev]\nregion = ap-south-1\n")
    env = clean_env(home, AWS_ENDPOINT_URL=moto.url, AWS_PROFILE="dev",
                    AWS_SHARED_CREDENTIALS_FILE=credentials, AWS_CONFIG_FILE=config)
    result = check(aqpipe_bin, env, bucket, secrets=("dev-secret-0001",))
    assert f"profile dev in {credentials}" in result.stdout
    assert "region:       ap-south-1" in result.stdout


def test_environment_wins_over_profile(aqpipe_bin, moto, bucket, home):
    (home / ".aws" / "credentials").write_text(
        "[default]\naws_access_key_id = AKIAPROFILE00000001\naws_secret_access_key = profile-secret-0001\n")
    env = clean_env(home, AWS_ENDPOINT_URL=moto.url, **static_keys())
    result = check(aqpipe_bin, env, bucket)
    assert "credentials:  environment" in result.stdout


def test_profile_assume_role_through_sts(aqpipe_bin, moto, bucket, home):
    (home / ".aws" / "credentials").write_text(
        "[base]\naws_access_key_id = AKIABASE00000000001\naws_secret_access_key = base-secret-0001\n")
    (home / ".aws" / "config").write_text(
        "[profile analyst]\nrole_arn = arn:aws:iam::123456789012:role/analyst\nsource_profile = base\n"
        "role_session_name = aqpipe-test\nregion = us-east-1\n")
    env = clean_env(home, AWS_ENDPOINT_URL=moto.url, AWS_PROFILE="analyst")
    result = check(aqpipe_bin, env, bucket, secrets=("base-secret-0001",))
    assert "role arn:aws:iam::123456789012:role/analyst" in result.stdout
    assert "assumed-role/analyst/aqpipe-test" in result.stdout
    assert "expires " in result.stdout


def test_web_identity_through_sts(aqpipe_bin, moto, bucket, home, tmp_path):
    token = tmp_path / "token"
    token.write_text("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6YXFwaXBlIn0.c2lnbmF0dXJl\n")
    env = clean_env(home, AWS_ENDPOINT_URL=moto.url, AWS_REGION="eu-west-1",
                    AWS_WEB_IDENTITY_TOKEN_FILE=token, AWS_ROLE_ARN="arn:aws:iam::123456789012:role/conveyor",
                    AWS_ROLE_SESSION_NAME="pod-1")
    result = check(aqpipe_bin, env, bucket, secrets=("c2lnbmF0dXJl",))
    assert "web identity" in result.stdout
    assert "assumed-role/conveyor/pod-1" in result.stdout


def test_container_credentials_full_uri_with_token_file(aqpipe_bin, moto, bucket, home, tmp_path):
    token_file = tmp_path / "auth-token"
    token_file.write_text("container-auth-token-0001\n")
    endpoint = CredentialEndpoint(lambda method, path, headers: (
        (200, container_credentials()) if headers.get("Authorization") == "container-auth-token-0001"
        else (401, '{"message": "bad token"}')))
    try:
        env = clean_env(home, AWS_ENDPOINT_URL=moto.url,
                        AWS_CONTAINER_CREDENTIALS_FULL_URI=endpoint.url + "/v1/credentials",
                        AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=token_file)
        result = check(aqpipe_bin, env, bucket, secrets=(
            "container-secret-access-key-0001", "container-session-token-0001", "container-auth-token-0001"))
        assert f"credentials:  container credentials endpoint {endpoint.url}/v1/credentials" in result.stdout
        assert endpoint.requests[0][1] == "/v1/credentials"
    finally:
        endpoint.close()


def test_container_credentials_relative_uri_reaches_the_agent_address(aqpipe_bin, moto, bucket, home):
    # The agent's address 169.254.170.2 is not reachable here; libcurl honours
    # http_proxy, so the test's server receives the request as a proxy and
    # answers for the agent. NO_PROXY keeps moto's traffic direct.
    endpoint = CredentialEndpoint(lambda method, path, headers: (200, container_credentials()))
    try:
        env = clean_env(home, AWS_ENDPOINT_URL=moto.url,
                        AWS_CONTAINER_CREDENTIALS_RELATIVE_URI="/v2/credentials/0b1c-task",
                        AWS_CONTAINER_AUTHORIZATION_TOKEN="inline-auth-token-0001",
                        http_proxy=endpoint.url, NO_PROXY="127.0.0.1,localhost")
        result = check(aqpipe_bin, env, bucket, secrets=("inline-auth-token-0001",))
        assert "container credentials endpoint http://169.254.170.2/v2/credentials/0b1c-task" in result.stdout
        method, path, headers = endpoint.requests[0]
        assert path == "http://169.254.170.2/v2/credentials/0b1c-task"
        assert headers.get("authorization") == "inline-auth-token-0001"
    finally:
        endpoint.close()


def test_short_lived_credentials_are_refreshed_before_they_expire(aqpipe_bin, moto, bucket, home):
    # Four minutes left is inside the refresh margin: every use fetches anew.
    endpoint = CredentialEndpoint(lambda method, path, headers: (200, container_credentials(timedelta(minutes=4))))
    try:
        env = clean_env(home, AWS_ENDPOINT_URL=moto.url, AWS_CONTAINER_CREDENTIALS_FULL_URI=endpoint.url + "/creds")
        check(aqpipe_bin, env, bucket)
        assert len(endpoint.requests) >= 2
    finally:
        endpoint.close()


def test_instance_metadata_v2(aqpipe_bin, moto, bucket, home):
    def imds(method, path, headers):
        if method == "PUT" and path == "/latest/api/token":
            if headers.get("X-aws-ec2-metadata-token-ttl-seconds") is None:
                return 400, "missing ttl"
            return 200, "imds-session-token-0001"
        if headers.get("X-aws-ec2-metadata-token") != "imds-session-token-0001":
            return 401, "token required"
        if path == "/latest/meta-data/iam/security-credentials/":
            return 200, "ec2-role"
        if path == "/latest/meta-data/iam/security-credentials/ec2-role":
            return 200, json.dumps({
                "Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": "ASIAIMDS000000000001",
                "SecretAccessKey": "imds-secret-access-key-0001", "Token": "imds-token-0001",
                "Expiration": iso(timedelta(hours=6)), "LastUpdated": iso(timedelta(0))})
        return 404, "not found"

    endpoint = CredentialEndpoint(imds)
    try:
        env = clean_env(home, AWS_ENDPOINT_URL=moto.url, AWS_EC2_METADATA_SERVICE_ENDPOINT=endpoint.url)
        del env["AWS_EC2_METADATA_DISABLED"]
        result = check(aqpipe_bin, env, bucket, secrets=("imds-secret-access-key-0001", "imds-session-token-0001"))
        assert "credentials:  EC2 instance metadata (role ec2-role)" in result.stdout
        assert endpoint.requests[0][:2] == ("PUT", "/latest/api/token")
    finally:
        endpoint.close()


def test_no_credentials_lists_every_place_in_order(aqpipe_bin, moto, home):
    env = clean_env(home, AWS_ENDPOINT_URL=moto.url)
    result = run_aqpipe(aqpipe_bin, ["aws-check"], env)
    assert result.returncode != 0
    message = result.stderr
    assert "no AWS credentials found" in message
    places = ["AWS_ACCESS_KEY_ID", "role_arn", "AWS_WEB_IDENTITY_TOKEN_FILE", ".aws/credentials",
              ".aws/config", "AWS_CONTAINER_CREDENTIALS", "EC2 instance metadata"]
    positions = [message.find(place) for place in places]
    assert all(p >= 0 for p in positions), message
    assert positions == sorted(positions), message


def test_missing_named_profile_is_explained(aqpipe_bin, moto, home):
    env = clean_env(home, AWS_ENDPOINT_URL=moto.url, AWS_PROFILE="prod")
    result = run_aqpipe(aqpipe_bin, ["aws-check"], env)
    assert result.returncode != 0
    assert "config profile (prod)" in result.stderr


@pytest.mark.parametrize("variable", ["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"])
def test_endpoint_overrides(aqpipe_bin, moto, bucket, home, variable):
    env = clean_env(home, AWS_ENDPOINT_URL_STS=moto.url, AWS_ENDPOINT_URL_SECRETS_MANAGER=moto.url,
                    **{variable: moto.url}, **static_keys())
    result = check(aqpipe_bin, env, bucket)
    assert f"s3 endpoint:  {moto.url} (override), path style" in result.stdout
