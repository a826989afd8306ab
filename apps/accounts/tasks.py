from celery import shared_task


@shared_task(name="accounts.password_reset_mail", ignore_result=True)
def password_reset_mail(email: str) -> None:
    """Issue and mail a reset token in the worker: the HTTP request does no account lookup,
    so its response time cannot tell whether the email is registered. Only the email crosses
    the broker — the token is created here and stored hashed."""
    from .services import password_reset_issue

    password_reset_issue(email=email)
