"""The coach console (`make run` serves it on port 8090): review transcripts, override scores,
see a cohort at a glance. Reads Rasa's tracker store; writes only the app database (store/)."""
