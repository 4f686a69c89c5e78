"""dags_conveyor/aqpipe_conveyor.py against ConveyorContainerOperatorV2's documented arguments.

Not run on Conveyor: the real Conveyor Airflow package is not installable here. The DAG file is
read as source (AST): every keyword passed to the operator must be one Conveyor documents for it
(docs.conveyordata.com, technical reference of the operator: image, cmds, arguments,
instance_type, instance_life_cycle, env_vars, aws_role, ...) or a BaseOperator argument of the
real Airflow 2.10 installed for the tests, so a misspelt argument fails here instead of at
Conveyor's parse. .conveyor/project.yaml is checked against the layout `conveyor project create`
writes (schema 0.3)."""

from __future__ import annotations

import ast
import json
import re

import yaml  # moto's dependency, in the test venv

from airflow_venv import ROOT, airflow_env, run_python

DAG_FILE = ROOT / "dags_conveyor/aqpipe_conveyor.py"
DOCUMENTED = {"image", "cmds", "arguments", "instance_type", "instance_life_cycle", "env_vars",
              "aws_role", "azure_application_client_id", "airflow_worker_instance_type",
              "validate_docker_image_exists", "disk_size", "disk_mount_path", "xcom_push", "xcom_key"}
REQUIRED = {"task_id", "instance_type", "aws_role"}  # task_id by Airflow; the others by this project
INSTANCE_TYPES = {f"mx.{size}" for size in ("nano", "micro", "small", "medium", "large", "xlarge", "2xlarge", "4xlarge")}


def base_operator_arguments(tmp_path) -> set[str]:
    code = ("import inspect, json; from airflow.models.baseoperator import BaseOperator; "
            "print(json.dumps(sorted(inspect.signature(BaseOperator.__init__).parameters)))")
    out = run_python("2.10", code, airflow_env(tmp_path), 120)
    assert out.returncode == 0, out.stderr[-3000:]
    return set(json.loads(out.stdout.strip().splitlines()[-1])) - {"self", "kwargs"}


def operator_calls(source: str) -> list[ast.Call]:
    return [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) == "ConveyorContainerOperatorV2"]


def problems(source: str, allowed: set[str]) -> list[str]:
    calls = operator_calls(source)
    found = [] if calls else ["no ConveyorContainerOperatorV2 call"]
    for call in calls:
        passed = {k.arg for k in call.keywords}
        found += [f"line {call.lineno}: unknown argument {name}" for name in sorted(passed - allowed)]
        found += [f"line {call.lineno}: missing {name}" for name in sorted(REQUIRED - passed)]
    return found


def constants(source: str) -> dict:
    """The module's NAME = "literal" assignments and the operator's keyword literals."""
    tree = ast.parse(source)
    names = {t.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
             for t in node.targets if isinstance(t, ast.Name) and isinstance(node.value, ast.Constant)}
    (call,) = operator_calls(source)
    kwargs = {}
    for k in call.keywords:
        if isinstance(k.value, ast.Dict):
            kwargs[k.arg] = {ast.literal_eval(key): names.get(getattr(v, "id", None), getattr(v, "value", None))
                             for key, v in zip(k.value.keys, k.value.values)}
        elif isinstance(k.value, ast.Constant):
            kwargs[k.arg] = k.value.value
    return {"names": names, "kwargs": kwargs}


def test_every_argument_is_documented_and_the_required_ones_are_there(tmp_path):
    allowed = DOCUMENTED | base_operator_arguments(tmp_path)
    source = DAG_FILE.read_text()
    assert problems(source, allowed) == []
    # The check itself catches a misspelling and a missing argument.
    assert problems(source.replace("instance_type=", "instance_typ="), allowed) == [
        f"line {operator_calls(source)[0].lineno}: unknown argument instance_typ",
        f"line {operator_calls(source)[0].lineno}: missing instance_type"]


def test_points_at_the_conveyor_accounts_bucket_and_secret():
    found = constants(DAG_FILE.read_text())
    env = found["kwargs"]["env_vars"]
    assert env["AQPIPE_SOURCE"].startswith("s3://dataminded-academy-capstone-resources2/")
    assert re.fullmatch(r"arn:aws:secretsmanager:eu-west-1:130966031144:secret:[\w/+=.@-]+", env["AQPIPE_SECRET"])
    assert found["kwargs"]["instance_type"] in INSTANCE_TYPES
    assert found["kwargs"]["instance_life_cycle"] in ("spot", "on-demand")
    # The role the pods assume is the one iam/ describes, and its policy reads that very secret.
    policy = json.loads((ROOT / "iam/conveyor-role-policy.json").read_text())
    secrets = [s["Resource"] for s in policy["Statement"] if s["Action"] == "secretsmanager:GetSecretValue"]
    assert secrets == [env["AQPIPE_SECRET"] + "-*"]  # Secrets Manager appends a random suffix


def test_project_file_has_conveyors_layout():
    project = yaml.safe_load((ROOT / ".conveyor/project.yaml").read_text())
    assert project["version"] == "0.3" and project["name"]
    assert (ROOT / project["docker"]["path"] / "Dockerfile").is_file()
    assert (ROOT / project["workflows"]["path"] / DAG_FILE.name).is_file()
    assert (ROOT / project["resources"]["path"]).is_dir()
