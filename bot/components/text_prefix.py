"""Rasa NLU component that runs first: the pipeline reads only the start of a message.

Telling a command from an answer needs a few hundred characters; tokenising and featurising a
100 kB answer on the event loop held every other conversation for half a minute. The answer
guard, last in the pipeline, puts the whole text back, so the action server scores the answer.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

NLU_CHARS = 600
FULL_TEXT = "full_text"  # the whole message, put back by the answer guard at the pipeline's end


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class TextPrefix(GraphComponent):
    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> TextPrefix:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if len(text) > NLU_CHARS:
                message.set(FULL_TEXT, text)
                message.set(TEXT, text[:NLU_CHARS])
        return messages
