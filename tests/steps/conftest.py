import pytest


@pytest.fixture(scope="session")
def httpserver_listen_address():
    """The test HTTP server listens on 127.0.0.1 only (no name resolution, no other network)."""
    return ("127.0.0.1", 0)


@pytest.fixture
def openai_backend(settings, httpserver):
    """The openai backend pointed at a real local HTTP server in the OpenAI format."""
    settings.AI_BACKEND = "openai"
    settings.AI_PROXY_URL = httpserver.url_for("").rstrip("/")
    settings.AI_PROXY_MODEL = "test-model"
    settings.AI_PROXY_TIMEOUT_SECONDS = 0.5
    settings.AI_PROXY_MAX_RETRIES = 0
    settings.AI_PROXY_RETRY_BASE_SECONDS = 0.01
    return httpserver
