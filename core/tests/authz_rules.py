from django.core.files.base import ContentFile

from core.models import ExportJob
from tests.authz import Rule, everyone


def build(world):
    job = ExportJob(owner=world.users["officer"], kind="plans.tasks", title="Nhiệm vụ", state=ExportJob.State.DONE)
    job.file.save("export.xlsx", ContentFile(b"PK\x03\x04"), save=False)
    job.save()
    world.export_job = job

RULES = {
    "healthz": Rule(expect=everyone(200, anonymous=200)),
    "favicon": Rule(expect=everyone(302, anonymous=302)),
    "set_language": Rule(method="post", data=lambda w: {"language": "en", "next": "/"}, expect=everyone(302, anonymous=302)),
    "login": Rule(expect=everyone(302, anonymous=200)),
    "logout": Rule(method="post", expect=everyone(302, anonymous=302)),
    "password_change": Rule(expect=everyone(200)),
    "password_change_done": Rule(expect=everyone(200)),
    "export_list": Rule(expect=everyone(200)),
    # Only the owner may see an export or download it: anyone else gets a 404, administrators included.
    "export_detail": Rule(kwargs=lambda w: {"pk": w.export_job.pk}, expect=everyone(404, officer=200)),
    "export_download": Rule(kwargs=lambda w: {"pk": w.export_job.pk}, expect=everyone(404, officer=200)),
}

