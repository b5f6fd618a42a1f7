"""`make load`: whole interviews driven by locust against a running bot, on loopback."""
