"""Token permissions of each role (merged by accounts/roles.py into the role groups)."""

from accounts.models import User

ROLE_PERMISSIONS = {
    User.Role.ADMINISTRATOR: ["api.view_personalaccesstoken", "api.revoke_any_token"],
}
