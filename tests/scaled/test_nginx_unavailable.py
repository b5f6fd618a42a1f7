"""nginx with no replica behind it (the script's own configuration, nothing on the Rasa ports):
a REST caller gets a polite reply in Rasa's format naming its sender, never a bare 502 page."""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest
import requests

from bot.unavailable import UNAVAILABLE
from tests.scaled.cluster import PORTS, ROOT, SCRIPT, listening, remove, run_dir

# No Rasa or action server listens here; nginx on ports the shared setup does not use.
ALONE = {**PORTS, "RASA_PORTS": "5790 5791", "ACTION_PORTS": "5792", "NGINX_PORT": "8387",
         "ACTIONS_PROXY_PORT": "8388", "WEB_PORT": "8397"}


@pytest.fixture(scope="module")
def nginx_alone():
    assert not any(listening(p) for p in ALONE["RASA_PORTS"].split()), "something listens on 5790/5791"
    workdir = run_dir()
    env = {**os.environ, **ALONE, "RUN_DIR": str(workdir)}
    made = subprocess.run(["bash", str(SCRIPT), "nginx-conf"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    conf, log = made.stdout.strip(), workdir / "nginx.log"
    binary = shutil.which("nginx", path=f"{os.environ['PATH']}:/usr/sbin")  # the script installed it
    nginx = subprocess.Popen([binary, "-e", str(workdir / "nginx" / "error.log"), "-p",
                              str(workdir / "nginx"), "-c", conf],
                             stdout=open(log, "w"), stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{ALONE['NGINX_PORT']}"
        for _ in range(80):
            assert nginx.poll() is None, log.read_text()
            if listening(ALONE["NGINX_PORT"]):
                break
            time.sleep(0.25)
        yield url, workdir
    finally:
        nginx.terminate()
        nginx.wait(20)
        remove(workdir)


def test_no_replica_answers_with_a_polite_reply_in_rasas_format(nginx_alone):
    url, _ = nginx_alone
    reply = requests.post(f"{url}/webhooks/rest/webhook", timeout=30,
                          json={"sender": "slack:U1:C2:1700.5", "message": "the variance"})
    assert reply.status_code == 503
    assert reply.headers["Retry-After"] == "60"
    assert reply.headers["Content-Type"].startswith("application/json")
    assert reply.json() == [{"recipient_id": "slack:U1:C2:1700.5", "text": UNAVAILABLE}]


@pytest.mark.parametrize("body", [b'{"sender": "a\\"b", "message": "hi"}', b'{"message": "hi"}', b"not json"])
def test_a_sender_that_is_not_a_plain_id_is_left_out_and_the_reply_stays_json(nginx_alone, body):
    url, _ = nginx_alone
    reply = requests.post(f"{url}/webhooks/rest/webhook", data=body, timeout=30,
                          headers={"Content-Type": "application/json"})
    assert reply.status_code == 503
    assert reply.json() == [{"recipient_id": "", "text": UNAVAILABLE}]


def test_the_action_servers_secret_stays_out_of_nginxs_log(nginx_alone):
    _, workdir = nginx_alone
    port = ALONE["ACTIONS_PROXY_PORT"]
    call = requests.post(f"http://127.0.0.1:{port}/webhook?token=s3cret-in-query", json={}, timeout=30)
    assert call.status_code == 502  # no action server behind it
    log = (workdir / "nginx" / "access.log").read_text()
    assert "POST /webhook" in log and "s3cret-in-query" not in log
