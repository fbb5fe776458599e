"""The operations center in a real browser: Chromium (Debian's package) driven by Playwright
against `veille serve` on a simulated election (tests/e2e/conftest.py).

Each test logs in through the login form in a fresh browser context, and fails on any console
error (a Content-Security-Policy violation is one). Screenshots of the main pages go to
test-artifacts/screenshots/ (git-ignored).
"""

import re
import time
import uuid

import pytest

pytestmark = pytest.mark.slow

expect = pytest.importorskip("playwright.sync_api").expect

# The campaign network: an svg with id network (or inside an element with that id).
NETWORK = "svg#network, #network svg"

# Every main page, with a screenshot name; the campaign detail is the largest planted campaign.
PAGES = [
    ("overview", "/"),
    ("alerts", "/alerts"),
    ("campaigns", "/campaigns"),
    ("campaign-detail", "/campaigns/{campaign}"),
    ("narratives", "/narratives"),
    ("claims", "/claims"),
    ("tipline", "/tipline"),
    ("cases", "/cases"),
    ("settings", "/settings"),
    ("search", "/search?q=riverballots"),
]


def planted(election) -> str:
    # The simulation plants six operations; detection finds five of them as campaigns of 15 to 36
    # accounts (the cross-lingual one needs more embeddings than the fixture computes).
    assert election.planted_campaigns, "detection found no planted campaign in the simulated election"
    return election.planted_campaigns[0]


def test_login_form_refuses_a_wrong_password_and_guards_pages(chromium, live):
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(live.url + "/campaigns")
        assert "/login" in page.url  # unauthenticated pages redirect to the login form
        page.fill("input[name=username]", "analyst")
        page.fill("input[name=password]", "not the password")
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("alert")).to_be_visible()
        assert "/login" in page.url
    finally:
        context.close()


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_main_page_renders_without_errors(tab_as, election, name, path):
    tab = tab_as("admin")
    tab.goto(path.format(campaign=planted(election)))
    expect(tab.page.locator("main")).not_to_be_empty()
    expect(tab.page.locator("#live-alerts")).to_have_count(1)
    tab.screenshot(name)
    tab.assert_no_errors()


def test_live_alert_feed_is_connected(tab_as):
    tab = tab_as("analyst")
    # Every page subscribes #live-alerts to the server-sent alert stream (allowed by the CSP).
    with tab.page.expect_response(lambda r: "/api/alerts/stream" in r.url) as stream:
        tab.goto("/")
    assert stream.value.status == 200
    assert "text/event-stream" in stream.value.headers.get("content-type", "")
    tab.assert_no_errors()


def test_alerts_page_lists_the_burst_alerts(tab_as):
    tab = tab_as("analyst")
    tab.goto("/alerts")
    # `veille bursts` found the planted #RiverBallots surge among 9 bursts, each an open alert.
    rows = tab.page.locator(".alert-row")
    expect(rows.first).to_be_visible()
    expect(tab.page.locator(".alert-row", has_text=re.compile("riverballots", re.I)).first).to_be_visible()
    tab.assert_no_errors()


def test_campaign_list_shows_a_planted_campaign(tab_as, election):
    tab = tab_as("analyst")
    tab.goto("/campaigns")
    hrefs = tab.page.locator("a.campaign-link").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    listed = {href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs}
    assert listed & set(election.planted_campaigns), (listed, election.planted_campaigns)
    tab.assert_no_errors()


