/*
 * The app on the phone, the page's side (docs/app.md): registers the service worker (/sw.js),
 * marks a page opened without a network as a saved copy with its time, lists what waits on this
 * device for a signal, asks the worker to send it when the network returns, and empties the
 * device when the member logs out. The words come from the page (#kp-strings, in the member's
 * language). Without JavaScript, or without service workers, the site works online as always.
 */
(function () {
  "use strict";

  if (!("serviceWorker" in navigator)) return;
  var script = document.getElementById("kp-app");
  navigator.serviceWorker.register(script.getAttribute("data-sw"), { scope: "/" });

  var data = document.getElementById("kp-strings");
  if (!data) return; // not signed in: nothing is kept or queued
  var words = JSON.parse(data.textContent);
  var main = document.getElementById("main");

  function when(ms) {
    return new Date(ms).toLocaleString(document.documentElement.lang || undefined, {
      dateStyle: "medium",
      timeStyle: "short",
    });
  }

  function note(className) {
    var box = document.createElement("div");
    box.className = "msg " + className;
    box.setAttribute("role", "status");
    main.insertBefore(box, main.firstChild);
    return box;
  }

  var savedAt = document.body.getAttribute("data-saved-at");
  if (savedAt) note("kp-saved").textContent = words.saved.replace("{time}", when(Number(savedAt)));

  var queueBox = null;

  function showQueue(items) {
    if (queueBox) queueBox.remove();
    queueBox = null;
    if (!items.length) return;
    queueBox = note("kp-queue");
    var list = document.createElement("ul");
    items.forEach(function (item) {
      var row = document.createElement("li");
      row.setAttribute("data-state", item.state);
      var head = document.createElement("strong");
      head.textContent = (item.state === "waiting" ? words.waiting : words.rejected) + " ";
      var time = document.createElement("span");
      time.className = "hint";
      time.textContent = words.queued + ", " + when(item.at);
      var text = document.createElement("p");
      text.className = "kp-queued-text";
      text.textContent = item.text;
      row.append(head, time, text);
      if (item.state !== "waiting") {
        var discard = document.createElement("button");
        discard.type = "button";
        discard.textContent = words.discard;
        discard.addEventListener("click", function () { ask({ type: "discard", id: item.id }); });
        row.append(discard);
      }
      list.append(row);
    });
    queueBox.append(list);
  }

  function ask(message) {
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage(message);
    });
  }

  navigator.serviceWorker.addEventListener("message", function (event) {
    var message = event.data || {};
    if (message.type === "queue") {
      showQueue(message.items);
    } else if (message.type === "sent") {
      var done = note("kp-sent");
      var link = document.createElement("a");
      link.href = message.url;
      link.textContent = words.sent;
      done.append(link);
      ask({ type: "list" });
    }
  });

  window.addEventListener("online", function () { ask({ type: "flush" }); });
  // Who is signed in (another member on this phone: the worker drops the last one's pages and
  // queue first), then send what waits, or just list it without a network.
  ask({ type: "hello", member: words.member, flush: navigator.onLine });

  // Logging out: the server's Clear-Site-Data empties the device; the worker does too, at once.
  var logout = document.querySelector("form[data-logout]");
  if (logout) logout.addEventListener("submit", function () { ask({ type: "clear" }); });
})();
