"""/admin/counters (server/admin/counters.py): counters added, renamed, taken out of use and
given their services in calling order from the console, through CenterService as ``layso
counter add|set|services``, each change an event naming the admin. On SQLite and
PostgreSQL."""

from __future__ import annotations

from typing import Any

from shared.center import CenterService
from shared.clerks import ClerkService
from shared.db.database import Database
from tests.center_data import SITE
from tests.server.admin_helpers import changes
from tests.server.setup_page_helpers import enter, field_errors, guarded


def test_only_an_admin_changes_a_counter(client: Any, center: Database) -> None:
    guarded(client, center, "/admin/counters", "/admin/counters/add",
            {"number": "4", "order_HT": "1"})
    client.cookies.clear()
    enter(client, "boss", "/admin/counters")
    assert "Nguyễn Thị Lan" in client.get("/admin/counters").text  # who is at counter 1
    assert [c.number for c in CenterService(center).counters(SITE)] == [1, 2, 3]


def test_a_new_counter_serves_its_services_in_the_order_chosen(client: Any,
                                                                center: Database) -> None:
    """A number taken, no service chosen and an order that is not a number are refused next
    to their fields; a good counter serves DD then HT (the places chosen), with its event."""
    token = enter(client, "admin", "/admin/counters/add")
    assert 'value="4"' in client.get("/admin/counters/add").text  # the next free number
    taken = client.post("/admin/counters/add", data={"csrf": token, "number": "1",
                                                     "name": "Quầy mới", "order_HT": "1"})
    assert field_errors(taken.text) == {"number": "Đã có quầy số 1 tại HQ."}
    assert 'value="Quầy mới"' in taken.text
    none = client.post("/admin/counters/add", data={"csrf": token, "number": "4"})
    assert field_errors(none.text) == {"services": "Quầy phải phục vụ ít nhất một dịch vụ."}
    english = client.post("/admin/counters/add?lang=en",
                          data={"csrf": token, "number": "4", "order_HT": "x"})
    assert field_errors(english.text) == {"services": "Enter a whole number, e.g. 1."}
    added = client.post("/admin/counters/add", data={
        "csrf": token, "number": "4", "name": "", "order_HT": "2", "order_DD": "1",
        "order_CT": ""}, follow_redirects=False)
    assert added.status_code == 303
    state = CenterService(center).counter(SITE, 4)
    assert (state.name, state.services) == ("Quầy 4", ("DD", "HT"))
    [event] = changes(center, "counter.added")[-1:]
    assert (event["counter"], event["services"], event["by"]) == (4, ["DD", "HT"], "admin")


def test_a_counter_is_renamed_reordered_and_taken_out_of_use(client: Any,
                                                              center: Database) -> None:
    """Counter 3 gets a new name and serves HT before DD (events name the admin); counter 2
    cannot be taken out of use while minh is logged in there (the message shows next to the
    box); once he has left it can, and the list marks it."""
    token = enter(client, "admin", "/admin/counters/3/edit")
    form = client.get("/admin/counters/3/edit").text
    assert form.index("order_DD") < form.index("order_HT") < form.index("order_CT")
    saved = client.post("/admin/counters/3/edit", data={
        "csrf": token, "name": "Quầy Đất đai", "active": "yes", "order_HT": "1",
        "order_DD": "2"}, follow_redirects=False)
    assert saved.status_code == 303
    state = CenterService(center).counter(SITE, 3)
    assert (state.name, state.services, state.active) == ("Quầy Đất đai", ("HT", "DD"), True)
    assert changes(center, "counter.changed")[-1]["by"] == "admin"
    reorder = changes(center, "counter.services")[-1]
    assert (reorder["before"], reorder["after"], reorder["by"]) == (
        ["DD", "HT"], ["HT", "DD"], "admin")
    busy = client.post("/admin/counters/2/edit", data={"csrf": token, "name": "Quầy 2",
                                                       "order_CT": "1"})
    assert busy.status_code == 422
    assert field_errors(busy.text)["active"].startswith("Quầy 2 đang có cán bộ đăng nhập")
    ClerkService(center).logout(SITE, 2)
    client.post("/admin/counters/2/edit", data={"csrf": token, "name": "Quầy 2",
                                                "order_CT": "1"})
    assert CenterService(center).counter(SITE, 2).active is False
    assert "ngừng dùng" in client.get("/admin/counters").text
