"""Pages of deadline tracking: extension requests (ask, change, the planners' queue and decision),
explanation requests (ask, answer, the list of awaited answers), a planner's completion decision,
and the supporting documents, each through its guard in plans/access.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import ListView

from core.documents import serve_document
from core.forms import add_service_errors
from core.locking import EditConflict

from . import completion, explanations, extensions
from .access import (
    get_explanation_document_for_user,
    get_explanation_reply_for_user,
    get_extension_document_for_user,
    get_extension_for_user,
    get_task_for_user,
    may_manage_plans,
    may_request_explanations,
    may_request_extension,
)
from .deadline_forms import (
    CompletionForm,
    ExplanationAnswerForm,
    ExplanationFilterForm,
    ExplanationRequestForm,
    ExtensionDecisionForm,
    ExtensionFilterForm,
    ExtensionRequestForm,
)
from .models import ExplanationReply, ExtensionRequest


def _uploads(form) -> list:
    document = form.cleaned_data.get("document")
    return [document] if document else []


def _submit(request, form, save, then):
    """For a valid POSTed form, run `save(cleaned_data)` (a service call returning the success message)
    and redirect to `then`; a conflict or the service's errors stay on the page, the form keeps its values.
    Returns (response or None, conflict or None)."""
    if request.method != "POST" or not form.is_valid():
        return None, None
    try:
        done = save(form.cleaned_data)
    except EditConflict as exc:
        return None, exc
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None, None
    messages.success(request, done)
    return redirect(then), None


# --- Extension requests ------------------------------------------------------------------------------


def extension_create(request, pk):
    task = get_task_for_user(request.user, pk)
    if not may_request_extension(request.user, task):
        raise PermissionDenied
    form = ExtensionRequestForm(request.POST or None, request.FILES or None)

    def save(data):
        extensions.extension_request_create(
            task=task, proposed_deadline=data["proposed_deadline"], reason=data["reason"], uploads=_uploads(form),
            by=request.user,
        )
        return _("Your request for a new deadline was sent to the central planners.")

    response, _conflict = _submit(request, form, save, task)
    if response:
        return response
    return render(request, "plans/extension_form.html", {"form": form, "task": task, "extension": None})


def extension_edit(request, pk):
    extension = get_extension_for_user(request.user, pk, to_edit=True)
    initial = {"proposed_deadline": extension.proposed_deadline, "reason": extension.reason,
               "lock_version": extension.lock_version}
    form = ExtensionRequestForm(request.POST or None, request.FILES or None, initial=initial)

    def save(data):
        extensions.extension_request_update(
            request=extension, expected_version=data["lock_version"] or 0, proposed_deadline=data["proposed_deadline"],
            reason=data["reason"], uploads=_uploads(form), by=request.user,
        )
        return _("Your request was changed.")

    response, conflict = _submit(request, form, save, extension.task)
    if response:
        return response
    return render(request, "plans/extension_form.html", {
        "form": form, "task": extension.task, "extension": extension, "conflict": conflict})


class ExtensionListView(ListView):
    """The queue of extension requests: central planners decide; others see the requests on their tasks."""

    template_name = "plans/extension_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = ExtensionFilterForm(self.request.GET, user=self.request.user)
        requests = ExtensionRequest.objects.visible_to(self.request.user).select_related(
            "task__plan", "unit", "requested_by", "decided_by"
        )
        return self.filter_form.results(requests)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.filter_form, can_decide=may_manage_plans(self.request.user), **kwargs
        )


def extension_detail(request, pk):
    """One request and, for a central planner while it waits, the decision form."""
    extension = get_extension_for_user(request.user, pk)
    can_decide = extension.is_decidable_by(request.user)
    if request.method == "POST" and not can_decide:
        raise PermissionDenied
    form = ExtensionDecisionForm(request.POST or None, initial={"lock_version": extension.lock_version})

    def save(data):
        if data["decision"] == ExtensionDecisionForm.APPROVE:
            extensions.extension_request_approve(
                request=extension, expected_version=data["lock_version"], granted_deadline=data["granted_deadline"],
                comment=data["comment"], by=request.user,
            )
            return _("The new deadline was granted.")
        extensions.extension_request_refuse(
            request=extension, expected_version=data["lock_version"], comment=data["comment"], by=request.user
        )
        return _("The request was refused.")

    response, conflict = _submit(request, form, save, "plans:extension_list")
    if response:
        return response
    return render(request, "plans/extension_detail.html", {
        "extension": extension, "documents": extension.documents.filter(removed_at__isnull=True),
        "history": extension.task.extension_requests.select_related("requested_by", "decided_by").order_by(
            "requested_at", "pk"),
        "form": form if can_decide else None, "conflict": conflict,
    })


def extension_document(request, pk):
    return serve_document(get_extension_document_for_user(request.user, pk))


# --- Explanation requests -----------------------------------------------------------------------------


def explanation_create(request, pk):
    task = get_task_for_user(request.user, pk)
    if not may_request_explanations(request.user):
        raise PermissionDenied
    form = ExplanationRequestForm(request.POST or None, task=task)

    def save(data):
        explanations.explanation_request_create(
            task=task, question=data["question"], reply_by=data["reply_by"],
            coordinating_units=list(data["coordinating_units"]), by=request.user,
        )
        return _("The units were asked to explain.")

    response, _conflict = _submit(request, form, save, task)
    if response:
        return response
    return render(request, "plans/explanation_form.html", {"form": form, "task": task})


class ExplanationListView(ListView):
    """Explanations awaited (or given): all units' for who sees all work, an officer's own units'."""

    template_name = "plans/explanation_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = ExplanationFilterForm(self.request.GET)
        replies = ExplanationReply.objects.visible_to(self.request.user).select_related(
            "request__task__plan", "request__requested_by", "unit", "answered_by"
        )
        return self.filter_form.results(replies)

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


