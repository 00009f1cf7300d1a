"""Sections the apps above the engine add to the task page (reports, conferences…).

The engine's task page renders whatever is registered here, in order, so neither its view nor its
template knows the apps that use it. An app registers in its AppConfig.ready():

    register_task_section(my_section, order=20)   # my_section(request, task) -> HTML or ""
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

TaskSection = Callable[[HttpRequest, object], str]
_sections: dict[str, tuple[int, TaskSection]] = {}


def register_task_section(section: TaskSection, *, order: int = 100) -> None:
    """Idempotent: registering the same function again replaces it."""
    _sections[f"{section.__module__}.{section.__qualname__}"] = (order, section)


def task_sections(request: HttpRequest, task) -> list[SafeString]:
    """The rendered sections for `task`, as the user of `request` may see them; empty ones left out."""
    ordered = sorted(_sections.values(), key=lambda entry: entry[0])
    return [html for html in (section(request, task) for _order, section in ordered) if html]
