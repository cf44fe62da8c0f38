"""Chart labels stay inside their drawing and apart: the month timeline's first and last
labels, centred under their column at the very edge, were cut to "tember 2017" and
"December 20"."""

from __future__ import annotations

import pytest

from archive.counts.demo import demo_dataset_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUTSIDE = """() => [...document.querySelectorAll("svg.chart-svg")].flatMap(svg => {
  const width = svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll("text")]
    .map(t => [t.textContent, t.getBBox()])
    .filter(([, box]) => box.x < -0.5 || box.x + box.width > width + 0.5)
    .map(([label, box]) => `${label}: ${Math.round(box.x)}..${Math.round(box.x + box.width)} of ${width}`);
})"""
OVERLAPPING = """() => [...document.querySelectorAll("svg.chart-svg")].flatMap(svg => {
  const boxes = [...svg.querySelectorAll("text.tick")].map(t => [t.textContent, t.getBBox()])
    .sort((a, b) => a[1].x - b[1].x);
  return boxes.slice(1).filter(([, box], i) => box.x < boxes[i][1].x + boxes[i][1].width)
    .map(([label], i) => `${boxes[i][0]} runs into ${label}`);
})"""


@pytest.mark.parametrize("locale", ["en-GB", "fr-FR"])
def test_every_chart_label_fits_inside_its_chart(browser, live_server, locale):
    demo_dataset_load()
    context = browser.new_context(base_url=live_server.url, locale=locale)
    page = context.new_page()
    try:
        page.goto("/statistics/")
        assert page.locator("svg.chart-svg text.tick").count() >= 6
        assert page.evaluate(OUTSIDE) == []
        assert page.evaluate(OVERLAPPING) == []
    finally:
        context.close()
