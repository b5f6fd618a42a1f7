"""deploy/helm/values.yaml for Rasa's chart: rendered by `helm template` where helm and the chart
are at hand, and in any case read as YAML for what the scaled setup depends on."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess

import pytest
import yaml

from tests.e2e.servers import ROOT

VALUES = ROOT / "deploy" / "helm" / "values.yaml"


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load(VALUES.read_text())


def classes_in(path) -> set[str]:
    return {node.name for node in ast.walk(ast.parse(path.read_text())) if isinstance(node, ast.ClassDef)}


def exists(dotted: str) -> bool:
    """`bot.polite_channels.PoliteRestInput` names a class defined in bot/polite_channels.py."""
    module, name = dotted.rsplit(".", 1)
    path = ROOT.joinpath(*module.split(".")).with_suffix(".py")
    return path.exists() and name in classes_in(path)


def locked(lock: str, package: str) -> str:
    return re.search(rf"^{package}==(\S+)$", (ROOT / "requirements" / lock).read_text(), re.M).group(1)


def test_two_rasa_replicas_share_a_postgresql_tracker_store_and_a_redis_lock_store(values):
    assert values["replicaCount"] >= 2
    endpoints = values["applicationSettings"]["endpoints"]
    tracker, lock = endpoints["trackerStore"], endpoints["lockStore"]
    assert tracker["enabled"] is True and tracker["dialect"] == "postgresql"
    assert exists(tracker["type"]), tracker["type"]
    assert lock["enabled"] is True and lock["type"] == "redis"
    assert values["postgresql"]["install"] is True and values["redis"]["install"] is True
    # Secrets come from the environment the chart fills from Kubernetes secrets, never the file.
    for store in (tracker, lock):
        assert re.fullmatch(r"\$\{[A-Z_]+\}", store["password"]), store["password"]


def test_the_channels_are_the_polite_ones_and_exist(values):
    channels = values["applicationSettings"]["credentials"]["additionalChannelCredentials"]
    assert set(channels) == {"bot.polite_channels.PoliteRestInput", "bot.polite_channels.PoliteSocketIOInput"}
    assert all(exists(name) for name in channels)
    assert channels["bot.polite_channels.PoliteSocketIOInput"]["session_persistence"] is True


def test_the_action_server_is_our_rasa_sdk_image(values):
    server = values["rasa-action-server"]
    assert server["install"] is True and server["replicaCount"] >= 2
    assert server["image"]["repository"] and server["image"]["tag"] not in ("", "latest")
    assert server["command"] == ["python", "-m", "actions.server"]
    env = {e["name"]: e for e in server["extraEnv"]}
    assert "secretKeyRef" in env["APP_DB_URL"]["valueFrom"]
    dockerfile = (ROOT / "deploy" / "docker" / "actions.Dockerfile").read_text()
    assert f"FROM rasa/rasa-sdk:{locked('actions.lock', 'rasa-sdk')}\n" in dockerfile
    rasa_dockerfile = (ROOT / "deploy" / "docker" / "rasa.Dockerfile").read_text()
    assert f"FROM rasa/rasa:{locked('rasa.lock', 'rasa')}\n" in rasa_dockerfile


def test_the_ingress_keeps_a_socketio_client_on_one_replica(values):
    ingress = values["ingress"]
    assert ingress["enabled"] is True and ingress["hostname"]
    annotations = ingress["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 600  # websockets


def chart_available() -> bool:
    if not shutil.which("helm"):
        return False
    shown = subprocess.run(["helm", "show", "chart", "rasa/rasa"], capture_output=True, timeout=60)
    return shown.returncode == 0


@pytest.mark.skipif(not chart_available(), reason="helm or the rasa/rasa chart is not here "
                    "(deploy/helm/README.md: helm repo add rasa https://helm.rasa.com)")
def test_helm_template_renders_the_stores_and_two_replicas():
    done = subprocess.run(["helm", "template", "mlinterview", "rasa/rasa", "-f", str(VALUES)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    documents = [d for d in yaml.safe_load_all(done.stdout) if d]
    deployments = {d["metadata"]["name"]: d for d in documents if d["kind"] == "Deployment"}
    rasa = next(d for name, d in deployments.items() if "action-server" not in name)
    assert rasa["spec"]["replicas"] == 2
    config = next(d for d in documents if d["kind"] == "ConfigMap" and "endpoints" in d.get("data", {}))
    endpoints = yaml.safe_load(config["data"]["endpoints"])
    assert endpoints["tracker_store"]["type"] == "bot.strict_tracker_store.StrictSQLTrackerStore"
    assert endpoints["lock_store"]["type"] == "redis"
    assert any(d["kind"] == "Ingress" for d in documents)
