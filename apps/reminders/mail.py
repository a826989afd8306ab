"""Reminder emails through Django's mail (the configured SMTP), with RFC 8058 one-click
unsubscribe headers pointing at `POST /api/v1/reminders/unsubscribe?token=...`."""

import smtplib
from urllib.parse import quote

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import gettext as _

from .messages import Message
from .telegram import SendError
from .tokens import unsubscribe_token


def unsubscribe_url(user) -> str:
    base = settings.REMINDERS_PUBLIC_API_URL.rstrip("/")
    return f"{base}/api/v1/reminders/unsubscribe?token={quote(unsubscribe_token(user))}"


def send_email(*, user, message: Message) -> None:
    url = unsubscribe_url(user)
    with translation.override(user.locale or "ru"):
        footer = _("Stop these emails: %(url)s") % {"url": url}
    email = EmailMessage(
        subject=message.subject,
        body=f"{message.text}\n\n--\n{footer}\n",
        to=[user.email],
        headers={"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    try:
        email.send()
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as exc:
        raise SendError("email_refused") from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise SendError("email_unavailable", retry_after=0) from exc
