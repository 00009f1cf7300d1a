"""Health checks that the apps above core add to /healthz, so that core never imports them.

An app registers its check from its AppConfig.ready():

    register_health_check("reminder_emails", lambda: HealthReport(ReminderDispatch.objects.email_counts()))

/healthz runs every check once the database answers, shows each report's details under the check's
name, and answers 503 if any report is unhealthy or a check raises.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class HealthReport:
    details: Any  # JSON-serialisable
    healthy: bool = True


_checks: dict[str, Callable[[], HealthReport]] = {}


def register_health_check(name: str, check: Callable[[], HealthReport]) -> None:
    _checks[name] = check


def run_health_checks() -> dict[str, HealthReport]:
    reports = {}
    for name, check in _checks.items():
        try:
            reports[name] = check()
        except Exception:  # noqa: BLE001 - a failing check means "unhealthy", never a 500 from the probe
            logger.exception("Health check %s failed", name)
            reports[name] = HealthReport("error", healthy=False)
    return reports
