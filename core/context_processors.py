from collections.abc import Callable

from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

# The menu bar: links and groups of links (a dropdown). A link is (url name, label, who sees it):
# "all" or a permission name. Kept to one line at 1280 px in Vietnamese and English (tested).
NAVIGATION = [
    ("my_work", _("My work"), "all"),
    (_("Plans & tasks"), [
        ("plans:plan_list", _("Plans"), "all"),
        ("plans:task_list", _("Tasks"), "all"),
        ("plans:extension_list", _("Extension requests"), "all"),
        ("plans:explanation_list", _("Explanation requests"), "all"),
        ("plans:orphaned_work", _("Orphaned work"), "plans.manage_plans"),
    ]),
    ("reports:report_list", _("Reports"), "all"),
    (_("Agreements & certificates"), [
        ("agreements:agreement_list", _("Agreements"), "all"),
        ("agreements:coverage_list", _("Certificates of coverage"), "all"),
    ]),
    ("conferences:conference_list", _("Conferences"), "all"),
    ("dashboard:dashboard", _("Dashboard"), "all"),
]

# Links of the user menu (beside the name), same form.
USER_MENU = [
    ("accounts:unit_list", _("Units"), "all"),
    ("api:token_list", _("Access tokens"), "all"),
    ("export_list", _("My exports"), "all"),
    ("password_change", _("Change password"), "all"),
]

# url name -> function(user) giving the number shown beside that link (what waits for the user).
_counts: dict[str, Callable[[object], int]] = {}


def register_nav_count(url_name: str, count: Callable[[object], int]) -> None:
    """An app above core shows a count beside one of the links; it is computed only when a page renders it."""
    _counts[url_name] = count


def _link(request, name, label, rule):
    if rule != "all" and not request.user.has_perm(rule):
        return None
    try:
        url = reverse(name)
    except NoReverseMatch:
        return None
    active = request.path == url or (url != "/" and request.path.startswith(url))
    count = _counts.get(name)
    return {
        "url": url, "label": label, "active": active,
        "count": SimpleLazyObject(lambda: count(request.user)) if count else None,
    }


def _links(request, entries):
    return [link for entry in entries if (link := _link(request, *entry)) is not None]


def navigation(request):
    """The navigation a user sees: links to pages that exist and their role may open, grouped."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = []
    for entry in NAVIGATION:
        if isinstance(entry[1], list):
            children = _links(request, entry[1])
            if children:
                items.append({"label": entry[0], "children": children, "active": any(c["active"] for c in children)})
        elif (link := _link(request, *entry)) is not None:
            items.append(link)
    return {"nav_items": items, "user_menu_items": _links(request, USER_MENU)}
