"""Start the real action server and Rasa server for end-to-end tests, on ports of their own."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
RASA_ENV = ROOT / os.environ.get("RASA_ENV", ".venv/rasa")


def wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: int) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited early:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} not up after {seconds} s:\n{log.read_text()[-3000:]}")


@contextmanager
def running(workdir: Path, **options):
    """Servers of their own (`options`: ports, env, credentials), stopped whatever happens."""
    servers = Servers(workdir, **options)
    try:
        servers.start()
        yield servers
    finally:
        servers.stop()


class Servers:
    """An action server and a Rasa server with a fresh SQLite tracker store."""

    def __init__(self, workdir: Path, rasa_port: int = 5105, action_port: int = 5155,
                 env: dict[str, str] | None = None, credentials: str = "credentials.yml"):
        self.workdir = workdir
        self.credentials = credentials
        self.rasa_port = rasa_port
        self.action_port = action_port
        self.model = os.environ.get("MODEL") or self._latest_model()
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "HF_HUB_OFFLINE": "1",
            "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
            "TRACKER_DB": str(workdir / "tracker.db"),
            "APP_DB_URL": f"sqlite:///{workdir / 'app.db'}",
            "INTERVIEW_SEED": "7",
            # The real bank and its index (tests/conftest.py points unit tests at a fixture bank).
            "BANK_DIR": str(ROOT / "data" / "questions"),
            "INDEX_DIR": str(ROOT / "build" / "index"),
            "ACTIONS_WARM_UP": "1",
            "SANIC_HOST": "127.0.0.1",
            "ACTION_SERVER_TOKEN": uuid.uuid4().hex,
            **(env or {}),
        }
        # The tests read trackers through Rasa's API, which is on only behind a token.
        self.token = uuid.uuid4().hex
        self.actions: subprocess.Popen | None = None
        self.rasa: subprocess.Popen | None = None

    @staticmethod
    def _latest_model() -> str:
        models = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
        if not models:
            raise RuntimeError("no trained model in models/: run `make train`")
        return str(models[-1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def start_actions(self) -> None:
        log = self.workdir / "actions.log"
        self.actions = subprocess.Popen(
            [sys.executable, "-m", "actions.server", "--port", str(self.action_port)],
            cwd=ROOT, env=self.env, stdout=open(log, "a"), stderr=subprocess.STDOUT)
        wait_until_up(f"http://127.0.0.1:{self.action_port}/health", self.actions, log, 120)

    def stop_actions(self) -> None:
        if self.actions and self.actions.poll() is None:
            self.actions.terminate()
            self.actions.wait(20)

    def start(self) -> None:
        self.start_actions()
        self.start_rasa()

    def restart_actions(self) -> None:
        self.stop_actions()
        self.start_actions()

    def restart_rasa(self) -> None:
        """Stop Rasa and start it again on the same tracker store, as after a crash or deploy."""
        self.rasa.terminate()
        self.rasa.wait(30)
        self.start_rasa()

    def start_rasa(self) -> None:
        log = self.workdir / "rasa.log"
        self.rasa = subprocess.Popen(
            [str(RASA_ENV / "bin" / "python"), "-m", "bot.serve", "run", "--model", self.model,
             "--port", str(self.rasa_port), "--interface", "127.0.0.1",
             "--enable-api", "--auth-token", self.token,
             "--cors", "http://localhost:8080",
             "--credentials", self.credentials, "--endpoints", "endpoints.yml"],
            cwd=ROOT, env=self.env, stdout=open(log, "a"), stderr=subprocess.STDOUT)
        wait_until_up(f"{self.url}/", self.rasa, log, 240)

    def stop(self) -> None:
        self.stop_actions()
        if self.rasa and self.rasa.poll() is None:
            self.rasa.terminate()
            self.rasa.wait(30)

    def say(self, sender: str, message: str) -> list[dict]:
        response = requests.post(f"{self.url}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": message}, timeout=120)
        response.raise_for_status()
        return response.json()

    def tracker(self, sender: str) -> dict:
        response = requests.get(f"{self.url}/conversations/{sender}/tracker",
                                params={"token": self.token}, timeout=30)
        response.raise_for_status()
        return response.json()
