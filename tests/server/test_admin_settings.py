"""/admin/settings: the center's settings of a site (priority policy, ticker lines, rating
scale) and the services' daily caps, for administrators only, each change seen by the core at
once and logged with who made it."""

from __future__ import annotations

from typing import Any

import pytest

from shared.board import BoardReader
from shared.center import CenterService
from shared.center_settings import CenterSettings, CenterSettingsService, queue_settings
from shared.config import Settings
from shared.db.database import Database
from shared.errors import InvalidOperation
from shared.queue import QueueService
from shared.ratings import RatingService
from tests.center_data import SITE
from tests.server.admin_helpers import changes, csrf_of, log_in, log_in_supervisor

CENTER_FORM = {"site": SITE, "priority_policy": "interleave", "priority_every": "2",
               "announcements_source": "center",
               "announcements": "Giữ trật tự\r\n\r\nTra cứu hồ sơ tại ki-ốt", "rating_scale": "5"}


def _caps(db: Database) -> dict[str, int | None]:
    return {view.code: view.daily_cap for view in CenterService(db).services(SITE)}


def test_a_stranger_is_sent_to_log_in_and_a_supervisor_is_refused(client: Any,
                                                                  center: Database) -> None:
    response = client.get("/admin/settings", follow_redirects=False)
    assert response.status_code == 303 and "/admin/login" in response.headers["location"]
    csrf = log_in_supervisor(client)
    assert client.get("/admin/settings").status_code == 403
    assert client.post("/admin/settings/center",
                       data={"csrf": csrf, **CENTER_FORM}).status_code == 403
    assert client.post("/admin/settings/caps",
                       data={"csrf": csrf, "site": SITE, "cap_HT": "50"}).status_code == 403
    assert CenterSettingsService(center).get(SITE) == CenterSettings()
    assert _caps(center)["HT"] is None


def test_a_form_without_its_csrf_token_changes_nothing(client: Any, center: Database) -> None:
    log_in(client)
    assert client.post("/admin/settings/center",
                       data={"csrf": "wrong", **CENTER_FORM}).status_code == 403
    assert client.post("/admin/settings/caps",
                       data={"site": SITE, "cap_HT": "50"}).status_code == 403
    assert CenterSettingsService(center).get(SITE) == CenterSettings()
    assert _caps(center)["HT"] is None


def test_the_page_shows_the_files_values_until_the_center_sets_its_own(client: Any) -> None:
    log_in(client)
    page = client.get("/admin/settings")
    assert page.status_code == 200
    assert "Theo tệp cấu hình" in page.text and "Giới hạn số mỗi ngày" in page.text
    assert 'name="cap_HT"' in page.text and 'name="cap_DD"' in page.text


def test_center_settings_reach_the_queue_board_and_ratings_and_the_log(
        client: Any, center: Database) -> None:
    """Saved through the page: the core's queue, board and ratings use them at once, and the
    event names the admin."""
    csrf = log_in(client)
    saved = client.post("/admin/settings/center", data={"csrf": csrf, **CENTER_FORM},
                        follow_redirects=False)
    assert saved.status_code == 303
    page = client.get(saved.headers["location"]).text
    assert "Đã lưu" in page and "Tra cứu hồ sơ tại ki-ốt" in page
    assert CenterSettingsService(center).get(SITE) == CenterSettings(
        "interleave", 2, ("Giữ trật tự", "Tra cứu hồ sơ tại ki-ốt"), 5)
    with center.reading() as session:
        site_id = CenterService(center).site(SITE).id
        policy = queue_settings(session, site_id, QueueService(center).settings)
    assert (policy.priority_policy, policy.priority_every) == ("interleave", 2)
    assert BoardReader(center, SITE).announcements(["tệp"]) == (
        "Giữ trật tự", "Tra cứu hồ sơ tại ki-ốt")
    assert RatingService(center).scale_for(SITE) == 5
    [event] = changes(center, "site.settings")
    assert event["by"] == "admin" and event["changed"]["rating.scale"] == [None, 5]
    back = client.post("/admin/settings/center", data={
        "csrf": csrf, "site": SITE, "priority_policy": "", "priority_every": "",
        "announcements_source": "file", "announcements": "bỏ qua", "rating_scale": ""})
    assert back.status_code == 200
    assert CenterSettingsService(center).get(SITE) == CenterSettings()


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"priority_every": "0"}, "priority_every", "từ 1 đến"),
    ({"priority_every": "hai"}, "priority_every", "từ 1 đến"),
    ({"announcements": "x" * 301}, "announcements", "dài quá 300"),
    ({"rating_scale": "4"}, "rating_scale", "3 hoặc 5"),
])
def test_a_bad_value_is_explained_next_to_its_field(client: Any, center: Database,
                                                    changes: dict[str, str], field: str,
                                                    message: str) -> None:
    csrf = log_in(client)
    response = client.post("/admin/settings/center",
                           data={"csrf": csrf, **CENTER_FORM, **changes})
    assert response.status_code == 422
    html = response.text
    marked = html.index(f'name="{field}"')
    assert 'class="invalid"' in html[html.rindex("<label", 0, marked):marked]
    assert message in html[marked:html.index("</label>", marked)]
    assert CenterSettingsService(center).get(SITE) == CenterSettings()


