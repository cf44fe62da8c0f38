from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pressing_shift_three_times_leaves_and_back_does_not_return(page, live_server):
    page.goto("/")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(re.compile(r"bbc\.com"))

    page.go_back()
    # location.replace took the Chorus page out of the history: Back cannot show it again.
    assert live_server.url not in page.url


def test_the_quick_exit_button_leaves_at_once(page):
    page.goto("/")
    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url(re.compile(r"bbc\.com"))


def test_keyboard_users_reach_a_quick_exit_link_first(page):
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Leave this site now"
