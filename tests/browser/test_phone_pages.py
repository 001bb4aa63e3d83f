"""Every page of the demo, as every demo account and as an anonymous visitor, on a 360×740 phone:
the page never scrolls sideways and no word is broken in the middle ("Sekretari|s Dinas").

A wide table may scroll inside its own box; the page may not. A word may break only where it
cannot fit on a line of its box at all (a long web address). The pages are the ones
``tests/demo_pages.py`` reaches by following links, the same list the HTML validity test checks.
"""

import pytest
from django.core.management import call_command

from komunitas.core.demo import DEMO_PASSWORD
from tests.browser.conftest import PHONE, TIMEOUT_MS, log_in
from tests.demo_pages import every_page

pytestmark = pytest.mark.browser

CHECK = r"""() => {
    const root = document.documentElement;
    const problems = [];
    if (root.scrollWidth > root.clientWidth) {
        problems.push(`the page scrolls sideways: ${root.scrollWidth} px in ${root.clientWidth}`);
    }
    for (const cell of document.querySelectorAll('table, th, td')) {
        const style = getComputedStyle(cell);
        if (style.overflowWrap === 'anywhere' || style.wordBreak === 'break-all'
            || style.wordBreak === 'break-word' || style.hyphens === 'auto') {
            problems.push(`a table may break words: <${cell.tagName.toLowerCase()}> has `
                          + `overflow-wrap:${style.overflowWrap} word-break:${style.wordBreak} `
                          + `hyphens:${style.hyphens}`);
            break;
        }
    }
    const blockOf = (el) => {
        while (el && getComputedStyle(el).display.startsWith('inline')) el = el.parentElement;
        return el;
    };
    const range = document.createRange();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const token = /\S+/g;
    const word = /[\p{L}\p{N}]{2,}/gu;
    const lines = (node, start, end) => {
        range.setStart(node, start);
        range.setEnd(node, end);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0);
        return {count: new Set(rects.map((r) => Math.round(r.bottom))).size,
                width: rects.reduce((sum, r) => sum + r.width, 0)};
    };
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const box = blockOf(node.parentElement);
        if (!box) continue;
        for (const t of node.data.matchAll(token)) {
            const whole = lines(node, t.index, t.index + t[0].length);
            // A token wider than its box (a long address) must break somewhere; a word that
            // would fit on a line of its own must not.
            if (whole.count < 2 || whole.width > box.clientWidth) continue;
            for (const w of t[0].matchAll(word)) {
                const start = t.index + w.index;
                if (lines(node, start, start + w[0].length).count > 1) {
                    problems.push(`"${w[0]}" is broken over two lines in `
                                  + `<${box.tagName.toLowerCase()} class="${box.className}">`);
                }
            }
        }
    }
    return problems;
}"""


def test_no_page_scrolls_sideways_or_breaks_a_word_on_a_phone(browser, site, client):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    pages = sorted(every_page(client))
    problems = []
    for account in ["anonymous", *sorted({account for account, _path in pages} - {"anonymous"})]:
        context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", **PHONE)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        if account != "anonymous":
            log_in(page, site, f"{account}@demo.test", DEMO_PASSWORD)
        for path in [path for who, path in pages if who == account]:
            page.goto(site + path)
            problems += [f"{account} {path}: {problem}" for problem in page.evaluate(CHECK)]
        context.close()
    assert not problems, f"{len(problems)} problems on a 360 px phone:\n" + "\n".join(problems)
