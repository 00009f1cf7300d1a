from tests.authz import Rule, everyone

RULES = {
    "healthz": Rule(expect=everyone(200, anonymous=200)),
    "favicon": Rule(expect=everyone(302, anonymous=302)),
    "set_language": Rule(method="post", data=lambda w: {"language": "en", "next": "/"}, expect=everyone(302, anonymous=302)),
    "login": Rule(expect=everyone(302, anonymous=200)),
    "logout": Rule(method="post", expect=everyone(302, anonymous=302)),
    "password_change": Rule(expect=everyone(200)),
    "password_change_done": Rule(expect=everyone(200)),
}

