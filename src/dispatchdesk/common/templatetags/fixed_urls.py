"""`{% fixed_url 'name' %}`: a URL without arguments (the navbar's two dozen), reversed once per process.

`{% url %}` resolves its name anew on every use, ~40 µs each (docs/decisions/0060). A URL without
arguments changes only with the URL configuration, the prefix the site is served under and the
language, which are the cache's key; the output is escaped as `{% url %}` escapes it.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def fixed_url(name: str) -> str:
    return _reversed(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language())


@lru_cache(maxsize=256)
def _reversed(name: str, urlconf: str, _prefix: str, _language: str | None) -> str:
    return reverse(name, urlconf=urlconf)
