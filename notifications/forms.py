from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ListFilterForm

from .models import NotificationPreference
from .services import PREFERENCE_FIELDS


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = PREFERENCE_FIELDS


class NotificationFilterForm(ListFilterForm):
    """The inbox's query string: ?show=unread or ?show=read. No `q`: a notification keeps no folded
    text to search without diacritics."""

    q = None
    show = forms.ChoiceField(
        label=_("Show notifications"), required=False, choices=[("", _("All")), ("unread", _("Unread")), ("read", _("Read"))]
    )

    def filter(self, notifications, data):
        if data.get("show") == "unread":
            return notifications.unread()
        if data.get("show") == "read":
            return notifications.filter(read_at__isnull=False)
        return notifications

    @property
    def chosen(self) -> str:
        """The valid `show` asked for, or "" (all)."""
        return self.cleaned_data["show"] if self.is_bound and self.is_valid() else ""
