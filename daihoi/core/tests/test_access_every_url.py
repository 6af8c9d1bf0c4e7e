"""Access on every URL, generated from the URL resolver: new URLs are covered automatically.

For every named URL the registry URLS below says which objects its kwargs (and query
parameters) name and who may open it. Each URL is then requested by every actor of the
named test world against the objects of district A and of district B:

- whoever may not open it gets exactly the answer a missing object gets (404, same body),
  for GET and POST alike, and nothing is written;
- whoever may open it does not get 404 (admin sees everything, staff their own district);
- with several object kwargs, each one swapped for the other district's object (or a
  missing id) alone is enough for a 404;
- an anonymous visitor is sent to the login page from every URL except the public ones.

A URL missing from URLS fails test_every_url_is_in_the_registry, naming it. To cover it, add
one line: its kwargs → Side attributes (add an attribute to Side if it needs a new kind of
object) and `allowed`, the actors who may open it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from daihoi.core import actions as core_actions
from daihoi.core.models import AuditEntry, Role, RoleGrant, User

pytestmark = pytest.mark.django_db

MISSING = 987_654_321
LOGIN_URL = "/dang-nhap/"
# Open to everyone: the login page, the liveness probe and the language switch (static
# files are served by WhiteNoise before the URL resolver).
PUBLIC = {"core:login", "core:healthz", "set_language"}


# --- The resolver ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    kwargs: tuple[str, ...]


def _kwarg_names(pattern: Any) -> list[str]:
    return list(pattern.pattern.regex.groupindex)


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = "", kwargs=()) -> Iterator:
    for item in resolver.url_patterns:
        names = (*kwargs, *_kwarg_names(item))
        if isinstance(item, URLResolver):
            inner = ":".join(n for n in (namespace, item.namespace or "") if n)
            yield from _walk(item, prefix + str(item.pattern), inner, names)
        elif isinstance(item, URLPattern):
            name = ":".join(n for n in (namespace, item.name or "") if n)
            if not item.name:
                name = f"<unnamed {prefix}{item.pattern}>"
            yield Route(name, prefix + str(item.pattern), tuple(names))


def all_routes() -> list[Route]:
    return sorted(_walk(get_resolver()), key=lambda r: r.name)


# --- The objects of a district, made on first use -------------------------------------------


class Side:
    """District A or B of the named world, with objects of each kind inside it. The
    attributes named by URLS create their object when first asked for."""

    def __init__(self, world: Any, letter: str) -> None:
        self.world = world
        self.letter = letter
        self.other: Side

    @property
    def org(self) -> Any:
        return getattr(self.world, f"district_{self.letter}")

    @property
    def staff(self) -> User:
        return getattr(self.world, f"staff_{self.letter}")

    @cached_property
    def viewer(self) -> User:
        if self.letter == "a":
            return self.world.viewer_a
        viewer = core_actions.create_user("viewer_b", None, acting_user=None)
        core_actions.grant_role(viewer, Role.VIEWER, self.org, acting_user=None)
        return viewer

    @cached_property
    def grant(self) -> RoleGrant:
        """A role inside the district, held by someone other than its staff."""
        return RoleGrant.objects.get(user=self.viewer, organization=self.org)

    @cached_property
    def pending_import(self) -> Any:
        from daihoi.organizations.actions import create_pending_import

        code = f"{self.letter.upper()}9"
        parent = f"{self.letter.upper()}1"
        row = [2, code, "Chi bộ mới", "Chi bộ", parent, "10", "0", "", ""]
        return create_pending_import(
            owner=self.staff, file_name="to-chuc.xlsx", rows=[row], acting_user=self.staff
        )

    @cached_property
    def job(self) -> Any:
        """A finished background job of the district's staff, with its result file."""
        from daihoi.core.jobs import jobs_dir
        from daihoi.core.models import Job, JobStatus

        job = Job.objects.create(
            owner=self.staff,
            kind="reports.summary",
            title=f"Báo cáo tổng kết {self.org.name}",
            status=JobStatus.SUCCEEDED,
            message=f"Đã lập báo cáo của {self.org.name}.",
            result_name="bao-cao.docx",
        )
        (jobs_dir() / str(job.pk)).mkdir(parents=True, exist_ok=True)
        (jobs_dir() / str(job.pk) / "bao-cao.docx").write_bytes(b"docx")
        Job.objects.filter(pk=job.pk).update(result_file=f"{job.pk}/bao-cao.docx")
        job.refresh_from_db()
        return job

    @cached_property
    def congress(self) -> Any:
        import datetime as dt

        from daihoi.congresses.actions import create_congress
        from daihoi.congresses.models import CongressKind

        return create_congress(
            self.org,
            acting_user=self.staff,
            term="2025-2030",
            kind=CongressKind.DELEGATES,
            convened=40,
            ordinal=21,
            starts_on=dt.date(2025, 7, 15),
            place="Hội trường",
        )

    @cached_property
    def delegate(self) -> Any:
        from daihoi.delegates.actions.roster import PersonData, add_delegate

        name = {"a": "Nguyễn Văn Đại", "b": "Trần Thị Biểu"}[self.letter]
        return add_delegate(
            self.congress, PersonData(name), kind="ex_officio", acting_user=self.staff
        )

    @cached_property
    def session(self) -> Any:
        import datetime as dt

        from daihoi.delegates.actions.checkin import add_session

        return add_session(
            self.congress, kind="official", day=dt.date(2025, 7, 15), half="morning",
            acting_user=self.staff,
        )

    def _congress_staff(self, role: str) -> User:
        from daihoi.delegates.actions.staff import add_congress_staff

        user = core_actions.create_user(f"{role}_{self.letter}", None, acting_user=None)
        add_congress_staff(self.congress, user, role=role, acting_user=None)
        return user

    @cached_property
    def secretary(self) -> User:
        """The congress's secretariat (check-in desks, badges, roster)."""
        return self._congress_staff("secretariat")

    @cached_property
    def credentials(self) -> User:
        """A member of the congress's credentials committee."""
        return self._congress_staff("credentials")

    @cached_property
    def team(self) -> Any:
        from daihoi.elections.testing import make_team

        return make_team(prefix=f"{self.letter}_")

    @cached_property
    def election(self) -> Any:
        from daihoi.elections.testing import make_election

        names = {
            "a": ["Nguyễn Văn An", "Lê Thị Ánh", "Phạm Văn Âu", "Trần Thị Ấm"],
            "b": ["Bùi Văn Bê", "Đỗ Thị Bích", "Hồ Văn Bình", "Vũ Thị Bông"],
        }[self.letter]
        election, _ = make_election(self.congress, self.team, names, acting_user=self.staff)
        return election

    @cached_property
    def candidate(self) -> Any:
        return self.election.candidates.order_by("pk").first()

    @cached_property
    def round(self) -> Any:
        from daihoi.elections.testing import open_first_round

        return open_first_round(self.election, self.team)


