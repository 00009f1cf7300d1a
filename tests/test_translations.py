"""The portal's own catalogues win over Django's and the packages', and they agree with each other."""

from collections import defaultdict
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

BASE_DIR = Path(settings.BASE_DIR)


def portal_catalogues() -> list[Path]:
    """The project-wide catalogue and each portal app's, in the order Django merges them (first wins)."""
    candidates = [BASE_DIR / "locale"] + [BASE_DIR / app / "locale" for app in settings.PORTAL_APPS]
    return [path / "vi/LC_MESSAGES/django.po" for path in candidates if (path / "vi/LC_MESSAGES/django.po").exists()]


def test_portal_apps_come_before_django_and_packages():
    apps = settings.INSTALLED_APPS
    first_foreign = min(apps.index(app) for app in apps if app not in settings.PORTAL_APPS)
    assert all(apps.index(app) < first_foreign for app in settings.PORTAL_APPS)


@pytest.mark.parametrize(
    ("msgid", "portal_translation"),
    [
        ("History", "Lịch sử"),  # Django admin: "Bản ghi nhớ"
        ("Save", "Lưu"),
        ("Search", "Tìm kiếm"),
        ("Status", "Trạng thái"),
        ("Unit", "Đơn vị"),
    ],
)
def test_portal_msgid_renders_portal_translation(msgid, portal_translation):
    with translation.override("vi"):
        assert translation.gettext(msgid) == portal_translation
        rendered = Template('{% load i18n %}{% translate "' + msgid + '" %}').render(Context())
        assert rendered == portal_translation


def test_portal_translations_of_the_sample_come_from_portal_catalogues():
    catalogued = {(entry.msgctxt, entry.msgid): entry.msgstr for po in portal_catalogues() for entry in polib.pofile(po)}
    for msgid in ("History", "Save", "Search", "Status", "Unit"):
        assert catalogued.get((None, msgid)), f"{msgid!r} is not in a portal catalogue"


def test_no_msgid_is_translated_differently_by_two_portal_catalogues():
    translations = defaultdict(dict)
    for po in portal_catalogues():
        for entry in polib.pofile(po):
            if entry.msgstr and not entry.obsolete:
                translations[(entry.msgctxt, entry.msgid)][str(po.relative_to(BASE_DIR))] = entry.msgstr
    disagreements = {key: by_file for key, by_file in translations.items() if len(set(by_file.values())) > 1}
    assert not disagreements, (
        "The first catalogue wins, so these show the same text everywhere; give them a context "
        f"(pgettext / {{% translate … context … %}}) if they mean different things: {disagreements}"
    )
