import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation


class _UploadForm(forms.Form):
    evidence = forms.FileField(label="Evidence", help_text="PDF or Word")


@pytest.mark.parametrize(
    ("language", "button", "none"), [("vi", "Chọn tệp", "Chưa chọn tệp nào"), ("en", "Choose file", "No file chosen")]
)
def test_file_picker_labels_the_native_input_in_the_page_language(language, button, none):
    with translation.override(language):
        html = Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": _UploadForm()}))
    assert f'<label class="btn btn-outline-secondary btn-sm file-picker-button" for="id_evidence">{button}</label>' in html
    assert f">{none}</span>" in html
    assert 'type="file" name="evidence" class="file-picker-input visually-hidden"' in html
    assert 'aria-describedby="id_evidence_chosen id_evidence_helptext"' in html
    assert html.count("aria-describedby") == 1
