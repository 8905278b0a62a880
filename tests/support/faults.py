"""Fault injection over every page of the portal (issue 9 §6), shared by
``tests/faults/test_fault_injection.py`` (which asserts) and ``benchmarks/faults.py`` (which prints).

A *crawl* visits each page once, through Django's test client (the portal in this process), while
the portal talks to a live sandbox over HTTP whose fault knobs a *scenario* turns before each
visit. Every answer is sorted into one of:

- **served**: 2xx or 3xx (a page, a file, a redirect); ``notices`` counts its degraded panels (the
  ``panel-notice`` marker of a panel whose data could not be read);
- **unavailable**: 503, the friendly page (or a form saying CareCloud is not responding);
- **error**: any other 5xx (what must never happen);
- **other**: 4xx (a 429 or 404 the page chose).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import translation

PANEL_NOTICE = "panel-notice"
SEED = 20261130  # error_rate's draws: the same failures on every run
_ID = r"[0-9A-Za-z_-]+"
FIRST_PAGE: dict[str, Page] = {}  # per language: where a crawl starts


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    method: str = "GET"
    anonymous: bool = False


@dataclass
class Visit:
    scenario: str
    page: Page
    status: int
    seconds: float
    notices: int
    body: str

    @property
    def kind(self) -> str:
        if self.status < 400:
            return "served"
        if self.status == 503:
            return "unavailable"
        if self.status >= 500:
            return "error"
        return "other"


@dataclass
class Tally:
    scenario: str
    visits: list[Visit] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for visit in self.visits if visit.kind == kind)

    @property
    def views(self) -> int:
        return len(self.visits)

    @property
    def degraded(self) -> int:
        """Served views with at least one panel notice."""
        return sum(1 for visit in self.visits if visit.kind == "served" and visit.notices)

    @property
    def panels(self) -> int:
        return sum(visit.notices for visit in self.visits if visit.kind == "served")

    @property
    def share_served(self) -> float:
        return self.count("served") / self.views if self.views else 0.0

    @property
    def slowest(self) -> float:
        return max((visit.seconds for visit in self.visits), default=0.0)

    def row(self) -> str:
        return (f"{self.scenario:<34} {self.views:>5} {self.count('served'):>6} {self.degraded:>8} {self.panels:>6} "
                f"{self.count('unavailable'):>5} {self.count('error'):>5} {self.count('other'):>5} "
                f"{self.share_served:>7.1%} {self.slowest:>7.2f}")


HEADER = (f"{'scenario':<34} {'views':>5} {'served':>6} {'degraded':>8} {'panels':>6} {'503s':>5} {'5xx':>5} "
          f"{'4xx':>5} {'served%':>7} {'slowest':>7}")


def table(tallies: list[Tally]) -> str:
    return "\n".join([HEADER, "-" * len(HEADER), *(tally.row() for tally in tallies)])


# --- the pages ----------------------------------------------------------------------------------------


def _url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def _first(client, path: str, pattern: str) -> re.Match:
    html = client.get(path).content.decode()
    match = re.search(pattern, html)
    assert match, f"nothing matching {pattern} on {path}"
    return match


def discover_pages(customer, language: str = "en") -> list[Page]:
    """Every page of the portal, with ids of the demo customer's own vouchers, rewards, purchases,
    cards and of a running campaign read from the portal's own lists (call it before any fault)."""
    prefix = f"/{language}"
    voucher = _first(customer, _url("rewards:voucher-list", language), rf'href="{prefix}/vouchers/({_ID})/"').group(1)
    reward = _first(customer, _url("rewards:reward-list", language), rf'href="{prefix}/rewards/({_ID})/"').group(1)
    purchase = _first(customer, _url("purchases:purchase-list", language),
                      rf'href="{prefix}/purchases/({_ID})/"').group(1)
    card = _first(customer, _url("cards:card-list", language),
                  rf'action="{prefix}/cards/({_ID})/files/png/"').group(1)
    campaign = _first(customer, _url("campaigns:list", language),
                      rf'href="{prefix}/campaigns/({_ID})/([0-9a-z-]+)/"')
    own = [
        ("overview", "overview:dashboard", {}),
        ("profile", "profile:profile", {}),
        ("profile edit form", "profile:profile-edit", {}),
        ("interests form", "profile:interests-edit", {}),
        ("about-you form", "aboutyou:properties-edit", {}),
        ("password change form", "accounts:password-change", {}),
        ("cards", "cards:card-list", {}),
        ("card for the till", "cards:till-card", {}),
        ("vouchers", "rewards:voucher-list", {}),
        ("voucher detail", "rewards:voucher-detail", {"voucher_id": voucher}),
        ("points", "points:points", {}),
        ("rewards", "rewards:reward-list", {}),
        ("reward detail", "rewards:reward-detail", {"reward_id": reward}),
        ("redeem confirmation", "rewards:reward-redeem", {"reward_id": reward}),
        ("purchases", "purchases:purchase-list", {}),
        ("purchase detail", "purchases:purchase-detail", {"purchase_id": purchase}),
        ("your data", "mydata:my-data", {}),
        ("your data, printable", "mydata:my-data-print", {}),
        ("campaigns (member)", "campaigns:list", {}),
    ]
    pages = [Page(name, _url(url_name, language, **kwargs)) for name, url_name, kwargs in own]
    FIRST_PAGE[language] = pages[0]
    pages.append(Page("card file (barcode)", _url("cards:card-file", language, card_id=card, file_type="png"),
                      method="POST"))
    public = [
        ("login", "accounts:login", {}),
        ("register form", "accounts:register", {}),
        ("forgotten password form", "accounts:password-forgotten", {}),
        ("campaigns", "campaigns:list", {}),
        ("campaign link", "campaigns:link", {"campaign_id": campaign.group(1)}),
        ("campaign", "campaigns:detail", {"campaign_id": campaign.group(1), "slug": campaign.group(2)}),
    ]
    pages += [Page(name, _url(url_name, language, **kwargs), anonymous=True) for name, url_name, kwargs in public]
    return pages


