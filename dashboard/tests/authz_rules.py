from tests.authz import Rule, everyone

RULES = {
    "dashboard:dashboard": Rule(expect=everyone(200)),
}
