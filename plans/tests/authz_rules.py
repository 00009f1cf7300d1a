import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from plans import explanations, extensions, services
from plans.models import Plan
from plans.tests.factories import ObjectiveFactory, PlanFactory, TaskFactory
from reports.tests.factories import pdf_upload
from tests.authz import Rule, everyone, planners_only, unit_scoped

# A draft is invisible to unit officers (404) and read-only for leadership (403).
DRAFT_ONLY_PLANNERS = everyone(403, officer=404, other_officer=404, planner=200, admin=200)
ISSUED_ACTION = everyone(403, other_officer=404, planner=302, admin=302)
ISSUED_FORM = everyone(403, other_officer=404, planner=200, admin=200)
DRAFT_ACTION = everyone(403, officer=404, other_officer=404, planner=302, admin=302)


def build(world):
    planner = world.users["planner"]
    plan = PlanFactory(status=Plan.Status.DRAFT, year=2024)
    world.objective = ObjectiveFactory(plan=plan)
    world.task = TaskFactory(objective=world.objective, lead=world.unit)
    plan.signed_document.save("signed.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    world.plan = services.plan_issue(plan=plan, by=planner)
    world.draft = Plan.objects.create(
        year=2025,
        title="Dự thảo",
        issuing_unit=plan.issuing_unit,
        created_by=planner,
        status=Plan.Status.DRAFT,
    )
    ObjectiveFactory(plan=world.draft)
    # The 2024 task is overdue today: its lead unit asks for more time, leadership for an explanation.
    soon = timezone.localdate() + datetime.timedelta(days=30)
    world.extension = extensions.extension_request_create(
        task=world.task, proposed_deadline=soon, reason="Đối tác lùi lịch làm việc", uploads=[pdf_upload()],
        by=world.users["officer"],
    )
    asked = explanations.explanation_request_create(
        task=world.task, question="Vì sao chậm?", reply_by=soon, by=world.users["leader"]
    )
    world.reply = asked.replies.get()
    explanations.explanation_answer(
        reply=world.reply, expected_version=0, answer="Do đối tác lùi lịch.", uploads=[pdf_upload()],
        by=world.users["officer"],
    )


def plan(w):
    return {"pk": w.plan.pk}


def draft(w):
    return {"pk": w.draft.pk}


RULES = {
    "plans:plan_list": Rule(expect=everyone(200)),
    "plans:plan_create": Rule(expect=planners_only(200)),
    "plans:plan_detail": Rule(kwargs=plan, expect=unit_scoped(200)),
    "plans:plan_edit": Rule(kwargs=draft, expect=DRAFT_ONLY_PLANNERS),
    "plans:plan_issue": Rule(kwargs=draft, method="post", expect=DRAFT_ACTION),
    "plans:plan_amend": Rule(kwargs=plan, method="post", expect=ISSUED_ACTION),
    "plans:plan_amend_issue": Rule(kwargs=plan, expect=ISSUED_FORM),
    "plans:plan_close": Rule(kwargs=plan, method="post", expect=ISSUED_ACTION),
    "plans:plan_discard": Rule(kwargs=draft, method="post", expect=DRAFT_ACTION),
    "plans:plan_copy": Rule(kwargs=plan, method="post", expect=ISSUED_ACTION),
    "plans:plan_changes": Rule(kwargs=plan, expect=unit_scoped(200)),
    "plans:plan_history": Rule(kwargs=plan, expect=unit_scoped(200)),
    "plans:plan_document": Rule(kwargs=plan, expect=unit_scoped(200)),
    "plans:objective_create": Rule(kwargs=draft, expect=DRAFT_ONLY_PLANNERS),
    "plans:task_create": Rule(kwargs=draft, expect=DRAFT_ONLY_PLANNERS),
    "plans:task_import": Rule(kwargs=draft, expect=DRAFT_ONLY_PLANNERS),
    "plans:task_import_template": Rule(kwargs=draft, expect=DRAFT_ONLY_PLANNERS),
    "plans:objective_edit": Rule(kwargs=lambda w: {"pk": w.objective.pk}, expect=ISSUED_FORM),
    "plans:objective_move": Rule(kwargs=lambda w: {"pk": w.objective.pk}, method="post", expect=ISSUED_ACTION),
    "plans:task_list": Rule(expect=everyone(200)),
    # Open work reaching no officer: central planners and administrators only (leadership too gets a 403).
    "plans:orphaned_work": Rule(expect=planners_only(200)),
    "plans:task_detail": Rule(kwargs=lambda w: {"pk": w.task.pk}, expect=unit_scoped(200)),
    "plans:task_edit": Rule(kwargs=lambda w: {"pk": w.task.pk}, expect=ISSUED_ACTION),
    "plans:task_cancel": Rule(kwargs=lambda w: {"pk": w.task.pk}, method="post", expect=ISSUED_ACTION),
    # Deadline tracking: the lead unit asks for more time, planners decide and complete, leadership asks why.
    "plans:task_complete": Rule(kwargs=lambda w: {"pk": w.task.pk}, expect=ISSUED_FORM),
    "plans:task_reopen": Rule(kwargs=lambda w: {"pk": w.task.pk}, expect=ISSUED_FORM),
    "plans:extension_create": Rule(kwargs=lambda w: {"pk": w.task.pk}, expect=everyone(403, officer=200, other_officer=404)),
    "plans:explanation_create": Rule(
        kwargs=lambda w: {"pk": w.task.pk}, expect=everyone(200, officer=403, other_officer=404)
    ),
    "plans:extension_list": Rule(expect=everyone(200)),
    "plans:extension_detail": Rule(kwargs=lambda w: {"pk": w.extension.pk}, expect=unit_scoped(200)),
    "plans:extension_edit": Rule(
        kwargs=lambda w: {"pk": w.extension.pk}, expect=everyone(403, officer=200, other_officer=404)
    ),
    "plans:extension_document": Rule(
        kwargs=lambda w: {"pk": w.extension.documents.get().pk}, expect=unit_scoped(200)
    ),
    "plans:explanation_list": Rule(expect=everyone(200)),
    "plans:explanation_answer": Rule(kwargs=lambda w: {"pk": w.reply.pk}, expect=unit_scoped(200)),
    "plans:explanation_document": Rule(kwargs=lambda w: {"pk": w.reply.documents.get().pk}, expect=unit_scoped(200)),
}


def _colleague_data(world):
    from accounts.models import User
    from accounts.tests.factories import UserFactory

    colleague = UserFactory(username="m-colleague", unit=world.unit, role=User.Role.UNIT_OFFICER)
    return {f"a{_lead(world).pk}-officer": colleague.pk}


def _lead(world):
    return world.task.assignments.get(role="lead")


# Only a focal officer of the assignment's unit hands its part down or takes it back.
RULES.update({
    "plans:assignment_hand_down": Rule(
        kwargs=lambda w: {"pk": _lead(w).pk}, method="post", data=_colleague_data,
        expect=everyone(403, officer=302, other_officer=404),
    ),
    "plans:assignment_take_back": Rule(
        kwargs=lambda w: {"pk": _lead(w).pk}, method="post", expect=everyone(403, officer=302, other_officer=404),
    ),
})
