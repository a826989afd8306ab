import io

import pytest
from PIL import Image

PROMPT_EN = "You analyse a person's wants. Answer in English as JSON.\nInput:\n{context_json}\n"
PROMPT_RU = "Ты анализируешь желания человека. Ответь по-русски в JSON.\nДанные:\n{context_json}\n"


@pytest.fixture(scope="session")
def httpserver_listen_address():
    """The test HTTP server listens on 127.0.0.1 only (no name resolution, no other network)."""
    return ("127.0.0.1", 0)


@pytest.fixture
def prompts_dir(settings, tmp_path):
    """Prompt templates of a test task `demo.analyze` in a temporary AI_PROMPTS_DIR."""
    folder = tmp_path / "prompts_root" / "demo" / "prompts"
    folder.mkdir(parents=True)
    (folder / "analyze.en.txt").write_text(PROMPT_EN, encoding="utf-8")
    (folder / "analyze.ru.txt").write_text(PROMPT_RU, encoding="utf-8")
    settings.AI_PROMPTS_DIR = tmp_path / "prompts_root"
    return folder


@pytest.fixture
def openai_backend(settings, httpserver, prompts_dir):
    """settings.AI_BACKEND = "openai" pointed at the local test HTTP server, no backoff."""
    base = httpserver.url_for("").rstrip("/")
    settings.AI_BACKEND = "openai"
    settings.AI_PROXY_URL = base
    settings.AI_PROXY_IMAGE_URL = base
    settings.AI_PROXY_MODEL = "test-model"
    settings.AI_PROXY_IMAGE_MODEL = "test-image-model"
    settings.AI_PROXY_API_KEY = "sk-test-123"
    settings.AI_PROXY_TIMEOUT_SECONDS = 5
    settings.AI_PROXY_MAX_RETRIES = 2
    settings.AI_PROXY_RETRY_BASE_SECONDS = 0
    settings.AI_IMAGE_ALLOWED_HOSTS = ["localhost", "127.0.0.1"]  # image downloads from the test server
    return httpserver


def image_bytes(fmt="PNG", size=(64, 48), colour=(200, 30, 90)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=fmt)
    return out.getvalue()
