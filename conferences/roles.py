"""Conference permissions of each role (merged by accounts/roles.py into the role groups)."""

from accounts.models import User

ROLE_PERMISSIONS = {
    User.Role.ADMINISTRATOR: ["conferences.manage_conferences"],
    User.Role.CENTRAL_PLANNER: ["conferences.manage_conferences"],
    User.Role.UNIT_OFFICER: ["conferences.register_participants"],
}
