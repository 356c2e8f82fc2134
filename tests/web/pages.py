"""Looking at a page as a person would, and checking what every page promises.

:meth:`Visitor.see` is called on each page a test visits: it saves a screenshot under
``test-output/screenshots/<test>/`` and checks the page: one h1, headings in order, a
label for every control, a skip link first, no sideways scrolling at the window's width.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any, ClassVar

from tests.servers import ROOT

SHOTS = ROOT / "test-output" / "screenshots"

# Runs in the page: the facts the checks need, in one round trip.
FACTS = """() => {
  const headings = [...document.querySelectorAll("h1,h2,h3,h4,h5,h6")].map(h => +h.tagName[1]);
  const controls = [...document.querySelectorAll("input,select,textarea")]
    .filter(el => el.type !== "hidden")
    .filter(el => !(el.labels && el.labels.length) && !el.getAttribute("aria-label")
                  && !el.getAttribute("aria-labelledby"))
    .map(el => el.outerHTML.slice(0, 120));
  const focusable = document.querySelector(
    "a[href],button,input:not([type=hidden]),select,textarea");
  return {
    headings, unlabelled: controls, lang: document.documentElement.lang,
    first: focusable ? focusable.className : null,
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    mains: document.querySelectorAll("main").length,
  };
}"""


def check_page(page: Any) -> None:
    facts = page.evaluate(FACTS)
    where = page.url
    assert facts["headings"].count(1) == 1, f"{where}: {facts['headings'].count(1)} h1"
    assert facts["headings"][0] == 1, f"{where}: the first heading is not the h1"
    for before, after in zip(facts["headings"], facts["headings"][1:], strict=False):
        assert after <= before + 1, f"{where}: heading h{before} followed by h{after}"
    assert not facts["unlabelled"], f"{where}: controls without a label: {facts['unlabelled']}"
    assert facts["lang"] == "en" and facts["mains"] == 1, where
    assert facts["first"] == "skip", f"{where}: the first focusable element is not the skip link"
    assert facts["overflow"] <= 0, f"{where}: scrolls sideways by {facts['overflow']} px"


class Visitor:
    """One person's browser tab, whose pages are checked and photographed."""

    # Screenshots taken so far per test folder (a folder is emptied when a run first uses it).
    taken: ClassVar[dict[Path, int]] = {}

    def __init__(self, page: Any, test: str, who: str = "") -> None:
        self.page = page
        self.folder = shots_of(test)
        if self.folder not in self.taken:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.taken[self.folder] = 0
        self.folder.mkdir(parents=True, exist_ok=True)
        self.prefix = f"{who}-" if who else ""

    def see(self, label: str) -> None:
        check_page(self.page)
        self.taken[self.folder] += 1
        path = self.folder / f"{self.taken[self.folder]:02d}-{self.prefix}{label}.png"
        self.page.screenshot(path=str(path), full_page=True)

    def goto(self, url: str, label: str) -> None:
        response = self.page.goto(url)
        assert response is not None and response.ok, f"{url}: {response and response.status}"
        self.see(label)

    def log_in(self, base: str, name: str, password: str) -> None:
        self.page.goto(f"{base}/console/login")
        self.page.get_by_label("User name").fill(name)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Log in").click()
        self.page.wait_for_url(re.compile(r"/console/requests"))


def new_visitor(browser: Any, test: str, who: str = "", width: int = 1280) -> Visitor:
    context = browser.new_context(viewport={"width": width, "height": 640}, accept_downloads=True)
    return Visitor(context.new_page(), test, who)


def shots_of(test: str) -> Path:
    return SHOTS / re.sub(r"[^\w-]+", "_", test)


def tab_to(page: Any, selector: str, limit: int = 80) -> None:
    """Press Tab until ``selector`` has the focus, as a keyboard user moves through a page."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the focus in {limit} presses of Tab")


def focus_is_visible(page: Any) -> bool:
    return bool(
        page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle !== 'none'")
    )