# The people who request the URLs, relative to the side whose objects are requested.
ACTORS: dict[str, Callable[[Side], User]] = {
    "admin": lambda s: s.world.admin,
    "province": lambda s: s.world.staff_p,
    "staff": lambda s: s.staff,
    "viewer": lambda s: s.viewer,
    "other_staff": lambda s: s.other.staff,
    "outsider": lambda s: s.world.outsider,
    "head": lambda s: s.team.head,
    "member": lambda s: s.team.member,
    "typist": lambda s: s.team.typists[0],
    "other_head": lambda s: s.other.team.head,
    "other_typist": lambda s: s.other.team.typists[0],
    "secretary": lambda s: s.secretary,
    "credentials": lambda s: s.credentials,
    "other_secretary": lambda s: s.other.secretary,
}
ANYONE = frozenset(ACTORS)
VIEW = frozenset({"admin", "province", "staff", "viewer"})
MANAGE = frozenset({"admin", "province", "staff"})
OWNER = frozenset({"staff"})  # the side's staff made the object; nobody else sees it
OWNER_OR_ADMIN = OWNER | {"admin"}  # a background job: its owner's, and a superuser's
ELECTION_STAFF = frozenset({"head", "member", "typist"})
COMMITTEE = MANAGE | {"head", "member"}
DESK = MANAGE | {"secretary"}  # a congress's secretariat: roster, badges, check-in
CONGRESS_READ = VIEW | {"secretary", "credentials"}


