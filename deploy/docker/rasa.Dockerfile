# The Rasa image deploy/helm/values.yaml names: Rasa 3.6.21 with our NLU component and channels,
# the scaled setup's tracker store and the trained model. Not built or pushed by this repository.
# Build from the repository's root after `make train`:
#   docker build -f deploy/docker/rasa.Dockerfile --build-arg MODEL=models/<hash>.tar.gz -t <registry>/mlinterview/rasa:3.6.21-mlinterview .
FROM rasa/rasa:3.6.21
ARG MODEL
USER root
COPY requirements/rasa.lock /tmp/rasa.lock
RUN pip install --no-cache-dir -r /tmp/rasa.lock
COPY bot/ /app/bot/
COPY ${MODEL} /app/models/
ENV PYTHONPATH=/app
# Served without TensorFlow (bot/serve.py): the chart's arguments ("run ...") go to it as to `rasa`.
ENTRYPOINT ["python", "-m", "bot.serve"]
USER 1001
