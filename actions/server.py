"""The action server: rasa-sdk's app, bound to loopback, with a /health that says whether the
scorer loaded, the study-group service (groups/routes.py) and, when ACTION_SERVER_TOKEN is set,
a shared secret on every call.

Rasa sends the secret as the `token` query parameter (endpoints.yml `action_endpoint.token`);
`make run` makes a fresh one per run, so the secret never sits in a file.

    python -m actions.server --port 5055
"""

from __future__ import annotations

import hmac
import os
from functools import partial

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app_for_serve, create_argument_parser
from rasa_sdk.executor import ActionExecutor
from sanic import Sanic, response
from sanic.worker.loader import AppLoader

from actions import grading
from groups import routes as study_groups

TOKEN_VARIABLE = "ACTION_SERVER_TOKEN"


def create(executor: ActionExecutor, token: str) -> Sanic:
    # No CORS: only Rasa calls this server, never a browser.
    app = create_app_for_serve(executor, cors_origins=None)

    @app.on_request
    async def guard(request):
        if request.path == "/health":
            status = grading.status()
            return response.json(status, status=503 if status["scorer"] == "failed" else 200)
        if token and not hmac.compare_digest(request.args.get("token", ""), token):
            return response.json({"error": "a valid token is required"}, status=401)
        return None

    study_groups.register(app)
    return app


def main() -> None:
    args = create_argument_parser().parse_args()
    utils.configure_colored_logging(args.loglevel)
    executor = ActionExecutor()
    executor.register_package("actions")
    loader = AppLoader(factory=partial(create, executor, os.environ.get(TOKEN_VARIABLE, "")))
    app = loader.load()
    app.prepare(host=os.environ.get("SANIC_HOST", "127.0.0.1"), port=args.port, workers=1,
                single_process=True)
    Sanic.serve_single(primary=app)


if __name__ == "__main__":
    main()