@dataclass(frozen=True)
class Url:
    allowed: frozenset[str]
    kwargs: dict[str, str] = field(default_factory=dict)  # URL kwarg → Side attribute
    query: dict[str, str] = field(default_factory=dict)  # query parameter → Side attribute
    post: dict[str, str] = field(default_factory=dict)  # form data for an allowed POST
    # What an allowed user gets: a page for a GET; for a POST-only URL a redirect after the
    # action, or the form again with its errors (400) when `post` holds no valid data.
    ok: frozenset[int] = frozenset({200, 302, 400})
    # False when an allowed user still gets 404 unless the object is in a state the test
    # world does not build (the forbidden checks run all the same).
    reachable: bool = True


URLS: dict[str, Url] = {
    # core
    "core:home": Url(ANYONE),
    "core:logout": Url(ANYONE),
    # core: background jobs (the list shows the user's own only)
    "core:jobs": Url(ANYONE),
    "elections:mine": Url(ANYONE),
    "core:job": Url(OWNER_OR_ADMIN, {"pk": "job"}),
    "core:job_download": Url(OWNER_OR_ADMIN, {"pk": "job"}),
    # organizations
    "organizations:tree": Url(ANYONE),
    "organizations:search": Url(ANYONE),
    "organizations:detail": Url(VIEW, {"pk": "org"}),
    "organizations:children": Url(VIEW, {"pk": "org"}),
    "organizations:import": Url(MANAGE, query={"to_chuc": "org"}),
    "organizations:import_template": Url(MANAGE, query={"to_chuc": "org"}),
    "organizations:import_preview": Url(OWNER, {"pk": "pending_import"}),
    "organizations:import_errors": Url(OWNER, {"pk": "pending_import"}),
    "organizations:import_confirm": Url(OWNER, {"pk": "pending_import"}),
    "organizations:users": Url(MANAGE, {"pk": "org"}),
    "organizations:user_create": Url(MANAGE, {"pk": "org"}),
    "organizations:user_grant": Url(MANAGE, {"pk": "org"}),
    "organizations:user_revoke": Url(MANAGE, {"pk": "org", "grant_pk": "grant"}),
    # congresses
    "congresses:list": Url(VIEW, query={"to_chuc": "org"}),
    "congresses:create": Url(MANAGE, {"org_pk": "org"}),
    "congresses:detail": Url(VIEW, {"pk": "congress"}),
    "congresses:edit": Url(MANAGE, {"pk": "congress"}),
    # congresses: the campaign (approval: only the upper committee, never the unit itself)
    "congresses:plan": Url(VIEW, {"org_pk": "org"}),
    "congresses:plan_bulk": Url(MANAGE, {"org_pk": "org"}),
    "congresses:plan_import": Url(MANAGE, {"org_pk": "org"}),
    "congresses:plan_import_confirm": Url(MANAGE, {"org_pk": "org"}),
    "congresses:plan_import_template": Url(MANAGE, {"org_pk": "org"}),
    "congresses:results_import": Url(MANAGE, {"org_pk": "org"}),
    "congresses:results_import_confirm": Url(MANAGE, {"org_pk": "org"}),
    "congresses:results_import_template": Url(MANAGE, {"org_pk": "org"}),
    "congresses:advance": Url(MANAGE, {"pk": "congress"}),
    "congresses:report": Url(MANAGE, {"pk": "congress"}),
    "congresses:approve": Url(frozenset({"admin", "province"}), {"pk": "congress"}),
    # congresses: the campaign dashboard (?cap=level, ?bang=table are not objects)
    "congresses:dashboard_home": Url(ANYONE),
    "congresses:dashboard": Url(VIEW, {"org_pk": "org"}),
    "congresses:dashboard_level": Url(VIEW, {"org_pk": "org"}),
    "congresses:dashboard_export": Url(VIEW, {"org_pk": "org"}),
    # elections: setup
    "elections:create": Url(MANAGE, {"congress_pk": "congress"}),
    "elections:detail": Url(VIEW | ELECTION_STAFF, {"pk": "election"}),
    "elections:add_candidate": Url(MANAGE, {"pk": "election"}),
    "elections:floor_vote": Url(MANAGE, {"pk": "election", "candidate_pk": "candidate"}),
    "elections:withdrawal": Url(
        MANAGE, {"pk": "election", "candidate_pk": "candidate"}, post={"quyet_dinh": "cho_rut"}
    ),
    "elections:floor_threshold": Url(VIEW | ELECTION_STAFF, {"pk": "election"}),
    "elections:opinion_ballot": Url(MANAGE, {"pk": "election"}),
    "elections:confirm_list": Url(MANAGE, {"pk": "election"}),
    "elections:import": Url(MANAGE, {"pk": "election"}),
    "elections:import_confirm": Url(MANAGE, {"pk": "election"}),
    "elections:import_template": Url(MANAGE, {"pk": "election"}),
    "elections:add_staff": Url(MANAGE, {"pk": "election"}),
    "elections:open_round": Url(MANAGE, {"pk": "election"}),
    # elections: entry and counting
    "elections:round": Url(VIEW | ELECTION_STAFF, {"pk": "round"}),
    "elections:entry": Url(frozenset({"typist"}), {"pk": "round"}),
    "elections:entry_status": Url(frozenset({"typist"}), {"pk": "round"}),
    "elections:console": Url(COMMITTEE, {"pk": "round"}),
    "elections:console_live": Url(COMMITTEE, {"pk": "round"}),
    "elections:reread": Url(frozenset({"head"}), {"pk": "round"}),
    "elections:close": Url(frozenset({"head"}), {"pk": "round"}),
    # Only after a round closed with seats left: the world's round is still open.
    "elections:next_round": Url(MANAGE | {"head"}, {"pk": "round"}, reachable=False),
    "elections:finish": Url(MANAGE | {"head"}, {"pk": "round"}),
    # elections: documents
    "elections:ballot_pdf": Url(VIEW | ELECTION_STAFF, {"pk": "round"}),
    # The minutes exist once the round is closed; before, "not yet" (409).
    "elections:minutes_docx": Url(VIEW | ELECTION_STAFF, {"pk": "round"}, ok=frozenset({409})),
    "elections:minutes_pdf": Url(VIEW | ELECTION_STAFF, {"pk": "round"}, ok=frozenset({409})),
    "elections:journal": Url(COMMITTEE, {"pk": "round"}),
    "elections:journal_pdf": Url(COMMITTEE, {"pk": "round"}),
    "elections:count_json": Url(COMMITTEE, {"pk": "round"}),
    "elections:results_xlsx": Url(VIEW | ELECTION_STAFF, {"pk": "election"}),
    "elections:results_pptx": Url(VIEW | ELECTION_STAFF, {"pk": "election"}),
    "elections:display": Url(VIEW | ELECTION_STAFF, {"pk": "election"}),
    # delegates: allocation, roster, credentials, sessions, check-in, presidium
    "delegates:allocation": Url(MANAGE, {"pk": "congress"}),
    "delegates:roster": Url(CONGRESS_READ, {"pk": "congress"}),
    "delegates:import": Url(DESK, {"pk": "congress"}),
    "delegates:import_confirm": Url(DESK, {"pk": "congress"}),
    "delegates:import_template": Url(DESK, {"pk": "congress"}),
    "delegates:add": Url(DESK, {"pk": "congress"}),
    "delegates:add_staff": Url(MANAGE, {"pk": "congress"}),
    "delegates:alternate_order": Url(MANAGE, {"pk": "congress"}),
    "delegates:issue_badges": Url(DESK, {"pk": "congress"}),
    "delegates:badges": Url(DESK, {"pk": "congress"}, ok=frozenset({200, 302})),
    "delegates:credentials_report": Url(CONGRESS_READ, {"pk": "congress"}),
    "delegates:credentials_report_docx": Url(CONGRESS_READ, {"pk": "congress"}),
    "delegates:absence": Url(DESK, {"pk": "congress", "delegate_pk": "delegate"}),
    "delegates:replace": Url(MANAGE, {"pk": "congress", "delegate_pk": "delegate"}),
    "delegates:revoke": Url(DESK, {"pk": "congress", "delegate_pk": "delegate"}),
    "delegates:credentials": Url(CONGRESS_READ, {"pk": "congress"}),
    "delegates:review": Url(
        frozenset({"credentials"}),
        {"pk": "congress", "delegate_pk": "delegate"},
        post={"decision": "accepted"},
    ),
    "delegates:sessions": Url(DESK, {"pk": "congress"}),
    "delegates:add_session": Url(MANAGE, {"pk": "congress"}),
    "delegates:current_session": Url(DESK, {"pk": "congress", "session_pk": "session"}),
    "delegates:desk": Url(DESK, {"pk": "congress"}),
    "delegates:scan": Url(DESK, {"pk": "congress"}),
    "delegates:search": Url(DESK, {"pk": "congress"}),
    "delegates:pick": Url(DESK, {"pk": "congress", "delegate_pk": "delegate"}),
    "delegates:presidium": Url(DESK, {"pk": "congress"}),
    "delegates:hall": Url(DESK, {"pk": "congress"}),
    # reports: the summary report of an organization, on screen and downloaded
    "reports:summary": Url(VIEW, {"org_pk": "org"}),
    "reports:summary_docx": Url(VIEW, {"org_pk": "org"}),
    "reports:summary_xlsx": Url(VIEW, {"org_pk": "org"}),
    "reports:summary_json": Url(VIEW, {"org_pk": "org"}),
}


