/*
 * The service worker of Komunitas Praktisi (docs/app.md). Served by core.views.service_worker at
 * /sw.js, so its scope is the whole site; the settings below come from core/pwa.py.
 *
 * - Static files: precached per version (a hash of the static files), cache first; a new
 *   version drops the old caches when it activates.
 * - Pages: from the network; the pages the server marks "Offline-Copy: keep" are kept (at most
 *   maxPages, for maxAgeMs) and shown, marked as a saved copy, when the network is gone; any
 *   other page gives the offline page.
 * - Forms with a submission key sent without a network are kept in IndexedDB and sent again,
 *   with the same key, when the network returns (Background Sync, or a page saying "online").
 * - Logging out empties every cache and the queue; so does another member signing in.
 */
"use strict";

const C = {{ settings|safe }};
const STATIC = "kp-static-" + C.version;
const PAGES = "kp-pages";
const DB = "kp";
const QUEUE = "queue";
const META = "kp-meta";
const MEMBER = "/kp-meta/member";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(STATIC)
      .then((cache) => cache.addAll(C.precache.concat([C.offline])))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((name) => name.startsWith("kp-static-") && name !== STATIC)
          .map((name) => caches.delete(name))
      ))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST") {
    if (url.pathname === C.logout) {
      event.respondWith(clearAll().then(() => fetch(request)));
    } else if (request.mode === "navigate") {
      event.respondWith(sendOrKeep(request));
    }
  } else if (request.method === "GET") {
    if (url.pathname.startsWith(C.static)) {
      event.respondWith(staticFile(request));
    } else if (request.mode === "navigate") {
      event.respondWith(page(event));
    }
  }
});

self.addEventListener("sync", (event) => {
  if (event.tag === "kp-queue") event.waitUntil(flush());
});

self.addEventListener("message", (event) => {
  const type = event.data && event.data.type;
  if (type === "hello") {
    event.waitUntil(signedIn(event.data.member)
      .then(() => (event.data.flush ? flush() : null))
      .then(() => list(event.source)));
  } else if (type === "flush") {
    event.waitUntil(flush().then(() => list(event.source)));
  } else if (type === "list") {
    event.waitUntil(list(event.source));
  } else if (type === "discard") {
    event.waitUntil(withStore("readwrite", (store) => store.delete(event.data.id))
      .then(() => list(event.source)));
  } else if (type === "clear") {
    event.waitUntil(clearAll());
  }
});

// Static files ---------------------------------------------------------------------------------

async function staticFile(request) {
  const cache = await caches.open(STATIC);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") cache.put(request, response.clone());
  return response;
}

// Pages ----------------------------------------------------------------------------------------

async function page(event) {
  const request = event.request;
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    return (await savedCopy(request.url)) ||
      (await caches.match(C.offline, { cacheName: STATIC })) ||
      Response.error();
  }
  if (response.status === 200 && response.headers.get("Offline-Copy") === "keep") {
    event.waitUntil(keepPage(request.url, response.clone()));
  }
  event.waitUntil(offlinePageIn(response.headers.get("Content-Language")));
  return response;
}

async function keepPage(url, response) {
  const headers = new Headers(response.headers);
  headers.set("Saved-At", String(Date.now()));
  headers.delete("Content-Length");
  headers.delete("Content-Encoding");
  const copy = new Response(await response.blob(), { status: 200, headers: headers });
  const cache = await caches.open(PAGES);
  await cache.delete(url); // put it last: the oldest copies are the first keys
  await cache.put(url, copy);
  const keys = await cache.keys();
  const old = Date.now() - C.maxAgeMs;
  for (let i = 0; i < keys.length; i++) {
    const kept = await cache.match(keys[i]);
    if (i < keys.length - C.maxPages || !kept || Number(kept.headers.get("Saved-At")) < old) {
      await cache.delete(keys[i]);
    }
  }
}

async function savedCopy(url) {
  const cache = await caches.open(PAGES);
  const kept = await cache.match(url);
  if (!kept) return null;
  const savedAt = Number(kept.headers.get("Saved-At"));
  if (!(savedAt > Date.now() - C.maxAgeMs)) {
    await cache.delete(url);
    return null;
  }
  // The page script shows "Saved copy, <time>" when the body says when it was saved.
  const html = (await kept.text()).replace("<body", '<body data-saved-at="' + savedAt + '"');
  return new Response(html, { status: 200, headers: kept.headers });
}

