"""Users, role grants, the audit log and login throttling.

core imports no other daihoi app: role grants point at an organization through Django's
lazy model reference ("organizations.Organization"), never through a Python import.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class AuditedUserManager(UserManager["User"]):
    """`daihoi createsuperuser` goes through Django's manager: make that write audited too."""

    def create_superuser(
        self,
        username: str,
        email: str | None = None,
        password: str | None = None,
        **extra_fields: Any,
    ) -> User:
        from daihoi.core.audit import append_entry  # audit imports this module

        with transaction.atomic():
            user = super().create_superuser(username, email, password, **extra_fields)
            append_entry(
                acting_user=None,
                action="user.create_superuser",
                object_type="user",
                object_id=user.pk,
                summary=f"Tạo quản trị viên {user.username}",
                after={"username": user.username, "is_superuser": True},
            )
        return user


class User(AbstractUser):
    """A person who logs in. Names are stored NFC (normalized in the actions)."""

    objects = AuditedUserManager()

    full_name = models.CharField(_("Họ và tên"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def display_name(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    """The roles of shared/DESIGN.md. The first and the last are granted on an organization
    (their scope is its subtree); the others are granted on one congress or one election by
    the apps that own those objects."""

    ORG_STAFF = "org_staff", _("Cán bộ Ban Tổ chức")
    SECRETARIAT = "secretariat", _("Tổ giúp việc đại hội")
    COUNTING = "counting", _("Ban kiểm phiếu")
    CREDENTIALS = "credentials", _("Ban thẩm tra tư cách đại biểu")
    DELEGATE = "delegate", _("Đại biểu / đảng viên")
    VIEWER = "viewer", _("Người xem")


ORGANIZATION_ROLES = (Role.ORG_STAFF, Role.VIEWER)


class RoleGrant(models.Model):
    """A role given to a user on an organization: the scope is that organization's subtree."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("Vai trò"), max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="role_grants"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organization"], name="unique_role_grant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization_id}"


class AuditEntry(models.Model):
    """One line of the append-only, hash-chained audit log.

    `entry_hash` = SHA-256 over the previous entry's hash and this entry's canonical JSON;
    `daihoi audit verify` recomputes the chain. Database triggers refuse UPDATE and DELETE.
    """

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise RuntimeError("Audit entries are append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise RuntimeError("Audit entries are append-only")


class AuditChainHead(models.Model):
    """A single row holding the last sequence number and hash; appends lock it so that
    concurrent writers form one chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)


class LoginFailure(models.Model):
    """A failed login, kept to throttle guessing (per username and per address)."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    SUCCEEDED = "succeeded", _("Hoàn thành")
    FAILED = "failed", _("Thất bại")


class Job(models.Model):
    """One piece of long work (an import, a report) run by a worker in the background.

    The row is the job's whole state, so that it survives a restart and its owner can leave
    the page and come back: progress (done of total), a Vietnamese message, and where the
    result is (a page, or a file under DAIHOI_JOBS_DIR). Only the owner (and a superuser)
    sees it. The work a job does goes through the apps' actions and is audited there; the
    job row itself is bookkeeping, like a session (docs/decisions/0010-background-jobs.md).
    """

    ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)

    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("Người tạo")
    )
    kind = models.CharField(_("Loại"), max_length=60)
    title = models.CharField(_("Tên công việc"), max_length=300)
    params = models.JSONField(_("Tham số"), default=dict)
    status = models.CharField(
        _("Trạng thái"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveBigIntegerField(_("Đã xong"), default=0)
    total = models.PositiveBigIntegerField(_("Tổng"), default=0)  # 0: not known yet
    message = models.CharField(_("Thông báo"), max_length=1000, blank=True)
    # The result: a page to open (e.g. the tree after an import) and/or a file to download
    # (a path relative to DAIHOI_JOBS_DIR, and the name the browser saves it under).
    result_url = models.CharField(_("Trang kết quả"), max_length=500, blank=True)
    result_file = models.CharField(_("Tệp kết quả"), max_length=500, blank=True)
    result_name = models.CharField(_("Tên tệp"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("Bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("Xong lúc"), null=True, blank=True)
    # The worker running it ("host:pid:token") and when that worker last showed signs of
    # life: a running job whose worker is gone is marked failed (worker.py).
    worker = models.CharField(max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("công việc")
        verbose_name_plural = _("công việc")
        indexes = [
            models.Index(fields=["status", "id"], name="job_status_idx"),
            models.Index(fields=["owner", "-id"], name="job_owner_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def percent(self) -> int:
        """Whole percent done (floor, so 100 only when everything is done)."""
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)