def visit(scenario: str, page: Page, customer, anonymous) -> Visit:
    client = anonymous if page.anonymous else customer
    started = time.monotonic()
    response = client.post(page.path) if page.method == "POST" else client.get(page.path)
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)  # the streamed page's time counts too
    else:
        content = response.content
    seconds = time.monotonic() - started
    text_type = response.get("Content-Type", "").startswith("text/html")
    body = content.decode(errors="replace") if text_type else ""
    return Visit(scenario=scenario, page=page, status=response.status_code, seconds=seconds,
                 notices=body.count(PANEL_NOTICE), body=body)


def crawl(tally: Tally, pages: list[Page], customer, anonymous, *, rounds: int = 1,
          before: Callable[[int, Page], None] | None = None) -> Tally:
    """Visit every page ``rounds`` times; ``before(n, page)`` turns the knobs before the n-th visit."""
    number = 0
    for _ in range(rounds):
        for page in pages:
            if before:
                before(number, page)
            tally.visits.append(visit(tally.scenario, page, customer, anonymous))
            number += 1
    return tally


def friendly(visit: Visit) -> bool:
    """A 503 is the portal's own page in the page's language with a way to try again: a link to
    (or a form posting to) the same address, never a traceback."""
    path = visit.page.path
    return ("Traceback" not in visit.body and f'lang="{path.split("/")[1]}"' in visit.body
            and (f'href="{path}"' in visit.body or f'action="{path}"' in visit.body))


# --- the scenarios ------------------------------------------------------------------------------------


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then let go): a CareCloud that is gone."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Scenario:
    name: str
    rounds: int = 1
    knobs: dict = field(default_factory=dict)  # set once before the crawl
    # (n, page) -> knobs set before the n-th visit (a burst or a spike), or None
    every: Callable[[int, Page], dict | None] | None = None
    language: str = "en"
    carecloud_gone: bool = False  # the portal pointed at a port nothing listens on
    overrides: dict = field(default_factory=dict)  # settings of the portal during the crawl

    def settings(self, api_url: str) -> dict:
        if not self.carecloud_gone:
            return dict(self.overrides)
        return {**self.overrides,
                "CARECLOUD_API_URL": re.sub(r"//[^/]+", f"//127.0.0.1:{closed_port()}", api_url, count=1)}


