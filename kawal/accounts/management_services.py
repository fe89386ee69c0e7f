"""Setting up a deployment: the pemda it serves and the users who work in it."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from kawal.accounts.models import Role, User
from kawal.accounts.services import audit_record
from kawal.regions.models import Pemda, Region


class SetupError(ValueError):
    """A setup request that cannot be carried out; the message is for the operator."""


@transaction.atomic
def pemda_add(*, code: str, name: str, dinas_name: str = "") -> Pemda:
    """Register a kabupaten/kota or province (current Kemendagri code) as a pemda served here."""
    code = code.replace(".", "")
    region = Region.objects.filter(
        code=code, valid_to=None, level__in=["province", "regency"]
    ).first()
    if region is None:
        raise SetupError(
            _("Kode %(code)s bukan provinsi atau kabupaten/kota yang berlaku.") % {"code": code}
        )
    pemda, created = Pemda.objects.get_or_create(
        region=region, defaults={"name": name, "dinas_name": dinas_name}
    )
    if created:
        audit_record(
            actor=None,
            action="pemda.add",
            object_type="pemda",
            object_id=pemda.pk,
            pemda_id=pemda.pk,
            changes={"region": [None, code], "name": [None, name]},
        )
    return pemda


@transaction.atomic
def user_add(
    *,
    username: str,
    password: str,
    role: str,
    pemda_code: str,
    region_code: str | None = None,
    full_name: str = "",
    actor: User | None = None,
) -> User:
    """Create a user with a role in one pemda; village and kecamatan roles need their region."""
    if role not in Role.values:
        raise SetupError(
            _("Peran tidak dikenal: %(role)s. Pilih: %(roles)s")
            % {"role": role, "roles": ", ".join(Role.values)}
        )
    pemda = Pemda.objects.filter(region_id=pemda_code.replace(".", "")).first()
    if pemda is None:
        raise SetupError(
            _("Pemda %(code)s belum didaftarkan (kawal pemda add).") % {"code": pemda_code}
        )
    region = None
    wanted = {Role.VILLAGE_OPERATOR: "village", Role.DISTRICT_VERIFIER: "district"}.get(role)
    if wanted:
        code = (region_code or "").replace(".", "")
        region = Region.objects.filter(
            code=code, level=wanted, valid_to=None, code__startswith=pemda.region_id
        ).first()
        if region is None:
            raise SetupError(
                _("Peran ini perlu desa/kelurahan atau kecamatan yang berlaku di pemda ini.")
            )
    if User.objects.filter(username=username).exists():
        raise SetupError(_("Nama pengguna %(username)s sudah dipakai.") % {"username": username})
    user = User(
        username=username, role=role, pemda=pemda, scope_region=region, first_name=full_name
    )
    user.set_password(password)
    user.save()
    audit_record(
        actor=actor,
        action="user.add",
        object_type="user",
        object_id=user.pk,
        pemda_id=pemda.pk,
        changes={"role": [None, role], "region": [None, region.code if region else None]},
    )
    return user


@transaction.atomic
def user_set_active(*, actor: User, user_id: int, active: bool) -> User:
    """Let the Dinas admin switch a colleague's account on or off (never their own)."""
    user = User.objects.filter(pk=user_id, pemda_id=actor.pemda_id).first()
    if actor.role != Role.DINAS_ADMIN or user is None:
        raise SetupError(_("Pengguna tidak ditemukan di pemda Anda."))
    if user.pk == actor.pk:
        raise SetupError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="user.activate" if active else "user.deactivate",
            object_type="user",
            object_id=user.pk,
            pemda_id=user.pemda_id,
            changes={"is_active": [not active, active]},
        )
    return user
