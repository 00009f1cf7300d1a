from tests.authz import Rule, everyone

from .factories import NotificationFactory


def build(world):
    world.notification = NotificationFactory(recipient=world.users["officer"])


RULES = {
    "notifications:notification_list": Rule(expect=everyone(200)),
    # Only the recipient may touch a notification: anyone else gets a 404, administrators included.
    "notifications:notification_read": Rule(
        kwargs=lambda w: {"pk": w.notification.pk}, method="post",
        expect=everyone(404, officer=302),
    ),
    "notifications:notification_read_all": Rule(method="post", expect=everyone(302)),
    "notifications:preferences": Rule(expect=everyone(200)),
}
