"""Which organization a report may be made for: the user's scope decides, and an
organization outside it answers exactly like a missing one (forbidden == missing)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from daihoi.core.models import User
from daihoi.organizations import access as org_access
from daihoi.organizations.models import Organization


class ReportScopeError(Exception):
    """Why no report can be made (a Vietnamese message for the command line)."""


def organization_for_command(user: User | None, code: str | None) -> Organization:
    """The organization named by `code` — or, without a code, the top of the database (the
    top of the user's scope with --as) — if `user` may see it; None acts as the system."""
    if code is None:
        tops = list(
            Organization.objects.filter(parent__isnull=True).order_by("code")
            if user is None
            else org_access.top_organizations_for(user)
        )
        if len(tops) != 1:
            if not tops:
                raise ReportScopeError(_("Không có tổ chức nào để lập báo cáo."))
            codes = ", ".join(o.code for o in tops)
            raise ReportScopeError(
                _("Có nhiều tổ chức cấp cao nhất (%(codes)s): hãy ghi mã tổ chức.")
                % {"codes": codes}
            )
        return tops[0]
    org = Organization.objects.filter(code=code).first()
    if org is None or (user is not None and not org_access.can_view(user, org)):
        raise ReportScopeError(_("Không tìm thấy tổ chức có mã “%(code)s”.") % {"code": code})
    return org
