"""The container image, built for real from the repo's Dockerfile and run for real.

Built with buildah on a base made by debootstrap from Debian's packages (no Docker engine and
no registry here); commands run inside it with `buildah run --isolation chroot` as the image's
configured user. Stand-ins: Debian's docker-registry on loopback for the push and pull, moto
server (conftest.py) for STS (web identity, as EKS/Conveyor pods get credentials) and S3, and for
CloudFormation, ECR and Batch when deploy.sh builds and pushes. Fails, never skips,
when the container tools are missing (scripts/setup-container.sh installs them).
"""

from __future__ import annotations

import json
import os
import pathlib
import sqlite3
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from support.containers import (LocalRegistry, WorkingContainer, build_image, image_config,  # noqa: E402
                                require_tools, tool)
from support.moto_server import boto3_client  # noqa: E402

TAG = "localhost/aqpipe:test"
USER = "10001:10001"
MAX_IMAGE_BYTES = 100 * 1000 * 1000
TOKEN_PATH = "/var/run/secrets/eks.amazonaws.com/serviceaccount/token"
TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6YXFwaXBlIn0.aW1hZ2UtdGVzdA"


@pytest.fixture(scope="module")
def image() -> str:
    require_tools()
    seconds = build_image(TAG)
    print(f"\nimage build (scripts/container/build_image.sh): {seconds:.1f} s")
    return TAG


@pytest.fixture(scope="module")
def container(image):
    working = WorkingContainer(image)
    yield working
    working.remove()


