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


def _message(envelope):
    import email
    from email.policy import default

    message = email.message_from_bytes(envelope.content, policy=default)
    return message["Subject"], message.get_content()


def test_russian_code_mail_over_smtp(api_client, smtp_server):
    token = result(signup(api_client, "ru@example.com", locale="ru"))["verification_token"]
    subject, body = _message(smtp_server.messages[0])
    assert "код" in subject.lower()
    code = re.search(r"\b(\d{6})\b", body).group(1)
    assert "10 минут" in body
    result(verify(api_client, token, code))


@pytest.mark.parametrize(("locale", "subject_word", "body_words"), [("en", "password", "60 minutes"), ("ru", "пароля", "60 минут")])
def test_reset_mail_over_smtp_in_the_users_language(api_client, smtp_server, locale, subject_word, body_words):
    from tests.accounts.factories import UserFactory

    user = UserFactory(locale=locale)
    result(api_client.post("/api/v1/auth/request-password-reset", {"email": user.email}, format="json"))
    assert [m.rcpt_tos for m in smtp_server.messages] == [[user.email]]
    subject, body = _message(smtp_server.messages[0])
    assert subject_word in subject.lower() and body_words in body
    token = re.search(r": ([A-Za-z0-9_-]{40,})", body).group(1)
    response = api_client.post(
        "/api/v1/auth/reset-password", {"token": token, "new_password": "Sunrise-Over-Volga-77"}, format="json"
    )
    assert result(response) == {"success": True}


def test_unreachable_smtp_server_does_not_fail_signup(api_client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), False, 2
    body = result(signup(api_client, "down@example.com"))
    assert body["verification_token"]
