/*
 * @mention suggestions for the text fields of discussions (no framework, no inline script).
 *
 * A textarea with data-mention-url becomes an ARIA combobox: typing "@" and a letter asks
 * that address (?q=the letters) for up to eight members of the community, shown as a listbox
 * under the field. Up/Down choose, Enter or Tab mentions, Escape closes; a tap mentions on a
 * phone. The text gets "@Full Name ", which the server recognises when the post is sent.
 * Escape closes the list until the letters after "@" change.
 *
 * Kind to the server: it waits for a pause in typing, cancels an answer no longer wanted,
 * remembers answers for the page, and asks nothing for letters that extend a query that found
 * no one. Without JavaScript the textarea works as before.
 */
(function () {
  "use strict";

  var DELAY_MS = 200;
  var MAX_QUERY = 60;
  // The same shape the server reads (services.MENTION): "@" not inside a word or an address,
  // then up to five words that start with a letter. Matched against the text before the caret.
  var TOKEN = /(?<![\p{L}\p{N}_@.])@(\p{L}[\p{L}\p{N}_'.\-]*(?: \p{L}[\p{L}\p{N}_'.\-]*){0,4})$/u;
  var counter = 0;

  function MentionBox(field) {
    this.field = field;
    this.url = field.getAttribute("data-mention-url");
    this.answers = new Map(); // query -> fragment text
    this.empty = []; // queries that found no one
    this.timer = null;
    this.request = null;
    this.token = null; // {start, query} of the "@..." being typed
    this.dismissed = ""; // the token Escape closed the list on (typing on opens it again)
    this.active = -1;

    counter += 1;
    var id = (field.id || "mention-field-" + counter) + "-mentions";
    this.list = document.createElement("ul");
    this.list.id = id;
    this.list.className = "dz-mentions";
    this.list.setAttribute("role", "listbox");
    this.list.hidden = true;
    var label = field.labels && field.labels[0];
    if (label) {
      if (!label.id) label.id = id + "-label";
      this.list.setAttribute("aria-labelledby", label.id);
    }
    this.status = document.createElement("p");
    this.status.className = "visually-hidden";
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");

    var holder = document.createElement("div");
    holder.className = "dz-mention-holder";
    field.insertAdjacentElement("afterend", holder);
    holder.appendChild(this.list);
    holder.appendChild(this.status);

    field.setAttribute("role", "combobox");
    field.setAttribute("aria-autocomplete", "list");
    field.setAttribute("aria-expanded", "false");
    field.setAttribute("aria-controls", id);

    var self = this;
    field.addEventListener("input", function () { self.onInput(); });
    field.addEventListener("keydown", function (event) { self.onKey(event); });
    field.addEventListener("blur", function () { self.close(); });
    field.addEventListener("click", function () { self.onInput(); });
    // Keep the focus (and the phone's keyboard) in the textarea when an option is touched.
    this.list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    this.list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) self.choose(option);
    });
  }

  MentionBox.prototype.options = function () {
    return Array.prototype.slice.call(this.list.querySelectorAll("[role=option]"));
  };

  MentionBox.prototype.onInput = function () {
    var field = this.field;
    if (field.selectionStart !== field.selectionEnd) return this.close();
    var before = field.value.slice(0, field.selectionStart);
    var match = TOKEN.exec(before.slice(-(MAX_QUERY + 2))); // with the letter before "@"
    if (!match || match[1].length > MAX_QUERY) {
      this.token = null;
      return this.close();
    }
    var start = field.selectionStart - match[0].length;
    if (start + ":" + match[1] === this.dismissed) return;
    this.dismissed = "";
    this.token = { start: start, query: match[1] };
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.ask(match[1]); }, DELAY_MS);
  };

  MentionBox.prototype.ask = function (query) {
    var key = query.toLowerCase();
    if (this.answers.has(key)) return this.show(this.answers.get(key));
    for (var i = 0; i < this.empty.length; i += 1) {
      if (key.indexOf(this.empty[i]) === 0) return this.close();
    }
    if (this.request) this.request.abort();
    var request = new AbortController();
    this.request = request;
    var self = this;
    fetch(this.url + "?q=" + encodeURIComponent(query), {
      credentials: "same-origin",
      headers: { Accept: "text/html" },
      signal: request.signal,
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (text) {
        self.request = null;
        self.answers.set(key, text);
        if (self.token && self.token.query.toLowerCase() === key) self.show(text);
      })
      .catch(function () {
        if (self.request === request) self.request = null;
      });
  };

  MentionBox.prototype.show = function (text) {
    var parsed = new DOMParser().parseFromString(text, "text/html");
    var fragment = parsed.querySelector("ul");
    var items = fragment ? fragment.querySelectorAll("li[role=option]") : [];
    if (!this.token || !items.length) {
      if (this.token) this.empty.push(this.token.query.toLowerCase());
      return this.close();
    }
    var list = this.list;
    list.textContent = "";
    for (var i = 0; i < items.length; i += 1) {
      var option = document.importNode(items[i], true);
      option.id = list.id + "-" + i;
      list.appendChild(option);
    }
    var wasHidden = list.hidden;
    list.hidden = false;
    this.field.setAttribute("aria-expanded", "true");
    this.status.textContent = fragment.getAttribute("data-summary") || "";
    this.highlight(0);
    if (wasHidden && list.scrollIntoView) list.scrollIntoView({ block: "nearest" });
  };

  MentionBox.prototype.highlight = function (index) {
    var options = this.options();
    if (!options.length) return;
    this.active = (index + options.length) % options.length;
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === this.active ? "true" : "false");
    }, this);
    this.field.setAttribute("aria-activedescendant", options[this.active].id);
  };

  MentionBox.prototype.close = function () {
    clearTimeout(this.timer);
    if (this.list.hidden) return;
    this.list.hidden = true;
    this.list.textContent = "";
    this.status.textContent = "";
    this.active = -1;
    this.field.setAttribute("aria-expanded", "false");
    this.field.removeAttribute("aria-activedescendant");
  };

  MentionBox.prototype.onKey = function (event) {
    if (this.list.hidden || event.isComposing) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      this.highlight(this.active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter" || event.key === "Tab") {
      var option = this.options()[this.active];
      if (option) {
        event.preventDefault();
        this.choose(option);
      }
    } else if (event.key === "Escape") {
      event.preventDefault();
      if (this.token) this.dismissed = this.token.start + ":" + this.token.query;
      this.close();
    }
  };

  MentionBox.prototype.choose = function (option) {
    var field = this.field;
    var token = this.token;
    if (!token) return this.close();
    var name = option.getAttribute("data-mention");
    var end = field.selectionStart;
    var after = field.value.slice(end);
    var insert = "@" + name + (/^\s/.test(after) ? "" : " ");
    field.value = field.value.slice(0, token.start) + insert + after;
    var caret = token.start + insert.length;
    field.setSelectionRange(caret, caret);
    this.token = null;
    this.close();
    field.focus();
    // Tell the form (the draft autosave listens) that the text changed.
    field.dispatchEvent(new Event("input", { bubbles: true }));
  };

  function enhance(root) {
    var fields = root.querySelectorAll("textarea[data-mention-url]");
    for (var i = 0; i < fields.length; i += 1) {
      if (!fields[i].mentionBox) fields[i].mentionBox = new MentionBox(fields[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
})();
