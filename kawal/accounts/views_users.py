"""User management for the Dinas admin: who works in the pemda, with which role and region."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kawal.accounts.management_services import SetupError, user_add, user_set_active
from kawal.accounts.models import Role, User
from kawal.regions.models import Region


class UserCreateForm(forms.Form):
    username = forms.CharField(
        label=gettext_lazy("Nama pengguna"), max_length=150, validators=[UnicodeUsernameValidator()]
    )
    full_name = forms.CharField(label=gettext_lazy("Nama lengkap"), max_length=150)
    role = forms.ChoiceField(label=gettext_lazy("Peran"), choices=Role.choices)
    region = forms.ChoiceField(
        label=gettext_lazy("Wilayah kerja (untuk operator desa dan verifikator kecamatan)"),
        required=False,
    )
    password = forms.CharField(label=gettext_lazy("Kata sandi awal"), widget=forms.PasswordInput)

    def __init__(self, *args: object, pemda_code: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        regions = Region.objects.filter(
            code__startswith=pemda_code, level__in=["district", "village"], valid_to=None
        ).select_related("parent")
        self.fields["region"].choices = [("", "—")] + [
            (
                r.code,
                f"{_('Kec.')} {r.name}"
                if r.level == "district"
                else f"{r.parent.name} — {r.label}",
            )
            for r in sorted(regions, key=lambda r: r.code)
        ]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        validate_password(password)
        return password


def _is_admin(user: User) -> bool:
    return user.role == Role.DINAS_ADMIN and user.pemda_id is not None


def user_list(request: HttpRequest) -> HttpResponse:
    if not _is_admin(request.user):
        return HttpResponseForbidden(_("Halaman ini hanya untuk admin Dinas."))
    pemda_code = request.user.pemda.region_id
    form = UserCreateForm(request.POST or None, pemda_code=pemda_code)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = user_add(
                username=data["username"],
                password=data["password"],
                role=data["role"],
                pemda_code=pemda_code,
                region_code=data["region"] or None,
                full_name=data["full_name"],
                actor=request.user,
            )
        except SetupError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Pengguna %(name)s dibuat.") % {"name": user.username})
            return redirect("accounts:users")
    users = User.objects.filter(pemda_id=request.user.pemda_id).select_related("scope_region")
    return render(
        request, "accounts/users.html", {"form": form, "users": users.order_by("username")}
    )


@require_POST
def user_toggle(request: HttpRequest, user_id: int) -> HttpResponse:
    if not _is_admin(request.user):
        return HttpResponseForbidden(_("Halaman ini hanya untuk admin Dinas."))
    try:
        user = user_set_active(
            actor=request.user, user_id=user_id, active=request.POST.get("active") == "1"
        )
    except SetupError as exc:
        messages.error(request, str(exc))
    else:
        state = _("diaktifkan") if user.is_active else _("dinonaktifkan")
        messages.success(
            request, _("Akun %(name)s %(state)s.") % {"name": user.username, "state": state}
        )
    return redirect("accounts:users")
