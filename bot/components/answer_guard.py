"""Rasa NLU component wrapping `routing.route`: it runs last and may replace the intent."""

from __future__ import annotations

import json
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components.routing import Vocabulary, route
from bot.components.text_prefix import FULL_TEXT

_FILE = "vocabulary.json"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class AnswerGuard(GraphComponent):
    def __init__(self, model_storage: ModelStorage, resource: Resource,
                 vocabulary: Vocabulary | None = None) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self.vocabulary = vocabulary or Vocabulary()

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> AnswerGuard:
        return cls(model_storage, resource)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> AnswerGuard:
        try:
            with model_storage.read_from(resource) as directory:
                raw = json.loads((directory / _FILE).read_text())
        except (ValueError, FileNotFoundError):
            raw = {}
        return cls(model_storage, resource, Vocabulary({k: set(v) for k, v in raw.items()}))

    def train(self, training_data: TrainingData) -> Resource:
        from actions.topics import subject_words  # plain Python: the topics a start may name

        for example in training_data.intent_examples:
            self.vocabulary.add(example.get(INTENT), example.get(TEXT, ""))
        for words in subject_words():
            self.vocabulary.add_subject(words)
        with self._model_storage.write_to(self._resource) as directory:
            payload = {k: sorted(v) for k, v in self.vocabulary.by_intent.items()}
            (directory / _FILE).write_text(json.dumps(payload))
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            replacement = route(
                message.get(TEXT) or "",
                intent.get(INTENT_NAME_KEY),
                float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0),
                self.vocabulary,
            )
            if replacement:
                message.set(INTENT, {INTENT_NAME_KEY: replacement, PREDICTED_CONFIDENCE_KEY: 1.0},
                            add_to_output=True)
            if message.get(FULL_TEXT):  # NLU read a prefix only: the actions get the whole answer
                message.set(TEXT, message.get(FULL_TEXT))
        return messages
