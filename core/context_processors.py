from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (url name, label, who sees it): "all" or a permission name.
NAVIGATION = [
    ("home", _("Home"), "all"),
    ("my_work", _("My work"), "all"),
    ("plans:plan_list", _("Plans"), "all"),
    ("plans:task_list", _("Tasks"), "all"),
    ("plans:extension_list", _("Extension requests"), "plans.manage_plans"),
    ("reports:report_list", _("Reports"), "all"),
    ("agreements:agreement_list", _("Agreements"), "all"),
    ("agreements:coverage_list", _("Certificates of coverage"), "all"),
    ("conferences:conference_list", _("Conferences"), "all"),
    ("dashboard:dashboard", _("Dashboard"), "all"),
    ("accounts:unit_list", _("Units"), "all"),
]


def navigation(request):
    """The navigation a user sees: links to pages that exist and their role may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = []
    for name, label, rule in NAVIGATION:
        if rule != "all" and not user.has_perm(rule):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": request.path == url or (url != "/" and request.path.startswith(url))})
    return {"nav_items": items}
