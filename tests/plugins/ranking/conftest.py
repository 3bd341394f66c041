"""Fixtures of the ranking plugin's tests: the core's local OpenAI-compatible server."""

from tests.core.conftest import llm_server  # noqa: F401 (the same fixture, shared)
