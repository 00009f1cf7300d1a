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


# --- The task list: markers beside a task's title, and what else a search may match -------------

TaskMarkers = Callable[[HttpRequest, list], dict[int, str]]
TaskSearch = Callable[[object, str], object]
_markers: dict[str, TaskMarkers] = {}
_searches: dict[str, TaskSearch] = {}


def register_task_markers(markers: TaskMarkers) -> None:
    """`markers(request, tasks) -> {task id: HTML}` for a page of tasks, in a fixed number of queries."""
    _markers[f"{markers.__module__}.{markers.__qualname__}"] = markers


def task_markers(request: HttpRequest, tasks) -> None:
    """Set `task.markers` (a list of HTML) on each task of the page."""
    tasks = list(tasks)
    found = [markers(request, tasks) for markers in _markers.values()] if tasks else []
    for task in tasks:
        task.markers = [by_task[task.pk] for by_task in found if task.pk in by_task]


def register_task_search(search: TaskSearch) -> None:
    """`search(user, query) -> QuerySet of task ids (values_list)` the user finds by text kept elsewhere."""
    _searches[f"{search.__module__}.{search.__qualname__}"] = search


def task_search_ids(user, query: str) -> list:
    """What the registered searches find for `user`: subqueries of task ids."""
    return [search(user, query) for search in _searches.values()]