def test_daily_caps_are_set_and_cleared_through_the_core(client: Any, center: Database) -> None:
    """A cap stops the kiosk's numbers; an empty field removes it; each change is logged with
    the admin; a bad cap is explained next to its service and nothing changes."""
    csrf = log_in(client)
    saved = client.post("/admin/settings/caps", data={
        "csrf": csrf, "site": SITE, "cap_HT": "1", "cap_CT": " 80 ", "cap_DD": ""},
        follow_redirects=False)
    assert saved.status_code == 303
    assert _caps(center) == {"HT": 1, "CT": 80, "DD": None}
    queue = QueueService(center)
    queue.issue_ticket(SITE, "HT")
    with pytest.raises(InvalidOperation, match="hết số"):
        queue.issue_ticket(SITE, "HT")
    changed = changes(center, "service.changed")
    assert {(event["service"], event["by"]) for event in changed} == {("HT", "admin"),
                                                                      ("CT", "admin")}
    bad = client.post("/admin/settings/caps", data={
        "csrf": csrf, "site": SITE, "cap_HT": "", "cap_CT": "-5", "cap_DD": "10"})
    assert bad.status_code == 422
    row = bad.text[bad.text.index('name="cap_CT"') - 600:bad.text.index('name="cap_CT"')]
    assert 'class="invalid"' in row and "Số nguyên từ 1" in row
    assert _caps(center) == {"HT": 1, "CT": 80, "DD": None}
    client.post("/admin/settings/caps", data={
        "csrf": csrf_of(client.get("/admin/settings").text), "site": SITE, "cap_HT": "",
        "cap_CT": "80", "cap_DD": ""})
    assert _caps(center)["HT"] is None


HOURS_FORM = {"site": SITE, "hours_source": "center", "weekdays": "07:30-11:30, 13:30-17:00",
              "saturday": "07:30-11:30", "open_early_minutes": "15",
              "last_ticket_minutes": "30"}