# --- Requests -------------------------------------------------------------------------------


def _object_id(side: Side | None, attribute: str) -> int:
    return MISSING if side is None else int(getattr(side, attribute).pk)


def build_url(route: Route, entry: Url, sides: dict[str, Side | None]) -> str:
    """The URL with each object kwarg taken from sides[kwarg] (None: a missing id)."""
    kwargs = {k: _object_id(sides[k], entry.kwargs[k]) for k in entry.kwargs}
    url = reverse(route.name, kwargs=kwargs)
    if entry.query:
        url += "?" + "&".join(
            f"{p}={_object_id(sides[p], a)}" for p, a in sorted(entry.query.items())
        )
    return url


def _all(entry: Url, side: Side | None) -> dict[str, Side | None]:
    return {k: side for k in [*entry.kwargs, *entry.query]}


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    location: str

    @classmethod
    def of(cls, response: HttpResponse, url: str) -> Answer:
        body = response.content if response.status_code == 404 else b""
        path = url.split("?")[0].encode()
        return cls(
            response.status_code, body.replace(path, b"<path>"), response.get("Location", "")
        )


class Requests:
    """One logged-in client per person (logging in for every request would dominate the
    run), and the answers for missing objects remembered per person."""

    def __init__(self) -> None:
        self.clients: dict[int | None, Client] = {}
        self.missing: dict[tuple[int, str, str], Answer] = {}

    def client(self, user: User | None) -> Client:
        key = user.pk if user is not None else None
        client = self.clients.get(key)
        if client is None or (user is not None and "_auth_user_id" not in client.session):
            client = Client()
            if user is not None:
                client.force_login(user)
            self.clients[key] = client
        return client

    def send(self, user: User | None, method: str, url: str, data=None) -> Answer:
        client = self.client(user)
        send = client.get if method == "GET" else client.post
        return Answer.of(send(url, data or {}), url)

    def send_and_undo(self, user: User, method: str, url: str, data=None) -> Answer:
        """An allowed request may write (revoke, close a round…): undo it so that every
        actor meets the same objects."""
        with transaction.atomic():
            answer = self.send(user, method, url, data)
            transaction.set_rollback(True)
        return answer

    def for_missing(self, user: User, method: str, url: str) -> Answer:
        key = (user.pk, method, url)
        if key not in self.missing:
            self.missing[key] = self.send(user, method, url)
        return self.missing[key]


