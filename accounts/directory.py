"""Directory sign-in: django-auth-ldap checks the password against VSS's directory; each sign-in then
gives the user the role of their directory group and the unit named by their unit attribute."""

from django.conf import settings
from django_auth_ldap.backend import LDAPBackend

from .services import user_apply_directory


class DirectoryBackend(LDAPBackend):
    """A user the directory no longer knows fails here; the local-account backend after it then
    refuses them too, since a directory user has no local password."""

    def authenticate_ldap_user(self, ldap_user, password):
        user = super().authenticate_ldap_user(ldap_user, password)
        if user is None:
            return None
        member_of = {dn.lower() for dn in ldap_user.group_dns}
        role = next((role for role, dn in settings.LDAP_ROLE_GROUPS.items() if dn.lower() in member_of), None)
        unit_code = (ldap_user.attrs.get(settings.LDAP_UNIT_ATTRIBUTE) or [""])[0]
        return user_apply_directory(user=user, role=role, unit_code=unit_code)
