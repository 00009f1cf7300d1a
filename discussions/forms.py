from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import EVIDENCE, accept_attribute

from .services import MAX_ATTACHMENTS, MAX_LENGTH


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content when it is stored."""

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class PostForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"), max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text; line breaks are kept and web addresses become links."),
    )
    mentions = forms.MultipleChoiceField(
        label=_("Mention (@) units or people"), required=False,
        help_text=_("They are notified. Type to search; accents do not matter."),
    )
    attachments = MultipleFileField(
        label=_("Attachments"), required=False,
        widget=MultipleFileInput(attrs={"accept": accept_attribute(EVIDENCE)}),
        help_text=_("Up to %(count)s files: PDF, Word, Excel or images.") % {"count": MAX_ATTACHMENTS},
    )

    def __init__(self, *args, units=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {f"unit-{unit.pk}": unit for unit in units}
        self.people = {f"user-{person.pk}": person for person in people}
        choices = [(key, f"@{unit.name}") for key, unit in self.units.items()]
        choices += [
            (key, f"@{person}" + (f" — {person.unit.name}" if person.unit_id else ""))
            for key, person in self.people.items()
        ]
        field = self.fields["mentions"]
        field.choices = choices
        field.widget.attrs.update({"data-unit-filter": _("Search units and people"), "size": min(max(len(choices), 2), 8)})

    def mentioned(self) -> tuple[list, list]:
        keys = self.cleaned_data.get("mentions") or []
        return [self.units[k] for k in keys if k in self.units], [self.people[k] for k in keys if k in self.people]


class PostEditForm(forms.Form):
    text = PostForm.base_fields["text"]
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