def explanation_answer(request, pk):
    """A unit's part of an explanation request: the question, and the answer form for its officers."""
    reply = get_explanation_reply_for_user(request.user, pk)
    can_answer = reply.is_editable_by(request.user)
    if request.method == "POST" and not can_answer:
        raise PermissionDenied
    form = ExplanationAnswerForm(request.POST or None, request.FILES or None, initial={"lock_version": reply.lock_version})

    def save(data):
        explanations.explanation_answer(
            reply=reply, expected_version=data["lock_version"], answer=data["answer"], uploads=_uploads(form),
            by=request.user,
        )
        return _("Your explanation was sent.")

    response, conflict = _submit(request, form, save, reply.request.task)
    if response:
        return response
    return render(request, "plans/explanation_answer.html", {
        "reply": reply, "task": reply.request.task, "documents": reply.documents.filter(removed_at__isnull=True),
        "form": form if can_answer else None, "conflict": conflict,
    })


def explanation_document(request, pk):
    return serve_document(get_explanation_document_for_user(request.user, pk))


# --- A planner's completion decision --------------------------------------------------------------------


def _completion_view(request, pk, *, action, template_title: str, done_message: str):
    task = get_task_for_user(request.user, pk)
    if not may_manage_plans(request.user):
        raise PermissionDenied
    form = CompletionForm(request.POST or None)

    def save(data):
        action(task=task, note=data["note"], by=request.user)
        return done_message

    response, _conflict = _submit(request, form, save, task)
    if response:
        return response
    return render(request, "plans/task_completion.html", {"form": form, "task": task, "title": template_title})


def task_complete(request, pk):
    return _completion_view(
        request, pk, action=completion.task_complete, template_title=_("Mark the task done"),
        done_message=_("The task is marked done today."),
    )


def task_reopen(request, pk):
    return _completion_view(
        request, pk, action=completion.task_reopen, template_title=_("Reopen the task"),
        done_message=_("The task is open again; its completion date was cleared."),
    )
