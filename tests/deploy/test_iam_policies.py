"""iam/*.json: valid IAM policy documents (cfn-lint, pinned in deploy/aws/requirements-tools.txt,
over a generated CloudFormation template that wraps each one: *-policy.json as a managed
policy's document, *-trust.json as a role's trust policy) that name their resources: no `*`
resource except for actions IAM cannot scope to a resource. Not checked against real IAM."""

from __future__ import annotations

import json
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
POLICIES = sorted((ROOT / "iam").glob("*.json"))
# Actions with no resource-level permissions (the Service Authorization Reference lists no
# resource type for them), so "*" is the only Resource they take.
UNSCOPED = {"batch:DescribeJobs", "batch:ListJobs"}


@pytest.fixture(scope="module")
def cfn_lint() -> pathlib.Path:
    out = subprocess.run(["bash", str(ROOT / "scripts/setup-deploy-tools.sh")],
                         capture_output=True, text=True, timeout=600, check=True)
    return pathlib.Path(out.stdout.strip().splitlines()[-1]) / "cfn-lint"


def template(documents: dict[str, dict]) -> dict:
    resources = {}
    for name, document in documents.items():
        logical = "".join(part.title() for part in name.replace("_", "-").split("-"))
        if name.endswith("-trust"):
            resources[logical] = {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": document}}
        else:
            resources[logical] = {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": document}}
    return {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}


def lint(cfn_lint: pathlib.Path, tmp_path: pathlib.Path, documents: dict[str, dict]):
    path = tmp_path / "iam.json"
    path.write_text(json.dumps(template(documents), indent=1))
    return subprocess.run([str(cfn_lint), "--regions", "eu-west-1", "--", str(path)],
                          capture_output=True, text=True, timeout=120)


def documents() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text()) for p in POLICIES}


def test_every_policy_is_a_valid_document(cfn_lint, tmp_path):
    assert {p.name for p in POLICIES} >= {"mwaa-batch-policy.json", "mwaa-execution-trust.json",
                                          "conveyor-role-policy.json", "conveyor-role-trust.json"}
    out = lint(cfn_lint, tmp_path, documents())
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_linter_rejects_a_broken_document(cfn_lint, tmp_path):
    broken = documents()
    broken["conveyor-role-policy"]["Statement"][0]["Effect"] = "Allowed"
    out = lint(cfn_lint, tmp_path, broken)
    assert out.returncode != 0 and "Allowed" in out.stdout, out.stdout


def statements(document: dict) -> list[dict]:
    return document["Statement"] if isinstance(document["Statement"], list) else [document["Statement"]]


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


@pytest.mark.parametrize("path", [p for p in POLICIES if not p.stem.endswith("-trust")], ids=lambda p: p.name)
def test_no_star_resource_where_a_name_is_known(path):
    for statement in statements(json.loads(path.read_text())):
        actions, resources = as_list(statement["Action"]), as_list(statement["Resource"])
        assert all(a != "*" and not a.endswith(":*") for a in actions), statement
        if "*" in resources:
            assert set(actions) <= UNSCOPED, f"{path.name} {statement['Sid']}: '*' for {actions}"


def test_mwaa_role_can_submit_wait_and_fetch_logs():
    actions = {a for s in statements(json.loads((ROOT / "iam/mwaa-batch-policy.json").read_text()))
               for a in as_list(s["Action"])}
    # SubmitJob alone cannot wait: the operator polls DescribeJobs, and awslogs_enabled=True
    # in dags/aqpipe_batch.py reads the job's log stream.
    assert {"batch:SubmitJob", "batch:TagResource", "batch:DescribeJobs", "logs:GetLogEvents"} <= actions
    assert "awslogs_enabled=True" in (ROOT / "dags/aqpipe_batch.py").read_text()


def test_trust_policies_name_their_principals():
    conveyor = statements(json.loads((ROOT / "iam/conveyor-role-trust.json").read_text()))
    assert [s["Action"] for s in conveyor] == ["sts:AssumeRoleWithWebIdentity"]
    assert all(s["Principal"]["Federated"].startswith("arn:aws:iam::130966031144:oidc-provider/") for s in conveyor)
    assert all(s["Condition"]["StringEquals"] and s["Condition"]["StringLike"] for s in conveyor)
    mwaa = statements(json.loads((ROOT / "iam/mwaa-execution-trust.json").read_text()))
    assert {p for s in mwaa for p in as_list(s["Principal"]["Service"])} == {
        "airflow.amazonaws.com", "airflow-env.amazonaws.com"}
