"""The scaled setup (scripts/run_scaled.sh) started for tests and reached through nginx, with its
PostgreSQL read directly. Ports of its own (5715-5766, 8385-8396, PostgreSQL 5434, Redis 6381),
so it runs beside `make run-scaled` and the other tests."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

from tests.e2e.servers import ROOT, Servers

SCRIPT = ROOT / "scripts" / "run_scaled.sh"
PORTS = {"RASA_PORTS": "5715 5716", "ACTION_PORTS": "5765 5766", "NGINX_PORT": "8385",
         "ACTIONS_PROXY_PORT": "8386", "WEB_PORT": "8395", "COACH_PORT": "8396",
         "PG_PORT": "5434", "REDIS_PORT": "6381"}
READY = "The scaled interview is running"


def listening(port: str) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", int(port))) == 0


def run_dir() -> Path:
    """A fresh run dir the `postgres` user can enter (pytest's own tmp dirs are root-only)."""
    path = Path(tempfile.mkdtemp(prefix="scaled-", dir="/tmp"))
    path.chmod(0o755)
    return path


class Cluster:
    def __init__(self, workdir: Path, ports: dict[str, str] | None = None) -> None:
        self.workdir = workdir
        self.ports = {**PORTS, **(ports or {})}
        self.env = {**os.environ, **self.ports, "RUN_DIR": str(workdir),
                    "MODEL": os.environ.get("MODEL") or Servers._latest_model(),
                    # The real bank and its index (tests/conftest.py points unit tests at a fixture bank).
                    "BANK_DIR": str(ROOT / "data" / "questions"),
                    "INDEX_DIR": str(ROOT / "build" / "index"), "INTERVIEW_SEED": "7"}
        self.env.pop("APP_DB_URL", None)  # the script's PostgreSQL, not tests/conftest.py's file
        self.log = workdir / "run_scaled.out"
        self.script: subprocess.Popen | None = None
        self.sent: dict[str, list[str]] = defaultdict(list)  # what each sender's 200s answered
        self.served: list[tuple[str, str]] = []  # (sender, replica address) per turn
        self._databases: dict = {}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.ports['NGINX_PORT']}"

    @property
    def rasa_ports(self) -> list[str]:
        return self.ports["RASA_PORTS"].split()

    def start(self, seconds: int = 900) -> None:
        self.script = subprocess.Popen(["bash", str(SCRIPT)], cwd=ROOT, env=self.env,
                                       stdout=open(self.log, "a"), stderr=subprocess.STDOUT,
                                       start_new_session=True)
        deadline = time.time() + seconds
        while READY not in self.log.read_text():
            if self.script.poll() is not None:
                raise RuntimeError(f"run_scaled.sh exited with {self.script.returncode}:\n{self.tail()}")
            if time.time() > deadline:
                raise RuntimeError(f"the scaled setup was not up after {seconds} s:\n{self.tail()}")
            time.sleep(1)

    def stop(self) -> None:
        if self.script and self.script.poll() is None:
            self.script.send_signal(signal.SIGTERM)
            try:
                self.script.wait(120)
            except subprocess.TimeoutExpired:
                os.killpg(self.script.pid, signal.SIGKILL)
        for engine in self._databases.values():
            engine.dispose()
        # Ctrl-C or SIGTERM must stop every piece, restarted ones included.
        ports = [p for value in self.ports.values() for p in value.split()]
        deadline = time.time() + 30
        while (left := [p for p in ports if listening(p)]) and time.time() < deadline:
            time.sleep(1)
        if left:
            raise RuntimeError(f"still listening after the script stopped: {left}")

    def tail(self, name: str = "run_scaled.out", lines: int = 40) -> str:
        path = self.workdir / name
        return "\n".join(path.read_text().splitlines()[-lines:]) if path.exists() else f"(no {name})"

    # --- talking to it, through nginx -------------------------------------------------------------
    def post(self, sender: str, message: str, timeout: float = 180) -> requests.Response:
        return requests.post(f"{self.url}/webhooks/rest/webhook", timeout=timeout,
                             json={"sender": sender, "message": message})

    def say(self, sender: str, message: str) -> list[dict]:
        """One turn that must be answered (the shape of tests.e2e.servers.Servers.say)."""
        response = self.post(sender, message)
        assert response.status_code == 200, f"{response.status_code}: {response.text[:500]}"
        self.sent[sender].append(message)
        self.served.append((sender, response.headers.get("X-Served-By", "")))
        return response.json()

    def served_by(self, sender: str) -> str:
        return [address for who, address in self.served if who == sender][-1]

    # --- its pieces -------------------------------------------------------------------------------
    def pid(self, name: str) -> int:
        return int((self.workdir / f"{name}.pid").read_text())

    def replica_name(self, address: str) -> str:
        port = address.rsplit(":", 1)[-1]
        return f"rasa-{self.rasa_ports.index(port) + 1}"

    def replica_up(self, name: str) -> bool:
        port = self.rasa_ports[int(name.split("-")[1]) - 1]
        try:
            return requests.get(f"http://127.0.0.1:{port}/", timeout=5).ok
        except requests.RequestException:
            return False

    def postgres(self, command: str) -> None:
        """`stop` or `start` the setup's PostgreSQL, through the script."""
        subprocess.run(["bash", str(SCRIPT), f"postgres-{command}"], cwd=ROOT, env=self.env,
                       check=True, capture_output=True, timeout=120)

    def query(self, database: str, sql: str, **parameters) -> list[tuple]:
        """Rows from the setup's PostgreSQL: `tracker` (Rasa's) or `app` (store/)."""
        if database not in self._databases:
            password = (self.workdir / "postgres.password").read_text().strip()
            self._databases[database] = create_engine(
                f"postgresql+psycopg2://rasa:{password}@127.0.0.1:{self.ports['PG_PORT']}/{database}",
                pool_pre_ping=True)
        with self._databases[database].connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), parameters)]

    def events(self, sender: str) -> list[dict]:
        """The conversation's events as Rasa stored them in PostgreSQL, in order."""
        rows = self.query("tracker", "SELECT data FROM events WHERE sender_id = :s ORDER BY id", s=sender)
        return [json.loads(data) for (data,) in rows]

    def user_texts(self, sender: str) -> list[str]:
        return [e["text"] for e in self.events(sender) if e["event"] == "user"]


def remove(workdir: Path) -> None:
    shutil.rmtree(workdir, ignore_errors=True)
