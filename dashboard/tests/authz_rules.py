from tests.authz import Rule, everyone

RULES = {
    "dashboard:dashboard": Rule(expect=everyone(200)),
    "dashboard:official_report": Rule(expect=everyone(200, officer=403, other_officer=403)),
}
