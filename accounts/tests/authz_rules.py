from tests.authz import Rule, everyone

RULES = {
    "accounts:unit_list": Rule(expect=everyone(200)),
    "accounts:unit_detail": Rule(kwargs=lambda w: {"pk": w.unit.pk}, expect=everyone(200)),
}
