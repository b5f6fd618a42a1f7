"""`make load`: whole interviews driven by locust against a running bot, on loopback."""

import urllib.request


def bot_is_up(url: str, timeout: float = 5) -> bool:
    """True when `url` answers 200 within `timeout` seconds."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False
