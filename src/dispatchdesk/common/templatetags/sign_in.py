"""What a sign-in page must tell before anyone types a password."""

from django import template
from django.conf import settings
from django.http import HttpRequest

register = template.Library()


@register.simple_tag
def cookies_need_https(request: HttpRequest) -> bool:
    """Whether this page came over plain http while cookies are sent over https only (the scaled-out
    default): the browser keeps no session then, and signing in fails without a word of its own."""
    return bool(settings.SESSION_COOKIE_SECURE and not request.is_secure())
