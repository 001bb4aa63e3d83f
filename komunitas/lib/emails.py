"""Every e-mail is three templates and one call here: ``queue_mail``.

``templates/emails/<name>-subject.txt``, ``<name>-body.txt`` and ``<name>-body.html``, rendered in
the recipient's language so a member reads mail as they read the site. ``queue_mail`` renders them
and puts the mail in the outbox (``komunitas.notifications.mail``, which registers itself here when
the app is ready, so apps below notifications, accounts and communities, need not import it): a
worker sends it after the commit and retries it, so a failing mail server never fails a request.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from komunitas.lib.http import absolute

_outbox: Callable | None = None


def use_outbox(store: Callable) -> None:
    """Register the outbox's ``store(*, to, template, subject, text, html, recipient)``."""
    global _outbox
    _outbox = store


def queue_mail(
    *,
    to: str,
    template: str,
    context: dict,
    language: str | None = None,
    recipient=None,
):
    """Queue one mail (verification, password reset, invitation, ...): the one way to send mail.

    Renders ``emails/<template>-*`` with ``context`` (plus ``site_url``) in ``language`` (the
    recipient's; the default language when None) now, and stores the mail in the outbox, where
    quiet hours do not apply; it is sent after the commit, retried on failure, and shown to the
    operators if it keeps failing. ``recipient`` is the account it is for, if any (its mail is
    erased with it); ``to`` is the address, which may have no account (an invitation). Returns
    the outbox's ``Mail`` row.
    """
    if _outbox is None:
        raise RuntimeError("No outbox: the notifications app is not installed")
    subject, text, html = render(template, context, language=language)
    return _outbox(
        to=to, template=template, subject=subject, text=text, html=html, recipient=recipient
    )


def render(name: str, context: dict, *, language: str | None = None) -> tuple[str, str, str]:
    """The mail's subject (one line), text body and HTML body, in ``language``."""
    ctx = {"site_url": absolute(""), **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{name}-subject.txt", ctx).strip()
        text = render_to_string(f"emails/{name}-body.txt", ctx)
        html = render_to_string(f"emails/{name}-body.html", ctx)
    return " ".join(subject.split()), text, html


def send_rendered(
    to: str, subject: str, text: str, html: str, *, headers=None, connection=None
) -> EmailMultiAlternatives:
    """Send one mail already rendered; pass an open ``connection`` to send many over one."""
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[to], headers=headers or {}, connection=connection
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
    return message


def send(
    name: str,
    to: str,
    context: dict,
    *,
    language: str | None = None,
    headers=None,
    connection=None,
):
    """Render and send one mail at once. Only the outbox calls this (komunitas.notifications.mail);
    everything else calls ``queue_mail``, so a mail server that fails never fails a request."""
    subject, text, html = render(name, context, language=language)
    return send_rendered(to, subject, text, html, headers=headers, connection=connection)


__all__ = [
    "absolute",
    "queue_mail",
    "render",
    "send",
    "send_rendered",
    "use_outbox",
]  # absolute: komunitas.lib.http's, the one builder of full links