def test_campaign_network_shows_accounts_and_a_panel(tab_as, election):
    tab = tab_as("analyst")
    tab.goto("/campaigns")
    tab.page.locator(f"a.campaign-link[href$='{planted(election)}']").first.click()
    tab.page.wait_for_url(re.compile(r"/campaigns/[^/?]+$"))
    svg = tab.page.locator(NETWORK)
    expect(svg).to_be_visible()
    # One node per member account: the largest planted campaign has 36.
    nodes = svg.locator("circle.node")
    expect(nodes.first).to_be_visible()
    assert nodes.count() >= 3
    node = nodes.nth(nodes.count() // 2)
    node.hover()  # a tip names the account
    expect(tab.page.locator("#network-tip")).to_be_visible()
    expect(tab.page.locator("#network-tip")).not_to_be_empty()
    node.click()  # the panel lists its edges and shared objects
    panel = tab.page.locator("#network-panel")
    expect(panel).to_be_visible()
    expect(panel).not_to_contain_text("Select an account")
    expect(panel).not_to_be_empty()
    tab.assert_no_errors()


def test_analyst_opens_a_case_adds_a_note_and_changes_its_status(tab_as, election):
    tab = tab_as("analyst")
    tab.goto(f"/campaigns/{planted(election)}")
    tab.page.get_by_role("button", name="Open a case").click()
    tab.page.wait_for_url(re.compile(r"/cases/[^/?]+$"))
    case_url = tab.page.url
    expect(tab.page.locator("h1")).not_to_be_empty()

    note = f"Shared links checked, all three fringe domains ({uuid.uuid4().hex[:6]})"
    tab.page.fill("textarea[name=body]", note)
    tab.page.get_by_role("button", name="Add note").click()
    expect(tab.page.locator(".case-note", has_text=note)).to_have_count(1)

    tab.page.select_option("select[name=status]", "investigating")
    tab.page.get_by_role("button", name="Update status").click()
    tab.page.wait_for_load_state()
    tab.page.goto(case_url)  # the status and the note are stored, not just shown
    expect(tab.page.locator("select[name=status]")).to_have_value("investigating")
    expect(tab.page.locator(".case-note", has_text=note)).to_have_count(1)
    tab.screenshot("case-detail")

    tab.goto("/cases")
    case_id = case_url.rstrip("/").rsplit("/", 1)[-1]
    expect(tab.page.locator(f"a[href$='/cases/{case_id}']").first).to_be_visible()
    tab.assert_no_errors()


def test_fact_checker_answers_a_tipline_question(tab_as, live, send_api):
    assert live.tip_status == 200, "the signed WhatsApp webhook call of the fixture was refused"
    tab = tab_as("fact-checker")
    tab.goto("/tipline")
    expect(tab.page.get_by_role("heading", name="Tipline inbox")).to_be_visible()
    groups = tab.page.locator(".tipline-group")
    expect(groups.first).to_be_visible()
    # The question the fixture sent by webhook (no simulated fact-check is about pencils, so it
    # waits in an open group); else any open group.
    asked = groups.filter(has_text="pencil")
    group = asked.first if asked.count() else groups.first
    answer = f"No: ballots marked in pencil are valid and counted. ({uuid.uuid4().hex[:6]})"
    group.locator("select[name=factcheck_id]").select_option("")  # the note alone
    group.locator("textarea[name=note]").fill(answer)
    group.get_by_role("button", name="Send answer").click()
    tab.page.wait_for_load_state()

    # The inbox lists the group as answered, and the outbox sends the answer through the
    # platform's API (our fake records it) within a few seconds.
    tab.goto("/tipline")
    expect(tab.page.locator("#tipline-answered")).to_contain_text(answer)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not any(answer in str(body) for _, body in send_api.sent):
        time.sleep(0.2)
    assert any(answer in str(body) for _, body in send_api.sent), send_api.sent[-3:]
    tab.assert_no_errors()


def test_viewer_cannot_do_what_an_analyst_can(tab_as, live, election):
    tab = tab_as("viewer")
    campaign = planted(election)
    tab.goto(f"/campaigns/{campaign}")
    expect(tab.page.locator(NETWORK)).to_be_visible()  # a viewer reads...
    expect(tab.page.get_by_role("button", name="Open a case")).to_have_count(0)  # ...but acts on nothing

    # Forcing the form post, with the viewer's own valid CSRF token, is refused.
    csrf = tab.csrf()
    response = tab.page.request.post(live.url + "/cases/new", max_redirects=0,
                                     headers={"X-CSRF-Token": csrf},
                                     form={"csrf_token": csrf, "campaign_id": campaign, "subject_kind": "campaign",
                                           "subject_id": campaign, "title": "forced by a viewer"})
    assert response.status == 403, response.text()[:300]

    tab.goto("/tipline")
    expect(tab.page.get_by_role("button", name="Send answer")).to_have_count(0)
    tab.goto("/settings", status=403)  # users, roles and tokens are the admin's
    tab.assert_no_errors()


def test_logout_ends_the_session(tab_as, live):
    tab = tab_as("analyst")
    tab.goto("/")
    tab.page.get_by_role("button", name="Log out").click()
    tab.page.wait_for_url(re.compile(r"/login"))
    tab.page.goto(live.url + "/campaigns")
    assert "/login" in tab.page.url
    tab.assert_no_errors()
