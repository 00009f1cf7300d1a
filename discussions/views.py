from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.documents import serve_document, wants_inline
from core.forms import add_service_errors, error_messages
from core.locking import EditConflict

from . import services
from .access import get_post_attachment_for_user, get_post_for_user, get_thread_for_user, mention_candidates
from .forms import PostEditForm, PostForm


def post_create(request, task_pk):
    """Post in a task's thread. The task page carries the form; this page shows it again with its
    errors and values kept (and alone, for a small screen)."""
    task = get_thread_for_user(request.user, task_pk)
    units, people = mention_candidates(task)
    people = [person for person in people if person.pk != request.user.pk]
    form = PostForm(request.POST or None, request.FILES or None, units=units, people=people)
    if request.method == "POST" and form.is_valid():
        mentioned_units, mentioned_people = form.mentioned()
        try:
            post = services.post_create(
                task=task, text=form.cleaned_data["text"], by=request.user, units=mentioned_units,
                people=mentioned_people, uploads=form.cleaned_data["attachments"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your message was posted."))
            return redirect(post)
    return render(request, "discussions/post_form.html", {"task": task, "form": form})


def post_edit(request, pk):
    post = get_post_for_user(request.user, pk, to_edit=True)
    form = PostEditForm(request.POST or None, initial={"text": post.text, "lock_version": post.lock_version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_edit(
                post=post, text=form.cleaned_data["text"], expected_version=form.cleaned_data["lock_version"],
                by=request.user,
            )
        except EditConflict as exc:
            conflict = exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your message was corrected."))
            return redirect(post)
    return render(request, "discussions/post_edit.html", {"post": post, "form": form, "conflict": conflict})


@require_POST
def post_withdraw(request, pk):
    post = get_post_for_user(request.user, pk, to_withdraw=True)
    try:
        post = services.post_withdraw(post=post, by=request.user)
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, _("Your message was withdrawn."))
    return redirect(post)


def attachment_download(request, pk):
    return serve_document(get_post_attachment_for_user(request.user, pk), inline=wants_inline(request))
