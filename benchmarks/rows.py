"""What the page benchmark measures: one table of (label, role, url) rows, each page as the role that uses it.

Add a page with one line in PAGES. A URL may use {plan} (the plan BENCH1 of this year, 400 tasks), {unit}
(the Hà Nội provincial office), {task} (a task of {plan} led by the officer's unit: its page with its thread)
and {export_to} (the deadline that puts about 2,000 tasks in an export): benchmarks.measure.page_values
fills them in.
"""

OFFICER = "bench-p34-hanoi-0"  # a provincial office active today, with its share of every bench plan
# A focal officer whose unit's slice is the same at every scale (the demo's TST board: 16 assignments; the
# bench generator gives it none): their pages show what the size of the whole database costs.
FIXED_OFFICER = "tst"
BARE_PAGE = "bare page (base.html)"
COLD_DASHBOARD = "/dashboard/ (figures recomputed)"  # the cache emptied before each request
# An officer's draft saved before each request: on the plan the dashboard shows (BENCH1), or on another one.
SAVED_REPORT_DASHBOARD = "/dashboard/ after a report on its plan is saved"
SAVED_ELSEWHERE_DASHBOARD = "/dashboard/ after a report on another plan is saved"
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
    (SAVED_REPORT_DASHBOARD, "leader", "/dashboard/"),
    (SAVED_ELSEWHERE_DASHBOARD, "leader", "/dashboard/"),
    ("officer home /", "officer", "/"),
    ("officer /reports/", "officer", "/reports/"),
    ("/notifications/", "officer", "/notifications/"),
    ("officer home / (fixed slice)", "tst officer", "/"),
    ("officer /reports/ (fixed slice)", "tst officer", "/reports/"),
    ("my work (fixed slice)", "tst officer", "/my/"),
    ("API report list (fixed slice)", "tst officer", "/api/v1/reports/"),
    ("Excel export (~2,000 tasks)", "central", "/tasks/?format=xlsx&deadline_to={export_to}"),
    ("/conferences/", "central", "/conferences/"),
    ("task page with its thread", "officer", "/tasks/{task}/"),
    ("my work", "officer", "/my/"),
    ("my work (central)", "central", "/my/"),
    ("extension queue", "central", "/extensions/"),
    ("explanation queue", "central", "/explanations/"),
    ("API task list", "central", "/api/v1/tasks/"),
    ("API plan list", "central", "/api/v1/plans/"),
    ("API assignment list", "central", "/api/v1/assignments/"),
    ("API report list", "officer", "/api/v1/reports/"),
    ("API period list", "central", "/api/v1/periods/"),
    ("API unit list", "central", "/api/v1/units/"),
    ("API conference list", "central", "/api/v1/conferences/"),
    ("API certificate list", "central", "/api/v1/certificates/"),
    ("API agreement list", "central", "/api/v1/agreements/"),
]

# The pages benchmarks/loadtest.sh wrk drives with 10 connections: the baselines and the heaviest pages.
WRK_PAGES = (
    BARE_PAGE, "plain HttpResponse", "/tasks/", "plan page (400 tasks)", "/reports/ review queue", "/dashboard/",
    "officer home /", "officer /reports/",
)

