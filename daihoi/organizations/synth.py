"""A seeded generator of realistic Party hierarchies, for benchmarks and `daihoi synth`.

    synth_rows("national", seed=1)  # ≈325,000 rows: the whole Party
    synth_rows("province", seed=1)  # one provincial committee (≈10,000 rows)
    synth_rows("city", seed=1)      # one upper-base committee with 46 base organizations

Rows come parents first, in depth-first order (every subtree is a contiguous run, as in a
file sorted by code), ready for `actions.insert_organizations`. The same scale and seed give
the same rows, on every machine.

Shape of the national tree (the figures of the 2025–2030 round, rounded): the Central root;
40 committees under it (34 provinces and cities after the 2025 merger, and 6 central blocs:
army, police, the central party agencies, the government, the National Assembly, the Front);
≈3,300 upper-base committees (mostly the new commune and ward committees); ≈52,000 base
organizations, each a đảng bộ cơ sở with its cells or a chi bộ cơ sở; ≈270,000 cells, some
under sub-committees (đảng bộ bộ phận); ≈5.6 million members. Members are registered at cells
and chi bộ cơ sở only: every committee carries 0, its figures are the sum of its subtree.

Codes read as the path: T07 (province 7), T07-H0012 (its 12th upper-base committee),
T07-H0012-C0034 (a base organization), …-B02 (a sub-committee), …-CB05 (a cell).
The commune counts per province are approximations used as weights; names are made up
from common Vietnamese place syllables and do not describe real units.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from daihoi.organizations.actions import NewOrganization
from daihoi.organizations.models import Level, OrganizationForm, OrganizationKind

SCALES = ("national", "province", "city")

CENTRAL_CODE = "TW"
CENTRAL_NAME = "Ban Chấp hành Trung ương Đảng Cộng sản Việt Nam"

# (name, approximate number of communes and wards since 1/7/2025): weights only.
PROVINCES: tuple[tuple[str, int], ...] = (
    ("thành phố Hà Nội", 126),
    ("thành phố Huế", 40),
    ("tỉnh Lai Châu", 38),
    ("tỉnh Điện Biên", 45),
    ("tỉnh Sơn La", 75),
    ("tỉnh Lạng Sơn", 65),
    ("tỉnh Quảng Ninh", 54),
    ("tỉnh Thanh Hóa", 166),
    ("tỉnh Nghệ An", 130),
    ("tỉnh Hà Tĩnh", 69),
    ("tỉnh Cao Bằng", 56),
    ("tỉnh Tuyên Quang", 124),
    ("tỉnh Lào Cai", 99),
    ("tỉnh Thái Nguyên", 92),
    ("tỉnh Phú Thọ", 148),
    ("tỉnh Bắc Ninh", 99),
    ("tỉnh Hưng Yên", 104),
    ("thành phố Hải Phòng", 114),
    ("tỉnh Ninh Bình", 129),
    ("tỉnh Quảng Trị", 78),
    ("thành phố Đà Nẵng", 94),
    ("tỉnh Quảng Ngãi", 96),
    ("tỉnh Gia Lai", 135),
    ("tỉnh Khánh Hòa", 65),
    ("tỉnh Lâm Đồng", 124),
    ("tỉnh Đắk Lắk", 102),
    ("thành phố Hồ Chí Minh", 168),
    ("tỉnh Đồng Nai", 95),
    ("tỉnh Tây Ninh", 96),
    ("thành phố Cần Thơ", 103),
    ("tỉnh Vĩnh Long", 124),
    ("tỉnh Đồng Tháp", 102),
    ("tỉnh Cà Mau", 64),
    ("tỉnh An Giang", 102),
)

# The central blocs: (name, kind, their upper-base committees; numbered ones fill the count).
BLOCS: tuple[tuple[str, str, tuple[str, ...], int], ...] = (
    (
        "Đảng bộ Quân đội",
        OrganizationKind.ARMY,
        (
            "Quân khu 1",
            "Quân khu 2",
            "Quân khu 3",
            "Quân khu 4",
            "Quân khu 5",
            "Quân khu 7",
            "Quân khu 9",
            "Bộ Tư lệnh Thủ đô Hà Nội",
            "Quân chủng Phòng không - Không quân",
            "Quân chủng Hải quân",
            "Bộ đội Biên phòng",
            "Cảnh sát biển Việt Nam",
            "Binh chủng Pháo binh",
            "Binh chủng Công binh",
            "Binh chủng Tăng thiết giáp",
            "Binh chủng Thông tin liên lạc",
            "Binh chủng Đặc công",
            "Binh chủng Hóa học",
            "Học viện Quốc phòng",
            "Tập đoàn Công nghiệp - Viễn thông Quân đội",
        ),
        30,
    ),
    (
        "Đảng bộ Công an Trung ương",
        OrganizationKind.POLICE,
        (
            "Bộ Tư lệnh Cảnh sát cơ động",
            "Học viện An ninh nhân dân",
            "Học viện Cảnh sát nhân dân",
            "Cục Cảnh sát giao thông",
            "Cục Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
            "Cục Quản lý xuất nhập cảnh",
            "Bệnh viện 19-8",
        ),
        25,
    ),
    (
        "Đảng bộ các cơ quan Đảng Trung ương",
        OrganizationKind.AGENCY,
        (
            "Văn phòng Trung ương Đảng",
            "Ban Tổ chức Trung ương",
            "Ban Tuyên giáo và Dân vận Trung ương",
            "Ủy ban Kiểm tra Trung ương",
            "Ban Nội chính Trung ương",
            "Ban Chính sách, chiến lược Trung ương",
            "Ban Đối ngoại Trung ương",
            "Học viện Chính trị quốc gia Hồ Chí Minh",
            "Báo Nhân Dân",
            "Tạp chí Cộng sản",
        ),
        10,
    ),
    (
        "Đảng bộ Chính phủ",
        OrganizationKind.AGENCY,
        (
            "Bộ Tài chính",
            "Bộ Công Thương",
            "Bộ Nông nghiệp và Môi trường",
            "Bộ Xây dựng",
            "Bộ Giáo dục và Đào tạo",
            "Bộ Y tế",
            "Bộ Khoa học và Công nghệ",
            "Bộ Nội vụ",
            "Bộ Tư pháp",
            "Bộ Ngoại giao",
            "Bộ Văn hóa, Thể thao và Du lịch",
            "Bộ Dân tộc và Tôn giáo",
            "Ngân hàng Nhà nước Việt Nam",
            "Thanh tra Chính phủ",
            "Tập đoàn Điện lực Việt Nam",
            "Tập đoàn Dầu khí Việt Nam",
            "Tập đoàn Công nghiệp Than - Khoáng sản Việt Nam",
            "Tập đoàn Bưu chính Viễn thông Việt Nam",
            "Tổng công ty Đường sắt Việt Nam",
            "Đài Truyền hình Việt Nam",
            "Thông tấn xã Việt Nam",
            "Đại học Quốc gia Hà Nội",
            "Đại học Quốc gia Thành phố Hồ Chí Minh",
        ),
        25,
    ),
    (
        "Đảng bộ Quốc hội",
        OrganizationKind.AGENCY,
        ("Văn phòng Quốc hội", "Kiểm toán Nhà nước", "Văn phòng Chủ tịch nước"),
        3,
    ),
    (
        "Đảng bộ Mặt trận Tổ quốc, các đoàn thể Trung ương",
        OrganizationKind.AGENCY,
        (
            "Cơ quan Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
            "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh",
            "Tổng Liên đoàn Lao động Việt Nam",
            "Trung ương Hội Liên hiệp Phụ nữ Việt Nam",
            "Trung ương Hội Nông dân Việt Nam",
        ),
        5,
    ),
)

# Committees of the province's own agencies, standing beside the commune committees.
PROVINCE_AGENCIES: tuple[tuple[str, str], ...] = (
    ("Đảng bộ các cơ quan Đảng {p}", OrganizationKind.AGENCY),
    ("Đảng bộ Ủy ban nhân dân {p}", OrganizationKind.AGENCY),
    ("Đảng bộ Quân sự {p}", OrganizationKind.ARMY),
    ("Đảng bộ Công an {p}", OrganizationKind.POLICE),
)

SYLLABLES = ["An", "Bình", "Hòa", "Tân", "Phú", "Thạnh", "Long", "Phước", "Hưng", "Đông", "Tây", "Nam", "Bắc", "Trung", "Thịnh", "Xuân", "Hải", "Sơn", "Thủy", "Lâm", "Quang", "Minh", "Đức", "Thành", "Vĩnh", "Yên", "Hiệp", "Lộc", "Mỹ", "Hồng", "Kim", "Ngọc", "Cẩm", "Thái", "Hà", "Gia", "Lạc", "Thuận", "Phong", "Tiến", "Hợp", "Nghĩa", "Lợi", "Định", "Khánh", "Châu", "Điền", "Hạnh", "Phúc", "Lương", "Thọ", "Trường", "Cao", "Đồng", "Kiến", "Quảng", "Vân", "Tường", "Thắng", "Hạ", "Thượng", "Tiên", "Trà", "Lĩnh", "Mai", "Liên", "Tú", "Cường", "Dương"]
PEOPLE = (
    "Trần Hưng Đạo",
    "Lê Quý Đôn",
    "Nguyễn Du",
    "Nguyễn Trãi",
    "Chu Văn An",
    "Lê Lợi",
    "Quang Trung",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Võ Thị Sáu",
    "Phan Bội Châu",
    "Nguyễn Thị Minh Khai",
    "Hoàng Văn Thụ",
    "Ngô Quyền",
    "Trần Phú",
    "Lê Hồng Phong",
)

# Base organizations other than villages: (kind, name pattern); {x} = place, {p} = person.
BASE_UNITS: tuple[tuple[str, str], ...] = (
    (OrganizationKind.AGENCY, "Cơ quan Ủy ban nhân dân {u} {x}"),
    (OrganizationKind.AGENCY, "Cơ quan Đảng, Mặt trận và các đoàn thể {u} {x}"),
    (OrganizationKind.AGENCY, "Thuế cơ sở {x}"),
    (OrganizationKind.AGENCY, "Kho bạc Nhà nước khu vực {x}"),
    (OrganizationKind.AGENCY, "Tòa án nhân dân khu vực {x}"),
    (OrganizationKind.AGENCY, "Viện Kiểm sát nhân dân khu vực {x}"),
    (OrganizationKind.AGENCY, "Hạt Kiểm lâm {x}"),
    (OrganizationKind.PUBLIC_SERVICE, "Trường Mầm non {x}"),
    (OrganizationKind.PUBLIC_SERVICE, "Trường Tiểu học {x}"),
    (OrganizationKind.PUBLIC_SERVICE, "Trường Trung học cơ sở {x}"),
    (OrganizationKind.PUBLIC_SERVICE, "Trường Trung học phổ thông {p}"),
    (OrganizationKind.PUBLIC_SERVICE, "Trạm Y tế {u} {x}"),
    (OrganizationKind.PUBLIC_SERVICE, "Trung tâm Y tế khu vực {x}"),
    (OrganizationKind.PUBLIC_SERVICE, "Bệnh viện Đa khoa khu vực {x}"),
    (OrganizationKind.ENTERPRISE, "Công ty Cổ phần {x}"),
    (OrganizationKind.ENTERPRISE, "Công ty TNHH Một thành viên {x}"),
    (OrganizationKind.ENTERPRISE, "Hợp tác xã Nông nghiệp {x}"),
    (OrganizationKind.ENTERPRISE, "Ngân hàng Nông nghiệp chi nhánh {x}"),
    (OrganizationKind.ENTERPRISE, "Điện lực {x}"),
    (OrganizationKind.POLICE, "Công an {u} {x}"),
    (OrganizationKind.ARMY, "Ban Chỉ huy Quân sự {u} {x}"),
)
# Cells of a non-territorial base, by kind; "{n}" is numbered.
CELL_UNITS: dict[str, tuple[str, ...]] = {
    OrganizationKind.AGENCY: (
        "Văn phòng",
        "Phòng Kinh tế",
        "Phòng Văn hóa - Xã hội",
        "Phòng Tài chính - Kế hoạch",
        "Phòng Tổ chức - Hành chính",
        "Phòng Nghiệp vụ {n}",
        "Đội công tác số {n}",
    ),
    OrganizationKind.PUBLIC_SERVICE: (
        "Tổ Toán - Tin",
        "Tổ Ngữ văn",
        "Tổ Khoa học tự nhiên",
        "Tổ Khoa học xã hội",
        "Khoa Nội",
        "Khoa Ngoại",
        "Khoa Khám bệnh",
        "Phòng Hành chính - Quản trị",
        "Khối giáo viên {n}",
    ),
    OrganizationKind.ENTERPRISE: (
        "Phân xưởng {n}",
        "Phòng Kỹ thuật",
        "Phòng Kinh doanh",
        "Phòng Kế toán",
        "Đội sản xuất số {n}",
        "Công trường {n}",
    ),
    OrganizationKind.ARMY: ("Đại đội {n}", "Tiểu đoàn {n}", "Cơ quan Ban Chỉ huy"),
    OrganizationKind.POLICE: (
        "Đội An ninh",
        "Đội Cảnh sát giao thông",
        "Đội Tham mưu",
        "Đội Cảnh sát hình sự",
        "Trạm công tác số {n}",
    ),
    OrganizationKind.TERRITORIAL: ("thôn {x}", "xóm {x}", "tổ dân phố số {n}", "ấp {x}"),
}
VILLAGES = ("thôn {x}", "tổ dân phố {x}", "ấp {x}", "bản {x}", "khu phố {n}")


@dataclass(frozen=True)
class Shape:
    """Sizes that set the scale; means chosen so the national tree lands on the targets."""

    upper_base_total: int  # all upper-base committees in the national tree
    bases_per_commune: tuple[int, int]
    bases_per_agency_committee: tuple[int, int]
    bases_under_province: tuple[int, int]


NATIONAL = Shape(
    upper_base_total=3300,
    bases_per_commune=(7, 21),
    bases_per_agency_committee=(24, 52),
    bases_under_province=(5, 15),
)


class _Gen:
    """Holds the random stream and the output list; each method appends one subtree."""

    def __init__(self, seed: int, shape: Shape = NATIONAL) -> None:
        self.rng = random.Random(seed)
        self.shape = shape
        self.rows: list[NewOrganization] = []

    # --- helpers -------------------------------------------------------------------------
    def place(self) -> str:
        a, b = self.rng.sample(SYLLABLES, 2)
        return f"{a} {b}"

    def add(
        self,
        code: str,
        name: str,
        level: int,
        kind: str,
        parent: str | None,
        *,
        form: str = OrganizationForm.DANG_BO,
        members: int = 0,
    ) -> None:
        probationary = self.probationary(members)
        self.rows.append(
            NewOrganization(
                code=code,
                name=name,
                level=level,
                kind=kind,
                form=form,
                official_members=members - probationary,
                probationary_members=probationary,
                parent_code=parent,
            )
        )

    def probationary(self, members: int) -> int:
        """About 4% of members are probationary (admitted in the last 12 months)."""
        if members < 5:
            return 0
        return self.rng.randint(0, members // 12)

    def labels(self, pool: Sequence[str], count: int) -> list[str]:
        """`count` distinct labels drawn from the pool, numbered once it runs out."""
        order = list(pool)
        self.rng.shuffle(order)
        out = []
        for i in range(count):
            pattern = order[i % len(order)]
            label = pattern.format(n=i + 1, x=self.place())
            if i >= len(order) and "{" not in pattern:
                label = f"{label} {i // len(order) + 1}"
            out.append(label)
        return out

    # --- levels --------------------------------------------------------------------------
    def central(self) -> None:
        self.add(CENTRAL_CODE, CENTRAL_NAME, Level.CENTRAL, OrganizationKind.TERRITORIAL, None)
        weights = sum(w for _, w in PROVINCES)
        agency_committees = len(PROVINCES) * len(PROVINCE_AGENCIES) + sum(b[3] for b in BLOCS)
        communes_per_weight = (self.shape.upper_base_total - agency_committees) / weights
        number = 0
        for name, weight in PROVINCES:
            number += 1
            self.province(f"T{number:02d}", name, round(weight * communes_per_weight), CENTRAL_CODE)
        for name, kind, committees, count in BLOCS:
            number += 1
            self.bloc(f"T{number:02d}", name, kind, committees, count)

    def province(self, code: str, name: str, communes: int, parent: str | None) -> None:
        self.add(code, f"Đảng bộ {name}", Level.PROVINCIAL, OrganizationKind.TERRITORIAL, parent)
        short = "thành phố" if name.startswith("thành phố") else "tỉnh"
        number = 0
        for pattern, kind in PROVINCE_AGENCIES:
            number += 1
            self.committee(
                f"{code}-H{number:04d}",
                pattern.format(p=short),
                kind,
                code,
                self.rng.randint(*self.shape.bases_per_agency_committee),
            )
        ward_share = 0.5 if short == "thành phố" else 0.2
        names = self.distinct_places(communes)
        for place in names:
            number += 1
            unit = "phường" if self.rng.random() < ward_share else "xã"
            self.commune(f"{code}-H{number:04d}", f"{unit} {place}", code)
        for i in range(1, self.rng.randint(*self.shape.bases_under_province) + 1):
            self.base(f"{code}-C{i:04d}", code, "tỉnh")

    def distinct_places(self, count: int) -> list[str]:
        seen: set[str] = set()
        out: list[str] = []
        while len(out) < count:
            place = self.place()
            if place not in seen:
                seen.add(place)
                out.append(place)
        return out

    def bloc(self, code: str, name: str, kind: str, committees: Sequence[str], count: int) -> None:
        self.add(code, name, Level.PROVINCIAL, kind, CENTRAL_CODE)
        names = list(committees) + [
            f"Cục nghiệp vụ số {i}" for i in range(1, count - len(committees) + 1)
        ]
        for i, unit in enumerate(names[:count], start=1):
            self.committee(
                f"{code}-H{i:04d}",
                f"Đảng bộ {unit}",
                kind,
                code,
                self.rng.randint(*self.shape.bases_per_agency_committee),
            )

    def committee(self, code: str, name: str, kind: str, parent: str, bases: int) -> None:
        """An upper-base committee of agencies, army or police: base units of its own kind."""
        self.add(code, name, Level.UPPER_BASE, kind, parent)
        for i in range(1, bases + 1):
            self.base(f"{code}-C{i:04d}", code, "", kind=kind)

    def commune(self, code: str, name: str, parent: str) -> None:
        self.add(code, f"Đảng bộ {name}", Level.UPPER_BASE, OrganizationKind.TERRITORIAL, parent)
        unit = name.split(" ", 1)[0]
        for i in range(1, self.rng.randint(*self.shape.bases_per_commune) + 1):
            base_code = f"{code}-C{i:04d}"
            if self.rng.random() < 0.45:
                self.village(base_code, code)
            else:
                self.base(base_code, code, unit)

    def village(self, code: str, parent: str) -> None:
        """A village or residential quarter: mostly a chi bộ cơ sở, the big ones a đảng bộ."""
        label = self.rng.choice(VILLAGES).format(x=self.place(), n=self.rng.randint(1, 12))
        if self.rng.random() < 0.7:
            self.add(
                code,
                f"Chi bộ {label}",
                Level.BASE,
                OrganizationKind.TERRITORIAL,
                parent,
                form=OrganizationForm.CHI_BO,
                members=self.rng.randint(12, 45),
            )
            return
        self.add(code, f"Đảng bộ {label}", Level.BASE, OrganizationKind.TERRITORIAL, parent)
        self.cells(code, OrganizationKind.TERRITORIAL, self.rng.randint(4, 12))

    def base(self, code: str, parent: str, unit: str, *, kind: str | None = None) -> None:
        """A base organization of an agency, school, hospital, firm, police or army unit.
        Fewer than 30 members → chi bộ cơ sở; 30 or more → đảng bộ cơ sở with cells
        (Charter Art. 21)."""
        candidates = [u for u in BASE_UNITS if kind is None or u[0] == kind] or list(BASE_UNITS)
        unit_kind, pattern = self.rng.choice(candidates)
        label = pattern.format(u=unit or "khu vực", x=self.place(), p=self.rng.choice(PEOPLE))
        label = label.replace("khu vực khu vực", "khu vực")
        if self.rng.random() < 0.42:
            self.add(
                code,
                f"Chi bộ {label}",
                Level.BASE,
                unit_kind,
                parent,
                form=OrganizationForm.CHI_BO,
                members=self.rng.randint(5, 29),
            )
            return
        self.add(code, f"Đảng bộ {label}", Level.BASE, unit_kind, parent)
        cells = self.rng.randint(4, 19)
        if cells >= 12 and self.rng.random() < 0.15:
            self.with_sub_committees(code, unit_kind, cells)
        else:
            self.cells(code, unit_kind, cells)

    def with_sub_committees(self, code: str, kind: str, cells: int) -> None:
        """A big base committee: its cells grouped under sub-committees (đảng bộ bộ phận),
        a few left directly under it."""
        groups = self.rng.randint(2, 5)
        labels = self.labels(CELL_UNITS[kind], groups)
        for i, label in enumerate(labels, start=1):
            sub_code = f"{code}-B{i:02d}"
            self.add(sub_code, f"Đảng bộ bộ phận {label}", Level.SUB_BASE, kind, code)
            self.cells(sub_code, kind, self.rng.randint(3, 8))
        self.cells(code, kind, max(0, cells - 4 * groups))

    def city(self, code: str, name: str, bases: int) -> None:
        """A city committee of the former kind (as in the seeds' reports): its wards and
        communes are base committees with residential cells, then agencies and firms."""
        self.add(code, name, Level.UPPER_BASE, OrganizationKind.TERRITORIAL, None)
        wards = 10
        for i, place in enumerate(self.distinct_places(wards), start=1):
            ward_code = f"{code}-C{i:04d}"
            unit = "phường" if i < wards else "xã"
            self.add(
                ward_code, f"Đảng bộ {unit} {place}", Level.BASE, OrganizationKind.TERRITORIAL, code
            )
            self.cells(ward_code, OrganizationKind.TERRITORIAL, self.rng.randint(9, 16))
        for i in range(wards + 1, bases + 1):
            self.base(f"{code}-C{i:04d}", code, "")

    def cells(self, parent: str, kind: str, count: int) -> None:
        low, high = (12, 42) if kind == OrganizationKind.TERRITORIAL else (5, 29)
        for i, label in enumerate(self.labels(CELL_UNITS[kind], count), start=1):
            self.add(
                f"{parent}-CB{i:02d}",
                f"Chi bộ {label}",
                Level.CELL,
                kind,
                parent,
                form=OrganizationForm.CHI_BO,
                members=self.rng.randint(low, high),
            )


def synth_rows(scale: str, seed: int) -> list[NewOrganization]:
    """The rows of a generated hierarchy, parents first; same (scale, seed) → same rows."""
    builders: dict[str, Callable[[_Gen], None]] = {
        "national": lambda g: g.central(),
        # One mid-sized province (≈120 commune committees) as the root of its own tree.
        "province": lambda g: g.province("T01", "tỉnh Bình Sơn", 120, None),
        # One upper-base committee with 46 base organizations, like the demo's city.
        "city": lambda g: g.city("T01-H0001", "Đảng bộ thành phố Yên Hà", 46),
    }
    if scale not in builders:
        raise ValueError(f"unknown scale {scale!r}: choose one of {', '.join(SCALES)}")
    gen = _Gen(seed)
    builders[scale](gen)
    return gen.rows


@dataclass(frozen=True)
class Summary:
    units_by_level: dict[int, int]
    official_members: int
    probationary_members: int

    @property
    def members(self) -> int:
        return self.official_members + self.probationary_members


def summarize(rows: Sequence[NewOrganization]) -> Summary:
    """Units per level and member totals of generated rows (for printing)."""
    by_level: dict[int, int] = {int(level): 0 for level in Level}
    official = probationary = 0
    for row in rows:
        by_level[int(row.level)] += 1
        official += row.official_members
        probationary += row.probationary_members
    return Summary(by_level, official, probationary)
