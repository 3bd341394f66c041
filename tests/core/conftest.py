"""Fixtures of the core's tests: a local OpenAI-compatible server for the LLM gateway."""

import pytest

from tests.llm_server import FakeLLMServer


@pytest.fixture
def llm_server(settings):
    """A FakeLLMServer on 127.0.0.1, and settings pointing the gateway at it."""
    server = FakeLLMServer().start()
    settings.LLM_MODEL = "openai/test-model"
    settings.LLM_API_BASE = server.api_base
    settings.LLM_API_KEY = "test-key-not-a-secret"
    settings.LLM_TIMEOUT = 5.0
    yield server
    server.stop()
