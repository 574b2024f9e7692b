"""axe-core on every page a browser test opens, at desktop and phone widths.

The `page` fixture hands tests an `AuditedPage`: before the test touches a
newly loaded document (and once more when the test ends), axe-core checks it
at the width the test uses and at the other one, as whoever is logged in.
Violations, and colour-contrast checks axe could not decide ("needs review"),
fail the test. axe-core's script comes bundled in the axe-playwright-python
package; it is evaluated through the DevTools protocol, so the site's strict
Content-Security-Policy stays on for the test."""

from importlib.resources import files

from playwright.sync_api import Error as PlaywrightError

AXE_SCRIPT = files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# What axe leaves to review ("needs review") is worked out here, as a reviewer would: the colour of the text (or
# an SVG label's fill) against the first opaque background behind it in the page's own boxes — a sticky bar
# passing over it, a glyph-only character, an SVG label or a short value do not make that unknowable. Text needs
# 4.5:1 (3:1 when large), a glyph alone 3:1 (WCAG 1.4.3, 1.4.11). Text on a background image stays a problem:
# no colour can be read behind it, so the page must change.
CONTRAST = """el => {
  const rgba = s => (s.match(/[\\d.]+/g) || [0, 0, 0, 0]).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
                                      .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const own = getComputedStyle(el);
  const svg = el instanceof SVGElement && own.fill && own.fill !== "none";
  const fg = rgba(svg ? own.fill : own.color);
  for (let node = el instanceof SVGElement ? el.closest("svg").parentElement : el; node; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (style.backgroundImage !== "none") return 0;
    const bg = rgba(style.backgroundColor);
    if (bg.length < 4 || bg[3] > 0.99) {
      const [a, b] = [lum(fg), lum(bg)];
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }
  }
  return 1.05 / (lum(fg) + 0.05);  // the white page
}"""


def contrast(locator) -> float:
    """The contrast of an element's text (or SVG fill) with the first opaque background behind it, as the
    audit works it out."""
    return locator.evaluate(CONTRAST)


RUN = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations", "incomplete"]});
  const contrast = CONTRAST_FUNCTION;
  const needed = (el, summary) => {
    if (summary.includes("non-text characters") || !/[\\p{L}\\p{N}]/u.test(el.textContent)) return 3;
    const style = getComputedStyle(el), size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    return size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
  };
  const summary = node => node.target.join(" ") + " — " + (node.failureSummary || "").replace(/\\s+/g, " ").slice(0, 200);
  const undecided = results.incomplete.filter(rule => rule.id === "color-contrast").flatMap(rule => rule.nodes)
    .filter(node => {
      const el = document.querySelector(node.target[0]), text = node.failureSummary || "";
      if (!el || text.includes("background image") || text.includes("gradient")) return true;
      return contrast(el) < needed(el, text);
    });
  return [
    ...results.violations.map(rule => ({rule: rule.id, impact: rule.impact, nodes: rule.nodes.map(summary)})),
    ...(undecided.length ? [{rule: "color-contrast (needs review)", impact: "serious", nodes: undecided.map(summary)}] : []),
  ];
}""".replace("CONTRAST_FUNCTION", CONTRAST)


# A page already audited in this run, as the same person, in the same language and with the same kinds of
# parts (the same route with other ids, a reload): not audited again. Another question type on it, another
# role or language, or another state of the page (a form, a dialog, a table more) is audited afresh.
SIGNATURE = """() => [
  location.pathname.replace(/\\/\\d+(?=\\/|$)/g, "/N") + location.search.replace(/=\\d+/g, "=N"),
  document.title, document.documentElement.lang, (document.querySelector("header") || {}).innerText || "",
  ["form", "table", "textarea", "select", "input[type=radio]", "input[type=checkbox]", "details", "dialog",
   "[role=alert]", ".feedback", ".question"].map(selector => document.querySelectorAll(selector).length).join(","),
]"""
AUDITED: set[tuple] = set()


class Auditor:
    def __init__(self, origin: str):
        self.origin = origin  # only Casebook's own pages: not the stand-in LMS of the LTI tests
        self.problems: list[str] = []
        self.pages = 0
        self.watched: list = []

    def finish(self) -> None:
        """Audit the last document of every page the test had, as it left them."""
        for page in self.watched:
            if not page.is_closed():
                self.check(page)

    def check(self, page) -> None:
        """Audit the current document if it is loaded and not yet audited; a page mid-navigation waits for the
        next call."""
        try:
            ready = page.evaluate("() => document.readyState === 'complete' && !window.__casebookAudited")
            if not ready or not page.url.startswith(self.origin):
                return
            page.evaluate("() => { window.__casebookAudited = true; }")
            signature = tuple(page.evaluate(SIGNATURE))
            if signature in AUDITED:
                return
            size = page.viewport_size or DESKTOP
            other = PHONE if size["width"] > PHONE["width"] else DESKTOP
            self._run(page, size)
            scroll = page.evaluate("() => [scrollX, scrollY]")
            page.set_viewport_size(other)
            self._run(page, other)
            page.set_viewport_size(size)
            page.evaluate("([x, y]) => scrollTo(x, y)", scroll)
            AUDITED.add(signature)
        except PlaywrightError as error:
            # The test navigated while axe ran: the next document is audited when the test touches it.
            if "Execution context was destroyed" not in str(error) and "navigation" not in str(error):
                raise
        self.pages += 1

    def _run(self, page, size) -> None:
        page.evaluate("() => new Promise(requestAnimationFrame)")
        if not page.evaluate("() => typeof axe !== 'undefined'"):
            page.evaluate(AXE_SCRIPT)
        for problem in page.evaluate(RUN):
            self.problems.append(f"{page.url} at {size['width']} px: {problem['rule']} ({problem['impact']}): "
                                 + "; ".join(problem["nodes"][:5]))


class AuditedPage:
    """A Playwright page that lets the auditor look at each new document before the test uses it."""

    def __init__(self, page, auditor: Auditor):
        object.__setattr__(self, "_page", page)
        object.__setattr__(self, "_auditor", auditor)
        auditor.watched.append(page)

    def __getattr__(self, name):
        if name not in ("url", "viewport_size", "context", "is_closed", "on", "set_default_timeout"):
            self._auditor.check(self._page)
        return getattr(self._page, name)

    def __setattr__(self, name, value):
        setattr(self._page, name, value)
