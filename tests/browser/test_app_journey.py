"""The app on the phone (docs/app.md): Chromium judges the site installable; a member reads a
thread she opened before without a network, writes a reply without a network that is sent once
when the signal returns, and logging out leaves nothing of hers on the phone."""

import pytest

from komunitas.communities.actions import do_add_member
from komunitas.discussions.actions import do_create_post
from komunitas.discussions.models import Post, Reply
from tests.browser.conftest import CHROMIUM_ARGS, PHONE, TIMEOUT_MS, _find_chromium, log_in
from tests.factories import make_community, make_user

pytestmark = pytest.mark.browser

REPLY = "Tiket keluar tiga soal, ditulis di ruang guru tanpa sinyal."


@pytest.fixture
def thread(db):
    ratna = make_user("ratna@contoh.test", full_name="Ratna Kusuma")
    community = make_community(ratna, name="Komunitas Numerasi", slug="numerasi")
    do_add_member(community=community, user=make_user("siti@contoh.test", full_name="Siti Rahayu"))
    return do_create_post(
        author=ratna,
        community=community,
        kind=Post.Kind.QUESTION,
        title="Asesmen diagnostik yang cepat?",
        body="Kelas 4 saya 32 murid.",
    )


def _controlled(page):
    """Wait until the service worker is active and controls the page."""
    page.evaluate("() => navigator.serviceWorker.ready")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def _stored(page):
    """What the site keeps on the device: cache names, the URLs in them, IndexedDB's items."""
    return page.evaluate(
        """async () => {
            const out = {caches: {}, queue: []};
            for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                out.caches[name] = (await cache.keys()).map((r) => new URL(r.url).pathname);
            }
            const names = (await indexedDB.databases()).map((d) => d.name);
            if (names.includes("kp")) {
                out.queue = await new Promise((resolve) => {
                    const open = indexedDB.open("kp");
                    open.onsuccess = () => {
                        const db = open.result;
                        if (!db.objectStoreNames.contains("queue")) {
                            db.close();
                            resolve([]);
                            return;
                        }
                        const all = db.transaction("queue").objectStore("queue").getAll();
                        all.onsuccess = () => { db.close(); resolve(all.result); };
                    };
                });
            }
            return out;
        }"""
    )


def test_chromium_judges_the_site_installable(browser, site, tmp_path):
    # Playwright's usual contexts are incognito, where nothing installs: a profile on disk here.
    context = browser.browser_type.launch_persistent_context(
        tmp_path, executable_path=_find_chromium(), args=CHROMIUM_ARGS, locale="id-ID", **PHONE
    )
    try:
        page = context.new_page()
        page.goto(f"{site}/akun/masuk/")
        _controlled(page)
        cdp = context.new_cdp_session(page)
        assert cdp.send("Page.getAppManifest")["errors"] == []
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    finally:
        context.close()


