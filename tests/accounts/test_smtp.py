"""Mail through a real SMTP server (aiosmtpd on 127.0.0.1)."""

import re
import socket

import pytest
from aiosmtpd.controller import Controller

from .conftest import result, signup, verify

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield inbox
    controller.stop()


def test_signup_code_arrives_over_smtp_and_verifies(api_client, smtp_server):
    token = result(signup(api_client, "smtp@example.com", locale="en"))["verification_token"]
    assert len(smtp_server.messages) == 1
    envelope = smtp_server.messages[0]
    assert envelope.rcpt_tos == ["smtp@example.com"]
    text = envelope.content.decode()
    code = re.search(r"confirmation code: (\d{6})", text).group(1)
    body = result(verify(api_client, token, code))
    assert body["user"]["is_email_verified"] is True
