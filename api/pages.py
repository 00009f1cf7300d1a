"""The user's own access tokens page (/accounts/tokens/): create one (its secret is shown once),
see when each was last used, revoke one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_errors

from . import services
from .forms import TokenForm
from .models import PersonalAccessToken

NEW_SECRET = "api_new_token_secret"


def token_list(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.token_create(user=request.user, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            # Shown by the next page only (Post/Redirect/Get: a reload does not create a second token).
            request.session[NEW_SECRET] = secret
            messages.success(request, _("The token “%(name)s” was created. Copy it now: it is not shown again.") % {
                "name": token.name})
            return redirect("api:token_list")
    tokens = PersonalAccessToken.objects.filter(user=request.user).select_related("revoked_by")
    secret = request.session.pop(NEW_SECRET, None)
    return render(request, "api/token_list.html", {"form": form, "tokens": tokens, "secret": secret})


@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(PersonalAccessToken.objects.filter(user=request.user), pk=pk)
    services.token_revoke(token=token, by=request.user)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("api:token_list")