@pytest.fixture(autouse=True)
def jobs_folder(settings, tmp_path):
    settings.DAIHOI_JOBS_DIR = tmp_path / "jobs"


@pytest.fixture
def requests(db) -> Requests:
    return Requests()


def assert_answers_like_missing(
    requests: Requests, route: Route, user: User, url: str, missing_url: str, who: str
) -> None:
    writes_before = AuditEntry.objects.count()
    statuses = []
    for method in ("GET", "POST"):
        forbidden = requests.send(user, method, url)
        missing = requests.for_missing(user, method, missing_url)
        context = f"{route.name} {method} {url} as {who}"
        assert forbidden == missing, f"{context}: {forbidden.status}, missing {missing.status}"
        assert forbidden.status in (404, 405), f"{context}: {forbidden.status}"
        statuses.append(forbidden.status)
    assert 404 in statuses, f"{route.name} as {who}: refused by method only, never 404"
    assert AuditEntry.objects.count() == writes_before, f"{route.name} as {who} wrote"


def assert_reachable(requests: Requests, route: Route, entry: Url, user: User, url: str, who):
    answer = requests.send_and_undo(user, "GET", url)
    expected = entry.ok if entry.ok != Url.ok else frozenset({200})
    if answer.status == 405:
        answer = requests.send_and_undo(user, "POST", url, entry.post)
        expected = entry.ok
    assert answer.status != 404, f"{route.name} {url}: {who} may open it but got 404"
    assert answer.status in expected, f"{route.name} {url} as {who}: {answer.status}"


