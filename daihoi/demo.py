"""The demo dataset: a city party committee modelled on shared/seeds/, with demo logins.

Each app contributes its own part (organizations.demo builds the hierarchy); this module
only orders them and creates the people who log in.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from daihoi.congresses import demo as congresses_demo
from daihoi.congresses.directives import ensure_directives
from daihoi.core import actions as core_actions
from daihoi.core.models import Role, User
from daihoi.delegates import demo as delegates_demo
from daihoi.elections import demo as elections_demo
from daihoi.organizations import demo as organizations_demo
from daihoi.organizations.models import Level, Organization

DEMO_PASSWORD = "daihoi-demo-2025"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    description: str


def demo_logins() -> list[DemoLogin]:
    return [
        DemoLogin("admin", DEMO_PASSWORD, "quản trị, toàn bộ dữ liệu"),
        DemoLogin("bantochuc", DEMO_PASSWORD, "Ban Tổ chức Thành ủy, toàn thành phố"),
        DemoLogin("phuong", DEMO_PASSWORD, "Ban Tổ chức một đảng bộ phường"),
        DemoLogin("xem", DEMO_PASSWORD, "chỉ xem, toàn thành phố"),
        DemoLogin("truongban", DEMO_PASSWORD, "Trưởng Ban kiểm phiếu, Đại hội Thành phố"),
        DemoLogin("may1", DEMO_PASSWORD, "người nhập phiếu 1 (cũng may2, may3)"),
        DemoLogin(
            "thamtra", DEMO_PASSWORD, "Trưởng Ban Thẩm tra tư cách đại biểu, Đại hội Thành phố"
        ),
        DemoLogin(
            "letan", DEMO_PASSWORD, "Tổ giúp việc Đại hội Thành phố: thẻ đại biểu, điểm danh"
        ),
    ]


@transaction.atomic
def ensure_demo_dataset() -> list[DemoLogin]:
    """Load the demo data into an empty database; return the logins either way."""
    if not Organization.objects.exists() and not User.objects.exists():
        _load()
    return demo_logins()


def _load() -> None:
    ensure_directives()
    city = organizations_demo.build_demo_city(acting_user=None)
    ward = (
        Organization.objects.filter(parent=city, level=Level.BASE, form="dang_bo")
        .order_by("code")
        .first()
    )
    people = {
        "admin": ("Quản trị hệ thống", True, None, None),
        "bantochuc": ("Nguyễn Thị Hương", False, Role.ORG_STAFF, city),
        "phuong": ("Trần Văn Minh", False, Role.ORG_STAFF, ward),
        "xem": ("Lê Quang Huy", False, Role.VIEWER, city),
        # The city congress's credentials committee head and secretariat: their roles are on
        # the congress (daihoi/delegates/demo.py), not on an organization.
        "thamtra": ("Đặng Văn Thẩm", False, None, None),
        "letan": ("Lê Thị Tân", False, None, None),
    }
    for username, (full_name, is_superuser, role, organization) in people.items():
        user = core_actions.create_user(
            username,
            DEMO_PASSWORD,
            acting_user=None,
            full_name=full_name,
            is_superuser=is_superuser,
        )
        if role and organization:
            core_actions.grant_role(user, role, organization, acting_user=None)
    elections_demo.build_demo_elections(city)
    # Each base congress elected what the city congress's allocation allotted it.
    congresses_demo.build_demo_campaign(city, upper_seats=delegates_demo.allotted_seats(city))
