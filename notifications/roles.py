"""Permissions of the notifications app by role: administrators maintain the rules (the
calendar is the ground's: accounts/roles.py grants it).

Every user reads their own notifications and sets their own preferences without a permission.
"""

from accounts.models import User

ROLE_PERMISSIONS = {
    User.Role.ADMINISTRATOR: [
        "notifications.view_reminderrule", "notifications.change_reminderrule",
        "notifications.view_notificationpreference", "notifications.change_notificationpreference",
        "notifications.view_reminderdispatch", "notifications.retry_reminder_email",
    ],
}
