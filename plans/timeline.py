"""The task's timeline: what was said and decided on a task, from every app, oldest first.

The engine knows none of its sources. An app contributes entries from its AppConfig.ready():

    register_timeline_source(my_entries)   # my_entries(request, task) -> list[TimelineEntry]

Each source returns only what the user of `request` may see, in a fixed number of queries however
long the task's story is (the thread's posts, returned reports' comments, deadline exchanges…).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    kind: str  # e.g. "post", "report_returned": a CSS hook and a tie-breaker
    key: str  # unique within the timeline (an anchor), e.g. "post-12"
    render: Callable[[], SafeString]  # the entry's HTML, rendered only when its page is shown

    @property
    def html(self) -> SafeString:
        return self.render()


TimelineSource = Callable[[HttpRequest, object], list[TimelineEntry]]
_sources: dict[str, TimelineSource] = {}


def register_timeline_source(source: TimelineSource) -> None:
    """Idempotent: registering the same function again replaces it."""
    _sources[f"{source.__module__}.{source.__qualname__}"] = source


def task_timeline(request: HttpRequest, task) -> list[TimelineEntry]:
    """Every source's entries for `task`, oldest first."""
    entries = [entry for source in _sources.values() for entry in source(request, task)]
    return sorted(entries, key=lambda entry: (entry.at, entry.kind, entry.key))
