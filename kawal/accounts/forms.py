"""Sign-in with throttling: too many failures for one username lock it for a while."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from kawal.accounts.services import (
    client_ip,
    login_failure_record,
    login_failures_clear,
    login_is_locked,
)


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Nama pengguna atau kata sandi salah."),
        "locked": _("Terlalu banyak percobaan gagal. Coba lagi beberapa menit lagi."),
    }

    def clean(self) -> dict[str, Any]:
        username = (self.cleaned_data.get("username") or "").strip()
        ip = client_ip(self.request) if self.request else None
        if username and login_is_locked(username=username, ip_address=ip):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                login_failure_record(username=username, ip_address=ip)
            raise
        login_failures_clear(username=username)
        return cleaned
