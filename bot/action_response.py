"""The action server's reply, validated against Rasa's schema with the validator built once.

Rasa 3.6 checks every reply with `jsonschema.validate(result, schema)`, which first checks the
schema itself against the JSON Schema meta-schema: under load that was half of the Rasa
server's CPU (py-spy, `make load`), and it grows with the events a reply carries. The reply is
still validated, with the same schema and the same error message; only the schema's own check
is not repeated. Installed when bot/channels.py (the channels credentials.yml names) loads.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def _validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    try:
        _validator().validate(result)
        return True
    except ValidationError as error:
        error.message += (". Failed to validate Action server response from API, make sure your "
                          "response from the Action endpoint is valid. For more information about "
                          f"the format visit {DOCS_BASE_URL}/custom-actions")
        raise error


def install() -> None:
    RemoteAction._validate_action_result = validate_action_result