def _reseed(n: int, page: Page) -> dict | None:
    """Each round over the pages starts from a seed of its own (SEED + the visit's number): more
    of the possible failures are met, and every run meets the same ones."""
    return {"seed": SEED + n} if n and page == FIRST_PAGE.get(page.path.split("/")[1]) else None


def _burst(n: int, page: Page) -> dict | None:
    """Every second visit meets a burst of 1, 2 or 3 answers 429 (Retry-After: 1 s): the first two
    fit the client's retries, the third does not."""
    return {"force_status": 429, "force_count": (n // 2) % 3 + 1, "retry_after": 1} if n % 2 == 0 else None


def _spike(n: int, page: Page) -> dict | None:
    """Every third visit meets two answers 2 s late."""
    return {"latency_ms": 2000, "latency_count": 2} if n % 3 == 0 else None


def scenarios(rounds: int = 4, hang_budget: float = 8.0, hang_ms: int = 20000) -> list[Scenario]:
    return [
        Scenario("a: error_rate 0.3 (seeded)", rounds=rounds, knobs={"error_rate": 0.3, "seed": SEED},
                 every=_reseed),
        Scenario("b: 429 bursts of 1-3, Retry-After 1", every=_burst),
        Scenario("c: 2 s latency spikes", every=_spike),
        Scenario("d: CareCloud down (503), cs", knobs={"force_status": 503, "retry_after": 1}, language="cs"),
        Scenario("e: CareCloud gone (port closed)", carecloud_gone=True),
        # Every answer 20 s late (beyond the 10 s read timeout): each page is cut at its budget (until
        # the circuit breaker opens, given enough calls); no worker waits longer than the budget.
        Scenario(f"f: CareCloud hangs, budget {hang_budget:g} s", knobs={"latency_ms": hang_ms},
                 overrides={"CARECLOUD_PAGE_BUDGET": hang_budget}),
    ]


def run(scenario: Scenario, sandbox, customer, anonymous, pages: list[Page],
        between: Callable[[], None] | None = None) -> Tally:
    """One scenario: a warm-up crawl without faults (reference lists cached, as in production; not
    counted), then the knobs, then ``scenario.rounds`` crawls counted."""
    from django.test import override_settings

    from portal.carecloud import get_client

    crawl(Tally("warm-up"), pages, customer, anonymous)
    get_client().breaker.reset()
    sandbox.set_faults(**scenario.knobs) if scenario.knobs else None

    def before(n: int, page: Page) -> None:
        knobs = scenario.every(n, page) if scenario.every else None
        if knobs:
            sandbox.set_faults(**knobs)

    from django.conf import settings

    try:
        with override_settings(**scenario.settings(settings.CARECLOUD_API_URL)):
            return crawl(Tally(scenario.name), pages, customer, anonymous, rounds=scenario.rounds, before=before)
    finally:
        sandbox.clear_faults()
        get_client().breaker.reset()
        if between:
            between()


def detail(tally: Tally) -> str:
    """Per page: the statuses it answered and its panel notices (``status×count``)."""
    from collections import Counter, defaultdict

    by_page: dict[str, Counter] = defaultdict(Counter)
    notices: Counter = Counter()
    slowest: dict[str, float] = defaultdict(float)
    for visit in tally.visits:
        by_page[visit.page.name][visit.status] += 1
        notices[visit.page.name] += visit.notices
        slowest[visit.page.name] = max(slowest[visit.page.name], visit.seconds)
    lines = [f"  {tally.scenario}"]
    for name, statuses in by_page.items():
        answered = ", ".join(f"{status}×{count}" for status, count in sorted(statuses.items()))
        lines.append(f"    {name:<28} {answered:<16} slowest {slowest[name]:6.2f} s"
                     + (f"  ({notices[name]} panel notices)" if notices[name] else ""))
    return "\n".join(lines)
