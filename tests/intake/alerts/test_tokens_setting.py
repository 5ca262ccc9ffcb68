"""DISPATCHDESK_ALERT_TOKENS is read strictly: a malformed entry stops the start, it is never half used."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from dispatchdesk.common.env import env_pairs


def test_tokens_are_read_as_name_token_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPATCHDESK_ALERT_TOKENS", " prom = abc=def , grafana=xyz ")

    assert env_pairs("DISPATCHDESK_ALERT_TOKENS") == {"prom": "abc=def", "grafana": "xyz"}


@pytest.mark.parametrize("raw", ["prom", "prom=", "=secret", "prom=a,grafana"])
def test_an_entry_without_name_or_token_is_refused_without_showing_the_token(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv("DISPATCHDESK_ALERT_TOKENS", raw)

    with pytest.raises(ImproperlyConfigured, match="name=value") as refused:
        env_pairs("DISPATCHDESK_ALERT_TOKENS")

    assert "secret" not in str(refused.value)


def test_unset_means_no_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPATCHDESK_ALERT_TOKENS", raising=False)

    assert env_pairs("DISPATCHDESK_ALERT_TOKENS") == {}
