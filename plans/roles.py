"""Engine permissions of each role (merged by accounts/roles.py into the role groups)."""

from accounts.models import User

ROLE_PERMISSIONS = {
    User.Role.ADMINISTRATOR: ["plans.view_all_work"],
    User.Role.CENTRAL_PLANNER: [
        "plans.view_all_work", "plans.manage_plans", "plans.review_reports", "plans.request_explanations",
    ],
    User.Role.LEADERSHIP: ["plans.view_all_work", "plans.request_explanations"],
    User.Role.UNIT_OFFICER: ["plans.submit_reports"],
}