def test_opening_hours_are_set_from_the_page_and_logged(client: Any, center: Database) -> None:
    """The hours card shows the file's hours until the center sets its own; saved, they are
    the site's (Saturday morning included), logged with the admin, and the first-run
    checklist ticks them; back to the file removes them."""
    csrf = log_in(client)
    page = client.get("/admin/settings").text
    assert 'id="hours"' in page and 'value="07:00-11:30, 13:30-17:00"' in page
    setup = client.get("/admin/setup").text
    step = setup[setup.index("Giờ làm việc"):]
    assert step.index("tuỳ chọn") < step.index("</li>")              # the file's hours apply
    saved = client.post("/admin/settings/hours", data={"csrf": csrf, **HOURS_FORM},
                        follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"].endswith("#hours")
    hours = CenterSettingsService(center).hours(SITE, Settings())
    assert (hours.source, hours.texts(hours.weekdays), hours.texts(hours.saturday),
            hours.open_early_minutes, hours.last_ticket_minutes) == (
        "center", ["07:30-11:30", "13:30-17:00"], ["07:30-11:30"], 15, 30)
    page = client.get(saved.headers["location"]).text
    assert "Đã lưu" in page and 'value="07:30-11:30"' in page
    [event] = changes(center, "site.settings")
    assert event["by"] == "admin" and event["changed"]["hours"][0] is None
    setup = client.get("/admin/setup").text
    step = setup[setup.index("Giờ làm việc"):]
    assert step.index("xong") < step.index("</li>")
    back = client.post("/admin/settings/hours", data={
        "csrf": csrf, **HOURS_FORM, "hours_source": "file", "weekdays": "sai"},
        follow_redirects=False)
    assert back.status_code == 303
    assert CenterSettingsService(center).get(SITE).hours is None


@pytest.mark.parametrize(("typed", "field", "message"), [
    ({"weekdays": ""}, "weekdays", "Hãy nhập ít nhất một ca làm việc"),
    ({"weekdays": "7g30 đến 11g30"}, "weekdays", "không đúng dạng giờ"),
    ({"weekdays": "13:30-17:00, 07:30-11:30"}, "weekdays", "phải bắt đầu sau khi ca"),
    ({"saturday": "11:30-07:30"}, "saturday", "giờ bắt đầu phải trước giờ kết thúc"),
    ({"open_early_minutes": "200"}, "open_early_minutes", "từ 0 đến 120"),
    ({"last_ticket_minutes": "240"}, "last_ticket_minutes", "không còn thời gian cấp số"),
])
def test_wrong_hours_are_explained_next_to_their_field(client: Any, center: Database,
                                                       typed: dict[str, str], field: str,
                                                       message: str) -> None:
    csrf = log_in(client)
    response = client.post("/admin/settings/hours", data={"csrf": csrf, **HOURS_FORM, **typed})
    assert response.status_code == 422
    html = response.text
    marked = html.index(f'name="{field}"')
    assert 'class="invalid"' in html[html.rindex("<label", 0, marked):marked]
    assert message in html[marked:html.index("</label>", marked)]
    assert f'value="{typed[field]}"' in html[marked:html.index(">", marked)]
    assert CenterSettingsService(center).get(SITE).hours is None
    english = client.post("/admin/settings/hours?lang=en",
                          data={"csrf": csrf, **HOURS_FORM, **typed})
    assert english.status_code == 422 and "Hãy" not in english.text.split('id="hours"')[1]


def test_hours_need_an_admin_and_the_csrf_token(client: Any, center: Database) -> None:
    log_in(client)
    assert client.post("/admin/settings/hours", data={"csrf": "x", **HOURS_FORM}
                       ).status_code == 403
    csrf = log_in_supervisor(client)
    assert client.post("/admin/settings/hours", data={"csrf": csrf, **HOURS_FORM}
                       ).status_code == 403
    assert CenterSettingsService(center).get(SITE).hours is None


def test_an_admin_turns_local_dossier_codes_off_and_on_from_the_settings(
        client: Any, center: Database) -> None:
    """The setting `layso dossier local-codes` changes, on the settings page: explained in
    Vietnamese, on by default; off, then on again, each a config.changed event with before,
    after and the admin (saving the same value again logs nothing); a value that is neither
    is refused next to the field; English with ?lang=en; a supervisor may not change it."""
    from shared.dossier_codes import LOCAL_CODES, local_codes
    from tests.server.admin_helpers import events_of

    def logged() -> list[dict[str, Any]]:
        return [data for data in events_of(center, "config.changed")
                if data.get("key") == LOCAL_CODES]

    csrf = log_in(client)
    page = client.get("/admin/settings").text
    assert "Mã hồ sơ" in page and "hệ thống một cửa của tỉnh" in page
    assert "mã nội bộ" in page and "Nghị định 118/2025" in page
    assert 'name="local_codes" value="on" checked' in page
    off = client.post("/admin/settings/dossier-codes",
                      data={"csrf": csrf, "site": SITE, "local_codes": "off"},
                      follow_redirects=False)
    assert off.status_code == 303 and "done=codes" in off.headers["location"]
    assert local_codes(center, SITE) is False
    [event] = logged()
    assert (event["before"], event["after"], event["by"]) == (True, False, "admin")
    page = client.get(off.headers["location"]).text
    assert 'name="local_codes" value="off" checked' in page and "Đã lưu" in page
    client.post("/admin/settings/dossier-codes",
                data={"csrf": csrf, "site": SITE, "local_codes": "off"})
    assert len(logged()) == 1  # nothing changed, nothing logged
    client.post("/admin/settings/dossier-codes",
                data={"csrf": csrf, "site": SITE, "local_codes": "on"})
    assert local_codes(center, SITE) is True and logged()[-1]["after"] is True
    wrong = client.post("/admin/settings/dossier-codes?lang=en",
                        data={"csrf": csrf, "site": SITE, "local_codes": "maybe"})
    assert wrong.status_code == 422 and "Choose whether" in wrong.text
    assert "Dossier codes" in wrong.text and len(logged()) == 2
    client.get("/admin/settings?lang=vi")
    client.cookies.clear()
    boss = log_in_supervisor(client)
    refused = client.post("/admin/settings/dossier-codes",
                          data={"csrf": boss, "site": SITE, "local_codes": "off"})
    assert refused.status_code == 403 and local_codes(center, SITE) is True
