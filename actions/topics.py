"""The bank's topics as candidates name them: "p-values" asks for hypothesis testing, "CUDA" for
GPUs. Topic names come from the bank itself (each file's `topic`, data/questions/README.md);
what is written here is only the other words for them. Plain Python and PyYAML, so that
`make routing-eval` (the Rasa environment) reads requests with the same code as the actions.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from actions.settings import BANK_DIR

# Other words for each topic, beside its own name; a word that could mean two topics stays out.
ALIASES: dict[str, tuple[str, ...]] = {
    "calculus": ("derivative", "integral", "chain rule", "partial derivative", "jacobian",
                 "hessian", "taylor"),
    "linear algebra": ("matrix", "matrices", "eigenvalue", "eigenvector", "svd", "vector space",
                       "determinant", "singular value", "rank of a matrix", "dot product"),
    "optimisation": ("optimization", "gradient descent", "sgd", "convex", "adam", "learning rate",
                     "momentum", "lagrange", "optimiser", "optimizer"),
    "probability": ("probability distribution", "random variable", "conditional probability",
                    "expected value", "expectation", "bayes theorem", "bayes' theorem",
                    "combinatorics", "markov chain"),
    "bayesian statistics": ("bayesian", "posterior", "bayesian inference", "credible interval",
                            "mcmc", "conjugate"),
    "descriptive statistics": ("mean and median", "median", "variance", "standard deviation", "skewness",
                               "summary statistics", "percentile", "quartile", "outlier", "correlation"),
    "experimentation": ("a/b test", "a/b testing", "ab test", "ab testing", "experiment",
                        "experiment design", "online experiment", "split test"),
    "hypothesis testing": ("hypothesis test", "p-value", "p value", "significance test",
                           "statistical significance", "t-test", "t test", "null hypothesis",
                           "type i error", "chi-square", "chi square", "anova", "z-test"),
    "sampling and estimation": ("sampling", "estimation", "confidence interval", "bootstrap",
                                "bootstrapping", "estimator", "central limit theorem", "clt",
                                "standard error", "maximum likelihood", "mle", "sample size"),
    "data structures and algorithms": ("data structure", "big-o", "big o", "complexity",
                                       "sorting", "hash table", "hash map", "binary search",
                                       "linked list", "graph algorithm", "dynamic programming",
                                       "heap", "binary tree", "leetcode", "coding interview"),
    "deep learning": ("neural network", "neural net", "backpropagation", "backprop", "cnn",
                      "convolutional", "rnn", "lstm", "transformer", "attention mechanism",
                      "self-attention", "dropout",
                      "batch norm", "batch normalisation", "batch normalization", "activation function"),
    "model evaluation": ("evaluation metric", "classification metric", "cross-validation", "cross validation",
                         "precision", "recall", "roc", "auc", "f1", "confusion matrix",
                         "overfitting", "bias-variance", "bias variance", "validation set"),
    "nlp": ("natural language processing", "language model", "tokenisation", "tokenization",
            "tokenizer", "word embedding", "word2vec", "text classification", "bert", "llm",
            "tf-idf", "text processing"),
    "supervised learning": ("linear regression", "logistic regression", "classification",
                            "regression", "decision tree", "random forest", "gradient boosting",
                            "xgboost", "svm", "support vector", "regularisation", "regularization",
                            "naive bayes", "knn", "k-nearest"),
    "unsupervised learning": ("unsupervised", "clustering", "k-means", "k means", "kmeans", "pca",
                              "principal component", "dimensionality reduction", "dbscan",
                              "anomaly detection", "t-sne", "tsne", "hierarchical clustering"),
    "containers and ci cd": ("container", "docker", "kubernetes", "k8s", "ci/cd", "ci cd", "cicd",
                             "continuous integration", "continuous delivery", "continuous deployment",
                             "pipeline as code", "helm"),
    "distributed data processing": ("spark", "pyspark", "hadoop", "mapreduce", "map reduce",
                                    "distributed data", "distributed processing", "big data",
                                    "kafka", "dask", "data pipeline", "etl"),
    "gpus": ("gpu", "cuda", "graphics card", "nvidia", "cuda kernel", "mixed precision",
             "tensor core"),
    "mlops": ("ml ops", "feature store", "model registry", "experiment tracking", "mlflow",
              "reproducibility", "model versioning", "retraining"),
    "model serving": ("serving", "serve a model", "serving models", "model inference", "model api",
                      "model deployment", "deploying models", "latency", "batch inference",
                      "real-time inference", "online inference", "rest api"),
    "monitoring": ("drift", "data drift", "concept drift", "model monitoring", "observability",
                   "alerting", "dashboards", "model decay"),
    "sql": ("sql", "query", "queries", "join", "window function", "group by", "database",
            "postgres", "relational database"),
}


@lru_cache(maxsize=4)
def bank_topics(bank_dir: Path = BANK_DIR) -> dict[str, str]:
    """topic -> track, read from each bank file's first question (the file is named for it)."""
    topics = {}
    for path in sorted(Path(bank_dir).glob("*/*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        questions = data.get("questions", []) if isinstance(data, dict) else data or []
        if questions and isinstance(questions[0], dict) and questions[0].get("topic"):
            topics[str(questions[0]["topic"])] = str(questions[0].get("track", path.parent.name))
    return topics


@lru_cache(maxsize=4)
def _patterns(bank_dir: Path = BANK_DIR) -> list[tuple[re.Pattern, str]]:
    """(pattern, topic), longest words first, so "data drift" wins over "drift"."""
    words = []
    for topic in bank_topics(bank_dir):
        for word in (topic, *ALIASES.get(topic, ())):
            words.append((word.lower(), topic))
    words.sort(key=lambda pair: -len(pair[0]))
    # A trailing s or es (GPUs, joins, matrices' singulars), and - or space alike.
    return [(re.compile(r"(?<![a-z0-9])" + re.escape(word).replace(r"\ ", r"[\s-]+")
                        + r"(?:s|es)?(?![a-z0-9])"), topic) for word, topic in words]


def find_topic(text: str, bank_dir: Path = BANK_DIR) -> str | None:
    """The topic a request names, or None; the earliest mention wins when it names two."""
    lowered = text.lower()
    found = [(m.start(), -len(m.group(0)), topic) for pattern, topic in _patterns(bank_dir)
             for m in [pattern.search(lowered)] if m]
    return min(found)[2] if found else None


def lookup(value: str, bank_dir: Path = BANK_DIR) -> str | None:
    """A topic named in a payload or entity: its exact name, or any word of it."""
    topics = bank_topics(bank_dir)
    normal = value.strip().lower()
    for topic in topics:
        if normal == topic.lower():
            return topic
    return find_topic(normal, bank_dir)


def subject_words(bank_dir: Path = BANK_DIR) -> list[str]:
    """Every name a request may give what it wants to practise: topics and their other words,
    tracks and levels (the NLU's answer guard lets a start request use them)."""
    from actions.parameters import LEVEL_WORDS, TRACK_WORDS

    names = [w for topic in bank_topics(bank_dir) for w in (topic, *ALIASES.get(topic, ()))]
    for table in (TRACK_WORDS, LEVEL_WORDS):
        names += [w for canonical, words in table.items() for w in (canonical, *words)]
    return names
