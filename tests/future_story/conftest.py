import pytest


@pytest.fixture
def openai_backend(settings, httpserver):
    """settings.AI_BACKEND = "openai" pointed at a real local HTTP server in the OpenAI format
    (pytest-httpserver), with the project's own prompt files; no backoff."""
    base = httpserver.url_for("").rstrip("/")
    settings.AI_BACKEND = "openai"
    settings.AI_PROXY_URL = base
    settings.AI_PROXY_IMAGE_URL = base
    settings.AI_PROXY_MODEL = "test-model"
    settings.AI_PROXY_IMAGE_MODEL = "test-image-model"
    settings.AI_PROXY_API_KEY = "sk-test"
    settings.AI_PROXY_TIMEOUT_SECONDS = 0.5
    settings.AI_PROXY_MAX_RETRIES = 0
    settings.AI_PROXY_RETRY_BASE_SECONDS = 0.01
    settings.AI_IMAGE_ALLOWED_HOSTS = ["localhost", "127.0.0.1"]  # image downloads from the test server
    return httpserver
