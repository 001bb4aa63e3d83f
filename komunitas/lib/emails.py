"""Every e-mail is three templates and one call here.

``templates/emails/<name>-subject.txt``, ``<name>-body.txt`` and ``<name>-body.html``, rendered in
the recipient's language so a member reads mail as they read the site.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from komunitas.lib.http import absolute


def send(
    name: str,
    to: str,
    context: dict,
    *,
    language: str | None = None,
    headers=None,
    connection=None,
):
    """Render and send one mail; pass an open ``connection`` to send many over one."""
    ctx = {"site_url": absolute(""), **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{name}-subject.txt", ctx).strip()
        text = render_to_string(f"emails/{name}-body.txt", ctx)
        html = render_to_string(f"emails/{name}-body.html", ctx)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[to],
        headers=headers or {},
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    message.send()
    return message


__all__ = ["absolute", "send"]  # absolute: komunitas.lib.http's, the one builder of full links
