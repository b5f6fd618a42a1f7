"""The stock bot `make load STOCK=1` compares against: `rasa init`'s project, from the same Rasa,
with its one SDK action (action_hello_world, commented out in the template) switched on and
answering the bot challenge. Built and trained once under build/stock-bot, then served on
loopback by the same Rasa with rasa-sdk's own action server for the run."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from load import bot_is_up

ROOT = Path(__file__).resolve().parents[1]
HELLO_WORLD = '''from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


class ActionHelloWorld(Action):

    def name(self) -> Text:
        return "action_hello_world"

    def run(self, dispatcher: CollectingDispatcher,
            tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:

        dispatcher.utter_message(text="Hello World!")

        return []
'''


def _rasa(rasa_env: Path) -> str:
    return str(Path(rasa_env).resolve() / "bin" / "rasa")


def build(rasa_env: Path, folder: Path) -> Path:
    """The trained stock project in `folder` (made once; delete it to rebuild)."""
    folder = Path(folder).resolve()
    model = folder / "models" / "stock.tar.gz"
    if model.exists():
        return model
    template = subprocess.run([str(Path(rasa_env).resolve() / "bin" / "python"), "-c",
                               "import os, rasa.cli; print(os.path.join(os.path.dirname(rasa.cli.__file__),"
                               " 'initial_project'))"], capture_output=True, text=True, check=True)
    scratch = folder.with_name(folder.name + ".partial")
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(template.stdout.strip(), scratch, ignore=shutil.ignore_patterns("__pycache__"))
    (scratch / "actions" / "actions.py").write_text(HELLO_WORLD)
    with open(scratch / "domain.yml", "a") as domain:
        domain.write("\nactions:\n  - action_hello_world\n")
    rules = scratch / "data" / "rules.yml"
    challenge = "  - action: utter_iamabot\n"
    rules.write_text(rules.read_text().replace(challenge, challenge + "  - action: action_hello_world\n"))
    print(f"training the stock rasa init bot in {folder} (once)...", flush=True)
    subprocess.run([_rasa(rasa_env), "train", "--fixed-model-name", "stock", "--out", "models"],
                   cwd=scratch, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    shutil.rmtree(folder, ignore_errors=True)
    scratch.rename(folder)
    return model


@contextmanager
def serving(rasa_env: Path, folder: Path, port: int, action_port: int, timeout: int = 240):
    """The stock bot on 127.0.0.1:`port` (its action server on `action_port`) for the block."""
    model = build(rasa_env, folder)
    folder = model.parents[1]
    (folder / "endpoints.yml").write_text(f"action_endpoint:\n  url: http://127.0.0.1:{action_port}/webhook\n")
    env = {**os.environ, "SANIC_HOST": "127.0.0.1"}
    logs = folder / "logs"
    logs.mkdir(exist_ok=True)
    with open(logs / "actions.log", "w") as actions_log, open(logs / "rasa.log", "w") as rasa_log:
        actions = subprocess.Popen([_rasa(rasa_env), "run", "actions", "--port", str(action_port)],
                                   cwd=folder, env=env, stdout=actions_log, stderr=subprocess.STDOUT)
        rasa = subprocess.Popen([_rasa(rasa_env), "run", "--model", str(model), "--interface", "127.0.0.1",
                                 "--port", str(port), "--endpoints", "endpoints.yml"],
                                cwd=folder, env=env, stdout=rasa_log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout
            while not (bot_is_up(f"http://127.0.0.1:{port}/", 2)
                       and bot_is_up(f"http://127.0.0.1:{action_port}/health", 2)):
                if time.monotonic() > deadline or rasa.poll() is not None or actions.poll() is not None:
                    raise SystemExit(f"the stock bot did not start within {timeout} s; see {logs}")
                time.sleep(1)
            yield f"http://127.0.0.1:{port}", {"rasa": rasa.pid, "actions": actions.pid}
        finally:
            for process in (rasa, actions):
                process.terminate()
            for process in (rasa, actions):
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
