"""Directory sign-in settings (django-auth-ldap), built from the LDAP_* environment variables.

Only the settings package calls this (base.py, when LDAP_SERVER_URI is set); the tests call it with
the address of their own slapd, so they run the same configuration."""

from collections.abc import Mapping

# The variables read, with their defaults (README "Directory sign-in").
VARIABLES = {
    "LDAP_SERVER_URI": "",
    "LDAP_BIND_DN": "",
    "LDAP_BIND_PASSWORD": "",
    "LDAP_START_TLS": "false",
    "LDAP_USER_SEARCH_BASE": "",
    "LDAP_USER_FILTER": "(uid=%(user)s)",
    "LDAP_GROUP_SEARCH_BASE": "",
    "LDAP_GROUP_TYPE": "groupOfNames",
    "LDAP_GROUP_ADMINISTRATOR": "",
    "LDAP_GROUP_CENTRAL_PLANNER": "",
    "LDAP_GROUP_LEADERSHIP": "",
    "LDAP_GROUP_UNIT_OFFICER": "",
    "LDAP_UNIT_ATTRIBUTE": "departmentNumber",
    "LDAP_ATTR_FIRST_NAME": "givenName",
    "LDAP_ATTR_LAST_NAME": "sn",
    "LDAP_ATTR_EMAIL": "mail",
}
ROLE_VARIABLES = {
    "administrator": "LDAP_GROUP_ADMINISTRATOR",
    "central_planner": "LDAP_GROUP_CENTRAL_PLANNER",
    "leadership": "LDAP_GROUP_LEADERSHIP",
    "unit_officer": "LDAP_GROUP_UNIT_OFFICER",
}
LOCAL_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]


def directory_settings(values: Mapping[str, str]) -> dict:
    """AUTH_LDAP_* settings and the backends: axes' lockout, then the directory, then local accounts."""
    import ldap
    from django_auth_ldap.config import GroupOfNamesType, LDAPGroupQuery, LDAPSearch, NestedActiveDirectoryGroupType

    values = {name: values.get(name) or default for name, default in VARIABLES.items()}
    role_groups = {role: values[name] for role, name in ROLE_VARIABLES.items() if values[name]}
    group_type = NestedActiveDirectoryGroupType() if values["LDAP_GROUP_TYPE"] == "activeDirectory" else GroupOfNamesType()
    group_filter = "(objectClass=group)" if values["LDAP_GROUP_TYPE"] == "activeDirectory" else "(objectClass=groupOfNames)"
    required = None
    for dn in role_groups.values():
        required = LDAPGroupQuery(dn) if required is None else required | LDAPGroupQuery(dn)
    return {
        "AUTH_LDAP_SERVER_URI": values["LDAP_SERVER_URI"],
        "AUTH_LDAP_BIND_DN": values["LDAP_BIND_DN"],
        "AUTH_LDAP_BIND_PASSWORD": values["LDAP_BIND_PASSWORD"],
        "AUTH_LDAP_START_TLS": values["LDAP_START_TLS"].lower() in ("1", "true", "yes", "on"),
        "AUTH_LDAP_CONNECTION_OPTIONS": {ldap.OPT_REFERRALS: 0, ldap.OPT_NETWORK_TIMEOUT: 5},
        "AUTH_LDAP_USER_SEARCH": LDAPSearch(values["LDAP_USER_SEARCH_BASE"], ldap.SCOPE_SUBTREE, values["LDAP_USER_FILTER"]),
        "AUTH_LDAP_GROUP_SEARCH": LDAPSearch(
            values["LDAP_GROUP_SEARCH_BASE"] or values["LDAP_USER_SEARCH_BASE"], ldap.SCOPE_SUBTREE, group_filter
        ),
        "AUTH_LDAP_GROUP_TYPE": group_type,
        # Only members of a group that maps to a role may sign in.
        "AUTH_LDAP_REQUIRE_GROUP": required,
        "AUTH_LDAP_USER_ATTR_MAP": {
            "first_name": values["LDAP_ATTR_FIRST_NAME"], "last_name": values["LDAP_ATTR_LAST_NAME"],
            "email": values["LDAP_ATTR_EMAIL"],
        },
        "AUTH_LDAP_ALWAYS_UPDATE_USER": True,
        "LDAP_ROLE_GROUPS": role_groups,
        "LDAP_UNIT_ATTRIBUTE": values["LDAP_UNIT_ATTRIBUTE"],
        "AUTHENTICATION_BACKENDS": [LOCAL_BACKENDS[0], "accounts.directory.DirectoryBackend", LOCAL_BACKENDS[1]],
    }