# --- The tests ------------------------------------------------------------------------------

ROUTES = all_routes()
PRIVATE_ROUTES = [r for r in ROUTES if r.name not in PUBLIC]


def test_every_url_is_in_the_registry():
    names = {r.name for r in ROUTES}
    unnamed = sorted(n for n in names if n.startswith("<unnamed"))
    assert not unnamed, f"give these URL patterns a name: {unnamed}"
    missing = sorted(names - PUBLIC - set(URLS))
    assert not missing, f"add these URLs to URLS in {__file__}: {missing}"
    gone = sorted(set(URLS) - names)
    assert not gone, f"URLS names URLs that no longer exist: {gone}"


@pytest.mark.parametrize("route", PRIVATE_ROUTES, ids=lambda r: r.name)
def test_the_registry_names_every_object_kwarg(route):
    entry = URLS.get(route.name)
    if entry is None:
        pytest.fail(f"{route.name} ({route.route}) is not in URLS: add it to {__file__}")
    assert sorted(entry.kwargs) == sorted(route.kwargs), (
        f"{route.name}: URLS maps {sorted(entry.kwargs)}, the pattern has {sorted(route.kwargs)}"
    )
    assert entry.allowed <= ANYONE, f"{route.name}: unknown actors {entry.allowed - ANYONE}"
    assert all(hasattr(Side, a) for a in [*entry.kwargs.values(), *entry.query.values()])


@pytest.fixture
def sides(world) -> dict[str, Side]:
    a, b = Side(world, "a"), Side(world, "b")
    a.other, b.other = b, a
    return {"a": a, "b": b}


OBJECT_ROUTES = [r for r in PRIVATE_ROUTES if r.name in URLS and (r.kwargs or URLS[r.name].query)]


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=lambda r: r.name)
def test_who_may_not_open_an_object_gets_what_a_missing_object_gets(route, sides, requests):
    entry = URLS[route.name]
    missing_url = build_url(route, entry, _all(entry, None))
    for side in sides.values():
        url = build_url(route, entry, _all(entry, side))
        for who in sorted(ANYONE - entry.allowed):
            user = ACTORS[who](side)
            assert_answers_like_missing(requests, route, user, url, missing_url, who)


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=lambda r: r.name)
def test_who_may_open_an_object_does_not_get_not_found(route, sides, requests):
    entry = URLS[route.name]
    if not entry.reachable:
        pytest.skip(f"{route.name} needs a state the test world does not build")
    for side_name, side in sides.items():
        url = build_url(route, entry, _all(entry, side))
        # Every allowed actor on district A; on B the district's staff and the admin.
        actors = entry.allowed if side_name == "a" else entry.allowed & {"staff", "admin"}
        for who in sorted(actors):
            assert_reachable(requests, route, entry, ACTORS[who](side), url, who)


MULTI_OBJECT_ROUTES = [r for r in OBJECT_ROUTES if len(URLS[r.name].kwargs) > 1]


@pytest.mark.parametrize("route", MULTI_OBJECT_ROUTES, ids=lambda r: r.name)
def test_one_foreign_or_missing_object_among_several_is_enough_for_not_found(
    route, sides, requests
):
    entry = URLS[route.name]
    own, other = sides["a"], sides["b"]
    missing_url = build_url(route, entry, _all(entry, None))
    for who in sorted(entry.allowed):
        user = ACTORS[who](own)
        for kwarg in entry.kwargs:
            for replacement in (other, None):
                mixed = {**_all(entry, own), kwarg: replacement}
                url = build_url(route, entry, mixed)
                assert_answers_like_missing(requests, route, user, url, missing_url, who)