def test_read_and_write_without_a_network_then_log_out(page, site, thread):
    log_in(page, site, "siti@contoh.test")
    _controlled(page)
    url = f"{site}{thread.get_absolute_url()}"
    page.goto(url)
    page.locator("h1").get_by_text("Asesmen diagnostik").wait_for()

    # No signal: the thread opens again, marked as a saved copy with its time.
    page.context.set_offline(True)
    page.goto(url)
    assert "Asesmen diagnostik" in page.locator("h1").inner_text()
    assert page.locator(".kp-saved").inner_text().startswith("Salinan tersimpan, ")
    # A page never opened: the offline page, in her language.
    page.goto(f"{site}/pustaka/")
    assert page.locator("h1").inner_text() == "Tidak ada sinyal"

    # She answers without a network: the reply waits on the phone, shown as waiting.
    page.goto(url)
    page.fill("textarea[name=body]", REPLY)
    page.get_by_role("button", name="Kirim balasan").click()
    page.locator(".kp-queue").get_by_text("Menunggu sinyal").wait_for()
    assert REPLY in page.locator(".kp-queue").inner_text()
    assert not Reply.objects.exists()
    assert len(_stored(page)["queue"]) == 1

    # The signal returns: it is sent, once.
    page.context.set_offline(False)
    page.locator(".kp-sent").wait_for()
    page.wait_for_function("() => !document.querySelector('.kp-queue')")
    assert list(Reply.objects.values_list("body", flat=True)) == [REPLY]
    assert _stored(page)["queue"] == []
    page.goto(url)
    assert page.get_by_text(REPLY).is_visible()
    # Sending the same submission again (a retry after a lost answer) creates nothing new.
    page.evaluate("() => navigator.serviceWorker.controller.postMessage({type: 'flush'})")
    assert Reply.objects.count() == 1

    stored = _stored(page)
    assert thread.get_absolute_url() in stored["caches"]["kp-pages"]

    # She logs out: nothing of hers stays on the phone.
    with page.expect_navigation():
        page.get_by_role("button", name="Keluar").click()
    _controlled(page)  # the login page starts a fresh worker
    stored = _stored(page)
    assert "kp-pages" not in stored["caches"]
    assert all(thread.get_absolute_url() not in urls for urls in stored["caches"].values())
    assert stored["queue"] == []
    page.context.set_offline(True)
    page.goto(url)
    assert page.locator("h1").inner_text() == "Tidak ada sinyal"
    assert "Asesmen diagnostik" not in page.content()


def test_another_member_signing_in_finds_nothing_of_the_last(page, site, thread):
    """Siti's session ends without her logging out; Ratna signs in on the same phone."""
    log_in(page, site, "siti@contoh.test")
    _controlled(page)
    page.goto(f"{site}{thread.get_absolute_url()}")
    page.wait_for_function(
        """async (path) => (await (await caches.open("kp-pages")).keys())
            .some((r) => new URL(r.url).pathname === path)""",
        arg=thread.get_absolute_url(),
    )
    page.context.clear_cookies()
    log_in(page, site, "ratna@contoh.test")
    page.wait_for_function(
        """async (path) => !(await caches.has("kp-pages")) ||
            !(await (await caches.open("kp-pages")).keys())
                .some((r) => new URL(r.url).pathname === path)""",
        arg=thread.get_absolute_url(),
    )


def test_chromium_honours_clear_site_data_without_the_worker(browser, site, thread):
    """The server's Clear-Site-Data alone empties caches and IndexedDB (a phone whose worker
    never started, or was stopped). The worker is blocked for the whole visit: unregistering it
    from the page leaves it controlling that page until the next navigation, which made this
    test depend on timing."""
    context = browser.new_context(
        locale="id-ID", timezone_id="Asia/Jakarta", service_workers="block", **PHONE
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        log_in(page, site, "siti@contoh.test")
        assert page.evaluate("() => navigator.serviceWorker.controller") is None
        page.evaluate(
            """async () => {
                await (await caches.open("kp-pages")).put("/secret/", new Response("rahasia"));
                await new Promise((resolve) => {
                    const open = indexedDB.open("kp", 1);
                    open.onupgradeneeded = () => open.result.createObjectStore("queue",
                        {keyPath: "id", autoIncrement: true});
                    open.onsuccess = () => {
                        const tx = open.result.transaction("queue", "readwrite");
                        tx.objectStore("queue").add({state: "waiting", fields: []});
                        tx.oncomplete = () => { open.result.close(); resolve(); };
                    };
                });
            }"""
        )
        page.reload()
        stored = _stored(page)
        assert "/secret/" in stored["caches"]["kp-pages"] and len(stored["queue"]) == 1
        with page.expect_navigation():
            page.get_by_role("button", name="Keluar").click()
        stored = _stored(page)
        assert "kp-pages" not in stored["caches"]
        assert stored["queue"] == []
    finally:
        context.close()
