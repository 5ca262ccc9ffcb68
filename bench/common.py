"""Shared bits for benchmarks: timing percentiles, the machine line, and writing results."""

from __future__ import annotations

import os
import platform
import statistics
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

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
