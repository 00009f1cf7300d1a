from dashboard.models import CalendarFeed
from tests.authz import Rule, everyone


def build(world):
    world.feed = CalendarFeed.objects.create(user=world.users["officer"])


RULES = {
    "home": Rule(expect=everyone(200, leader=302)),
    "my_work": Rule(expect=everyone(200)),
    "dashboard:dashboard": Rule(expect=everyone(200)),
    "dashboard:official_report": Rule(expect=everyone(200, officer=403, other_officer=403)),
    "dashboard:calendar": Rule(expect=everyone(200)),
    "dashboard:calendar_reset": Rule(method="post", expect=everyone(302)),
    # The secret token is the credential: it works without a session, for whoever holds it.
    "dashboard:calendar_feed": Rule(kwargs=lambda w: {"token": w.feed.token}, expect=everyone(200, anonymous=200)),
}
