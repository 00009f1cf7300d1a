"""What the page benchmark measures: one table of (label, role, url) rows, each page as the role that uses it.

Add a page with one line in PAGES. A URL may use {plan} (the plan BENCH1 of this year, 400 tasks), {unit}
(the Hà Nội provincial office) and {export_to} (the deadline that puts about 2,000 tasks in an export):
benchmarks.measure.page_values fills them in. The rows to add as the pages of this round land, with their
URLs as their issues name them:
    ("task page with its thread", "officer", "/tasks/{task}/")       # issue 15 (a {task} value to add)
    ("my work", "officer", "/my/")                                    # issue 15
    ("my work (central)", "central", "/my/")                          # issue 15
    ("extension queue", "central", "<the queue's URL>")               # issue 14
    ("API task list", "central", "/api/v1/tasks/")                    # issue 18, and each list endpoint:
    ("API report list", "officer", "/api/v1/reports/")                #   plans, assignments, units, …
"""

OFFICER = "bench-p34-hanoi-0"  # a provincial office active today, with its share of every bench plan
BARE_PAGE = "bare page (base.html)"
COLD_DASHBOARD = "/dashboard/ (figures recomputed)"  # the cache emptied before each request
BASELINES = (BARE_PAGE, "plain HttpResponse", "/healthz")

PAGES = [
    # (label, role, url)
    (BARE_PAGE, "central", "/bench/bare/"),
    ("plain HttpResponse", "central", "/bench/plain/"),
    ("/healthz", "anonymous", "/healthz"),
    ("/tasks/", "central", "/tasks/"),
    ("/tasks/ with filters", "central", "/tasks/?status=in_progress&unit={unit}&sort=-deadline"),
    ("/tasks/?q= search", "central", "/tasks/?q=hop+tac+han+quoc"),
    ("plan page (400 tasks)", "central", "/plans/{plan}/"),
    ("/reports/ review queue", "central", "/reports/"),
    ("completeness table", "central", "/reports/completeness/?plan={plan}"),
    ("/dashboard/", "leader", "/dashboard/"),
    (COLD_DASHBOARD, "leader", "/dashboard/"),
    ("officer home /", "officer", "/"),
    ("officer /reports/", "officer", "/reports/"),
    ("/notifications/", "officer", "/notifications/"),
    ("Excel export (~2,000 tasks)", "central", "/tasks/?format=xlsx&deadline_to={export_to}"),
    ("/conferences/", "central", "/conferences/"),
]

# The pages benchmarks/loadtest.sh wrk drives with 10 connections: the baselines and the heaviest pages.
WRK_PAGES = (
    BARE_PAGE, "plain HttpResponse", "/tasks/", "plan page (400 tasks)", "/reports/ review queue", "/dashboard/",
    "officer home /", "officer /reports/",
)

