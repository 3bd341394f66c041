from tests.core.conftest import llm_server  # noqa: F401 (the same fixture, shared)