def host_table(aqpipe_bin, tmp_path, source) -> list[tuple]:
    """The table the tree's own aqpipe makes of `source`: what the image's binary must match."""
    db = tmp_path / "host.db"
    done = subprocess.run([str(aqpipe_bin), "run", "--source", str(source), "--warehouse", f"sqlite:{db}"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return read_table(db)


def read_table(db: pathlib.Path) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return sorted(connection.execute("SELECT * FROM measurements").fetchall(), key=repr)


def test_image_is_configured_to_run_aqpipe_as_a_non_root_user(image, container):
    config = image_config(image)
    assert config["Entrypoint"] == ["aqpipe"]
    assert config["User"] == USER
    assert config["WorkingDir"] == "/work"
    passwd = container.path("/etc/passwd").read_text().splitlines()
    assert "aqpipe:x:10001:10001:aqpipe:/work:/nonexistent" in passwd
    # Nothing but aqpipe to run: no shell or package manager for an attacker (or a typo) to use.
    for absent in ("/bin/sh", "/usr/bin/apt-get", "/usr/bin/dpkg"):
        assert not container.path(absent).exists(), absent


def test_version_inside_the_image_is_the_trees(container, aqpipe_bin):
    inside = container.run("aqpipe", "--version")
    assert inside.returncode == 0, inside.stderr
    here = subprocess.run([str(aqpipe_bin), "--version"], capture_output=True, text=True, timeout=30)
    assert inside.stdout.strip() == here.stdout.strip() != ""


def test_sample_load_into_sqlite_runs_as_the_non_root_user(container, aqpipe_bin, tmp_path):
    done = container.run("aqpipe", "run", "--source", "sample", "--warehouse", "sqlite:/work/sample.db")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("loaded "), done.stdout
    db = container.path("/work/sample.db")
    # The file the run wrote belongs to uid 10001: the process really ran as that user.
    assert (db.stat().st_uid, db.stat().st_gid) == (10001, 10001)
    table = read_table(db)
    assert table and table == host_table(aqpipe_bin, tmp_path, ROOT / "data" / "sample")
    # ... and it cannot write where only root may (as root, the same command loads).
    refused = container.run("aqpipe", "run", "--source", "sample", "--warehouse", "sqlite:/etc/aqpipe.db")
    assert refused.returncode == 1 and "writable" in refused.stderr, refused.stdout + refused.stderr
    assert not container.path("/etc/aqpipe.db").exists()


def test_runtime_image_is_at_most_100_mb(image, container):
    # Uncompressed: the bytes of the image's root filesystem (what `docker images` shows).
    size = sum(p.lstat().st_size for p in container.root.rglob("*") if not p.is_dir()
               and not p.is_relative_to(container.path("/work")))
    print(f"\nruntime image: {size / 1e6:.1f} MB uncompressed")
    assert 1_000_000 < size <= MAX_IMAGE_BYTES


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    require_tools()
    with LocalRegistry(tmp_path_factory.mktemp("registry")) as server:
        yield server


def test_push_to_a_registry_and_pull_back_the_same_image(image, registry, tmp_path):
    remote = f"docker://{registry.address}/aqpipe:test"
    digestfile = tmp_path / "digest"
    tool("buildah", "push", "--tls-verify=false", "--digestfile", str(digestfile), image, remote)
    pushed = digestfile.read_text().strip()
    listed = json.loads(tool("skopeo", "inspect", "--tls-verify=false", remote).stdout)
    assert listed["Digest"] == pushed
    # A full pull into an OCI layout: skopeo checks every blob against its digest on the way.
    layout = tmp_path / "pulled"
    tool("skopeo", "copy", "--src-tls-verify=false", remote, f"oci:{layout}:aqpipe")
    index = json.loads((layout / "index.json").read_text())
    assert [m["digest"] for m in index["manifests"]] == [pushed]
    manifest = json.loads((layout / "blobs" / "sha256" / pushed.split(":", 1)[1]).read_bytes())
    local_id = tool("buildah", "inspect", "--type", "image", "--format", "{{.FromImageID}}", image).stdout.strip()
    assert manifest["config"]["digest"] == f"sha256:{local_id}"
    pulled_config = json.loads((layout / "blobs" / "sha256" / local_id).read_bytes())
    assert pulled_config["config"]["User"] == USER and pulled_config["config"]["Entrypoint"] == ["aqpipe"]


def test_web_identity_credentials_from_inside_the_image(container, moto, aqpipe_bin, tmp_path):
    s3 = boto3_client("s3", moto.url, "eu-west-1")
    bucket = "aqpipe-image-test"
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    sample = ROOT / "data" / "sample" / "belgium-2024-01.jsonl"
    s3.put_object(Bucket=bucket, Key="raw/open_aq/belgium-2024-01.jsonl", Body=sample.read_bytes())
    token = tmp_path / "token"
    token.write_text(TOKEN + "\n")
    token.chmod(0o644)
    # What an EKS / Conveyor pod gets: a projected service-account token and the role to assume.
    env = {"AWS_ENDPOINT_URL": moto.url, "AWS_REGION": "eu-west-1", "AWS_EC2_METADATA_DISABLED": "true",
           "AWS_ROLE_ARN": "arn:aws:iam::130966031144:role/aqpipe-conveyor",
           "AWS_WEB_IDENTITY_TOKEN_FILE": TOKEN_PATH, "AWS_ROLE_SESSION_NAME": "pod-1"}
    volumes = (f"{token}:{TOKEN_PATH}:ro",)

    check = container.run("aqpipe", "aws-check", "--source", f"s3://{bucket}/raw/open_aq/", env=env, volumes=volumes)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "web identity" in check.stdout
    assert "assumed-role/aqpipe-conveyor/pod-1" in check.stdout
    assert TOKEN.rsplit(".", 1)[1] not in check.stdout + check.stderr

    done = container.run("aqpipe", "run", "--source", f"s3://{bucket}/raw/open_aq/",
                         "--warehouse", "sqlite:/work/s3.db", env=env, volumes=volumes)
    assert done.returncode == 0, done.stdout + done.stderr
    table = read_table(container.path("/work/s3.db"))
    assert table and table == host_table(aqpipe_bin, tmp_path, sample)


def test_deploy_builds_and_pushes_the_image_to_the_registry(image, registry, deploy, moto, tmp_path):
    uri = f"{registry.address}/alice-aqpipe:deploy"
    # deploy.sh speaks plain HTTP to a loopback registry, as Docker does; the login goes to a file
    # of this test's, not the machine's auth.json. The ccache stays the machine's (deploy runs with
    # a HOME of its own).
    env = {"REGISTRY_AUTH_FILE": str(tmp_path / "auth.json"),
           "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME", str(pathlib.Path.home() / ".cache"))}
    done = deploy(tmp_path, "--user", "alice", "--image-uri", uri, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Login Succeeded" in done.stdout, done.stdout
    pushed = json.loads(tool("skopeo", "inspect", "--tls-verify=false", "--config", f"docker://{uri}").stdout)
    local = json.loads(tool("buildah", "inspect", "--type", "image", image).stdout)["OCIv1"]
    # The image deploy.sh built and pushed is the one the tests built (same sources, same config).
    assert pushed["rootfs"]["diff_ids"] == local["rootfs"]["diff_ids"]
    assert pushed["config"] == local["config"]
    batch = boto3_client("batch", moto.url, "eu-west-1")
    definition = batch.describe_job_definitions(jobDefinitionName="alice-aqpipe-transform",
                                                status="ACTIVE")["jobDefinitions"][0]
    assert definition["containerProperties"]["image"] == uri
