"""An email ready to go: to whom, what it says, how it threads. The outbox adds its Message-ID."""

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Draft:
    to: str
    subject: str
    body: str
    headers: Mapping[str, str] = field(default_factory=dict)
