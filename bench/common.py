"""Shared bits for benchmarks: timing percentiles, the machine line, writing results, scratch PostgreSQL databases."""

from __future__ import annotations

import os
import platform
import statistics
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

RESULTS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks"
# The evaluation kit (scenarios, referee) sits beside the repository; DISPATCHDESK_SHARED may point elsewhere.
SHARED = Path(os.environ.get("DISPATCHDESK_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def percentile(samples: Sequence[float], share: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def summary_ms(samples: Sequence[float]) -> dict[str, float]:
    return {
        "p50": statistics.median(samples) * 1000,
        "p90": percentile(samples, 0.90) * 1000,
        "p99": percentile(samples, 0.99) * 1000,
        "max": max(samples) * 1000,
    }


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    return f"{platform.node()} · {os.cpu_count()} cores · {cpu} · Python {platform.python_version()}"


def write_result(name: str, title: str, table: list[str], notes: str) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.md"
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = [f"# {title}", "", f"Measured {stamp} on {machine()}.", "", *table, "", notes.strip(), ""]
    path.write_text("\n".join(body))
    return path


def scratch_url(configured: str, name: str) -> str:
    """The URL of a scratch database called `name` on the configured PostgreSQL server; anything else is refused."""
    if urlsplit(configured).scheme not in {"postgres", "postgresql", "pgsql"}:
        sys.exit(
            "This benchmark needs PostgreSQL: set DATABASE_URL=postgres://user@host:port/name "
            f"(it creates and drops its own database, {name}, on that server)."
        )
    return urlunsplit(urlsplit(configured)._replace(path=f"/{name}"))


def recreate_database(url: str) -> None:
    """Drop the scratch database named by `url` if it exists, and create it empty."""
    import psycopg  # noqa: PLC0415  # only the PostgreSQL benchmarks need it
    from psycopg import sql  # noqa: PLC0415

    with psycopg.connect(_maintenance(url), autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(_name(url))))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(_name(url))))


def drop_database(url: str) -> None:
    import psycopg  # noqa: PLC0415
    from django.db import connections  # noqa: PLC0415
    from psycopg import sql  # noqa: PLC0415

    connections.close_all()
    with psycopg.connect(_maintenance(url), autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(_name(url))))


def _name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _maintenance(url: str) -> str:
    """The server's `postgres` database: where a database can be dropped and created."""
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))