async function offlinePageIn(language) {
  // The offline page in the language the member reads now (it was kept at install).
  const cache = await caches.open(STATIC);
  const kept = await cache.match(C.offline);
  if (language && (!kept || kept.headers.get("Content-Language") !== language)) {
    try {
      await cache.add(C.offline);
    } catch (error) { /* next time */ }
  }
}

// The queue of submissions waiting for a signal ------------------------------------------------

async function sendOrKeep(request) {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch (error) {
    let form;
    try {
      form = await copy.formData();
    } catch (unreadable) {
      form = null;
    }
    if (!form || !form.has("submission")) {
      return (await caches.match(C.offline, { cacheName: STATIC })) || Response.error();
    }
    const fields = [];
    form.forEach((value, name) => fields.push([name, value]));
    await withStore("readwrite", (store) => store.add({
      url: copy.url,
      page: copy.referrer || "/",
      fields: fields,
      at: Date.now(),
      state: "waiting",
    }));
    if (self.registration.sync) {
      try {
        await self.registration.sync.register("kp-queue");
      } catch (unsupported) { /* the pages ask when they are online again */ }
    }
    // Back to the page it was written on (its saved copy), which shows it as waiting.
    return Response.redirect(copy.referrer || "/", 303);
  }
}

let flushing = null;

function flush() {
  if (!flushing) flushing = sendAll().finally(() => { flushing = null; });
  return flushing;
}

async function sendAll() {
  const items = await withStore("readonly", (store) => store.getAll());
  for (const item of items) {
    if (item.state !== "waiting") continue;
    const body = new FormData();
    for (const [name, value] of item.fields) body.append(name, value);
    let response;
    try {
      response = await fetch(item.url, { method: "POST", body: body, credentials: "same-origin" });
    } catch (offline) {
      return;
    }
    if (response.status >= 500 || response.status === 429) return; // the server asks for later
    const landed = new URL(response.url);
    if (response.ok && landed.pathname !== C.login) {
      // Sent, or sent before: the submission key makes the server answer with the first result.
      await withStore("readwrite", (store) => store.delete(item.id));
      await tell({ type: "sent", id: item.id, url: response.url });
    } else {
      // Refused (a form error, a session that ended): kept, so the text is not lost.
      item.state = "rejected";
      await withStore("readwrite", (store) => store.put(item));
    }
  }
}

async function list(client) {
  const items = await withStore("readonly", (store) => store.getAll());
  const shown = items.map((item) => ({
    id: item.id,
    url: item.url,
    page: item.page,
    at: item.at,
    state: item.state,
    text: item.fields
      .filter(([name, value]) => typeof value === "string" && value.trim() &&
        !/^(csrfmiddlewaretoken|submission|draft_key|draft_opened)$/.test(name))
      .map(([, value]) => value)
      .join("\n"),
  }));
  if (client) client.postMessage({ type: "queue", items: shown });
}

async function tell(message) {
  for (const client of await self.clients.matchAll({ type: "window" })) client.postMessage(message);
}

function withStore(mode, work) {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open(DB, 1);
    opening.onupgradeneeded = () => {
      opening.result.createObjectStore(QUEUE, { keyPath: "id", autoIncrement: true });
    };
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => {
      const db = opening.result;
      const transaction = db.transaction(QUEUE, mode);
      const asked = work(transaction.objectStore(QUEUE));
      transaction.oncomplete = () => { db.close(); resolve(asked.result); };
      transaction.onerror = () => { db.close(); reject(transaction.error); };
    };
  });
}

// Who is signed in ------------------------------------------------------------------------------

async function signedIn(member) {
  const meta = await caches.open(META);
  const last = await meta.match(MEMBER);
  if (last && (await last.text()) !== member) await clearAll();
  await (await caches.open(META)).put(MEMBER, new Response(member));
}

// Logging out ----------------------------------------------------------------------------------

async function clearAll() {
  const names = await caches.keys();
  await Promise.all(names.map((name) => caches.delete(name)));
  await new Promise((resolve) => {
    const deleting = indexedDB.deleteDatabase(DB);
    deleting.onsuccess = deleting.onerror = deleting.onblocked = () => resolve();
  });
}
