"""Small strict parsers for settings taken from the environment: they fail loudly."""

import ipaddress
import os

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, *, default: str) -> str:
    return os.environ.get(name, "").strip() or default


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, *, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, *, default: list[str]) -> list[str]:
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_networks(name: str) -> list[str]:
    """A comma list of IP addresses or CIDR ranges (e.g. trusted proxies); empty when unset."""
    entries = env_list(name, default=[])
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ImproperlyConfigured(f"{name}: {entry!r} is not an IP address or CIDR range") from None
    return entries


def env_pairs(name: str) -> dict[str, str]:
    """A comma list of `key=value` pairs (e.g. each alert source's token); empty when unset."""
    pairs: dict[str, str] = {}
    for entry in env_list(name, default=[]):
        key, sep, value = entry.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ImproperlyConfigured(f"{name}: {entry.split('=')[0]!r} must be written name=value")
        pairs[key.strip()] = value.strip()
    return pairs
