"""Every control of the body editor's toolbar has an accessible name and an icon or label
that the browser draws with the fonts it has: no empty box for a glyph a font lacks."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.admin_session import ARTIFACTS, log_in
from tests.factories import BriefFactory, CountryFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# What a toolbar control draws, and what of it fails to draw. A character is missing when
# the browser draws it exactly as it draws U+10FFFD, a code point no font has (the empty
# box, or nothing). An icon of the Material Icons font is a ligature, its name in letters
# drawn as one glyph about 1em wide; a name the font has no ligature for is drawn letter
# by letter, far wider.
DRAWN = r"""
(control) => {
  const canvas = document.createElement("canvas")
  canvas.width = canvas.height = 64
  const context = canvas.getContext("2d", { willReadFrequently: true })
  const pixels = (text, font) => {
    context.clearRect(0, 0, 64, 64)
    context.font = font
    context.fillText(text, 8, 48)
    return context.getImageData(0, 0, 64, 64).data.join()
  }
  const missing = (text, style) => {
    const font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
    const nothing = pixels("\u{10FFFD}", font)
    return [...text].filter((char) => char.trim() && pixels(char, font) === nothing)
  }
  const found = []
  for (const pseudo of ["::before", "::after"]) {
    const style = getComputedStyle(control, pseudo)
    const quoted = /^"(.*)"$/.exec(style.content)
    if (quoted) found.push(...missing(quoted[1], style).map((char) => `${pseudo} ${char}`))
  }
  const style = getComputedStyle(control)
  const range = document.createRange()
  range.selectNodeContents(control)
  const box = range.getBoundingClientRect()
  const icon = control.classList.contains("material-icons")
  if (!icon && !control.querySelector("svg")) found.push(...missing(control.textContent, style))
  const em = parseFloat(style.fontSize)
  if (icon && box.width > 1.5 * em) found.push(`no icon “${control.textContent}”`)
  if (box.width <= 0 || box.height <= 0) found.push("draws nothing")
  return found
}
"""


def test_every_toolbar_control_has_a_name_and_draws_its_icon_or_label(live_server, page):
    """Buttons and the heading menu: each named for assistive technology, and each of
    their icons and labels drawn (a screenshot of the toolbar is kept in test-artifacts)."""
    UserFactory(username="editor", is_superuser=True)
    brief = BriefFactory(countries=[CountryFactory(code="QY")])
    log_in(page, live_server.url, "editor")
    page.goto(f"{live_server.url}/admin/briefs/brief/{brief.pk}/change/")
    page.evaluate("document.fonts.ready")
    toolbar = page.locator(".field-body .prose-menubar").first
    expect(toolbar).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    toolbar.screenshot(path=ARTIFACTS / "body-editor-toolbar.png")

    controls = toolbar.locator("button, .prose-menubar__selected")
    assert controls.count() > 20
    problems = []
    for index in range(controls.count()):
        control = controls.nth(index)
        if not control.is_visible():
            continue
        if control.evaluate("element => element.matches('button')"):
            expect(control).to_have_accessible_name(re.compile(r"\w"))
        described = control.evaluate("element => element.title || element.className")
        problems += [f"{described}: {problem}" for problem in control.evaluate(DRAWN)]
    assert not problems, "\n".join(problems)
