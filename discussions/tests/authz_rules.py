"""Who gets what on the discussion URLs: the thread of the officer's unit's task is read and written
by that unit, central staff and leadership; another unit's officer gets a 404 everywhere. Only a
post's author edits (in the first 15 minutes) or withdraws it: everyone else gets a 403."""

from types import SimpleNamespace

from discussions import services
from discussions.tests.factories import pdf_upload
from tests.authz import Rule, everyone, unit_scoped

AUTHOR_ONLY_PAGE = everyone(403, other_officer=404, officer=200)
AUTHOR_ONLY_ACTION = everyone(403, other_officer=404, officer=302)


def build(world):
    officer = world.users["officer"]
    post = services.post_create(task=world.task, text="Câu hỏi về nhiệm vụ", by=officer, uploads=[pdf_upload()])
    world.discussions = SimpleNamespace(
        post=post,
        withdrawable=services.post_create(task=world.task, text="Rút lại", by=officer),
        attachment=post.attachments.get(),
    )


def _d(world):
    return world.discussions


RULES = {
    "discussions:post_create": Rule(kwargs=lambda w: {"task_pk": w.task.pk}, expect=unit_scoped(200)),
    "discussions:post_edit": Rule(kwargs=lambda w: {"pk": _d(w).post.pk}, expect=AUTHOR_ONLY_PAGE),
    "discussions:post_withdraw": Rule(
        kwargs=lambda w: {"pk": _d(w).withdrawable.pk}, method="post", expect=AUTHOR_ONLY_ACTION,
    ),
    "discussions:attachment_download": Rule(kwargs=lambda w: {"pk": _d(w).attachment.pk}, expect=unit_scoped(200)),
}
