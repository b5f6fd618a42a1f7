# The action server image deploy/helm/values.yaml names: rasa-sdk with our actions, the scorer,
# the bank and its index. Not built or pushed by this repository. Build from the root after
# `make index` (build/index, build/judge and build/encoder are read at start, nothing is fetched):
#   docker build -f deploy/docker/actions.Dockerfile -t <registry>/mlinterview/actions:3.21.1-mlinterview .
FROM rasa/rasa-sdk:3.21.1
USER root
WORKDIR /app
COPY requirements/actions.lock /tmp/actions.lock
RUN pip install --no-cache-dir -r /tmp/actions.lock
COPY actions/ /app/actions/
COPY retrieval/ /app/retrieval/
COPY questionbank/ /app/questionbank/
COPY groups/ /app/groups/
COPY store/ /app/store/
COPY data/questions/ /app/data/questions/
COPY build/index/ /app/build/index/
COPY build/judge/ /app/build/judge/
COPY build/encoder/ /app/build/encoder/
ENV PYTHONPATH=/app HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
USER 1001
ENTRYPOINT ["python", "-m", "actions.server"]
CMD ["--port", "5055"]