@pytest.mark.parametrize("route", PRIVATE_ROUTES, ids=lambda r: r.name)
def test_an_anonymous_visitor_is_sent_to_the_login_page(route, requests):
    entry = URLS.get(route.name)
    if entry is None:
        pytest.fail(f"{route.name} is not in URLS")
    url = build_url(route, entry, _all(entry, None))
    answers = {m: requests.send(None, m, url) for m in ("GET", "POST")}
    for method, answer in answers.items():
        to_login = answer.status == 302 and answer.location.startswith(LOGIN_URL)
        assert to_login or answer.status == 405, f"{route.name} {method}: {answer.status}"
    assert any(a.status == 302 for a in answers.values()), f"{route.name}: no login redirect"


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_the_public_urls_need_no_login(name, client, db):
    response = client.get(reverse(name)) if name != "set_language" else None
    if response is not None:
        assert response.status_code == 200
    else:
        assert client.post(reverse(name), {"language": "vi"}).status_code == 302


# --- Pages without an object id: what they show -------------------------------------------

DISTRICT_B_WORDS = ["Bảo Yên", "Bảo Hà", "thôn Bắc", "Bùi Văn Bê", "B1-1"]


def _every_kind_of_object(side: Side) -> None:
    for attribute in ("grant", "pending_import", "job", "congress", "election", "round"):
        getattr(side, attribute)


PAGE_ROUTES = [r for r in PRIVATE_ROUTES if not r.kwargs and r.name in URLS]


@pytest.mark.parametrize("route", PAGE_ROUTES, ids=lambda r: r.name)
def test_district_staff_sees_nothing_of_the_other_district_on_any_page(route, sides, client):
    _every_kind_of_object(sides["b"])
    entry = URLS[route.name]
    url = build_url(route, entry, _all(entry, sides["a"]))
    for query in ("", "q=Bảo", "q=B1"):
        separator = "&" if "?" in url else "?"
        full = url + (separator + query if query else "")
        client.force_login(sides["a"].staff)
        response = client.get(full, follow=True)
        assert response.status_code in (200, 405), (route.name, response.status_code)
        if "text/html" in response.get("Content-Type", ""):
            page = response.content.decode()
            leaked = [w for w in DISTRICT_B_WORDS if w in page]
            assert not leaked, f"{route.name} {full} shows {leaked} to staff_a"


def test_outsider_sees_an_empty_tree(sides, client):
    client.force_login(sides["a"].world.outsider)
    page = client.get("/to-chuc/").content.decode()
    assert "Bạn chưa được phân quyền trên tổ chức nào." in page
    for org_name in ("Phú Thịnh", "An Lạc", "Bảo Yên"):
        assert org_name not in page


@pytest.mark.parametrize("query", ["Đảng bộ", "Chi bộ", "An", "Bảo", "A1", "P"])
def test_outsider_finds_nothing(sides, client, query):
    client.force_login(sides["a"].world.outsider)
    page = client.get("/to-chuc/tim-kiem/", {"q": query}).content.decode()
    assert "Không tìm thấy đơn vị nào." in page


def test_outsider_sees_no_congress(sides, client):
    _every_kind_of_object(sides["a"])
    client.force_login(sides["a"].world.outsider)
    page = client.get("/dai-hoi/").content.decode()
    assert "An Lạc" not in page and "Bảo Yên" not in page


def test_district_staff_finds_their_own_units_only(sides, client):
    client.force_login(sides["a"].staff)
    page = client.get("/to-chuc/tim-kiem/", {"q": "Chi bộ thôn"}).content.decode()
    assert "Chi bộ thôn Đông" in page and "Chi bộ thôn Đoài" in page
    assert "Chi bộ thôn Bắc" not in page


def test_admin_sees_both_districts_on_the_tree_and_in_search(sides, client):
    client.force_login(sides["a"].world.admin)
    page = client.get("/to-chuc/tim-kiem/", {"q": "Chi bộ thôn"}).content.decode()
    assert "Chi bộ thôn Đông" in page and "Chi bộ thôn Bắc" in page
    tree = client.get("/to-chuc/").content.decode()
    assert "Phú Thịnh" in tree
