// reterete: the phone page /log. An entry gets a client_id made here
// (crypto.randomUUID), waits in this browser's storage (localStorage) and is
// sent to POST /api/contacts when there is a connection; the server stores a
// client_id once, and the entry leaves the storage only once the server has
// answered that it holds it. Text only (textContent), never innerHTML.
"use strict";
(function () {
  var form = document.getElementById("log-form");
  if (!form) { return; }
  var status = document.getElementById("log-status");
  var statusText = document.getElementById("log-status-text");
  var words = document.getElementById("log-words").content.firstElementChild;
  var user = form.getAttribute("data-user") || "";
  var zone = form.getAttribute("data-zone") || undefined;
  var KEY = "reterete-log:" + user;
  var csrf = form.getAttribute("data-csrf") || "";
  var sending = false;
  var csrfRetried = false;
  var known = {};
  Array.prototype.forEach.call(document.querySelectorAll("#actor-names option"), function (o) {
    known[o.value.trim().toLocaleLowerCase()] = o.value;
  });

  function say(key, tone) {
    statusText.textContent = status.getAttribute("data-" + key);
    status.className = "notice" + (tone ? " " + tone : "");
  }
  function queue() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function store(items) {
    if (items.length) { window.localStorage.setItem(KEY, JSON.stringify(items)); }
    else { window.localStorage.removeItem(KEY); }
    showWaiting();
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }
  function newId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
  }
  function nowHere() {
    // the project's time zone, as YYYY-MM-DDTHH:MM
    try {
      var parts = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit",
        day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date());
      var p = {};
      parts.forEach(function (x) { p[x.type] = x.value; });
      return p.year + "-" + p.month + "-" + p.day + "T" + p.hour + ":" + p.minute;
    } catch (e) {
      return form.elements.when.value;
    }
  }

  // ---- actors: chips, registry names proposed, new names marked
  var chips = document.getElementById("log-actors");
  var input = document.getElementById("actor-input");
  function actors() {
    return Array.prototype.map.call(chips.querySelectorAll("li"), function (li) { return li.getAttribute("data-name"); });
  }
  function addActor(name) {
    name = (name || "").trim();
    if (!name) { return; }
    var canonical = known[name.toLocaleLowerCase()];
    var shown = canonical || name;
    if (actors().some(function (a) { return a.toLocaleLowerCase() === shown.toLocaleLowerCase(); })) { return; }
    var li = el("li");
    li.setAttribute("data-name", shown);
    li.appendChild(el("span", shown));
    if (!canonical) {
      li.classList.add("new");
      li.appendChild(el("span", form.getAttribute("data-new-label"), "tag"));
    }
    var remove = el("button", "\u00d7", "remove");
    remove.type = "button";
    remove.setAttribute("aria-label", form.getAttribute("data-remove-label") + " " + shown);
    remove.addEventListener("click", function () { li.remove(); });
    li.appendChild(remove);
    chips.appendChild(li);
  }
  document.getElementById("actor-add").addEventListener("click", function () {
    addActor(input.value);
    input.value = "";
    input.focus();
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      addActor(input.value);
      input.value = "";
    }
  });
  input.addEventListener("change", function () {
    if (known[input.value.trim().toLocaleLowerCase()]) { addActor(input.value); input.value = ""; }
  });

  // ---- the form
  var errors = document.getElementById("log-errors");
  var cancel = document.getElementById("log-cancel");
  function fields() {
    var minutes = form.elements.minutes.value.trim();
    var when = form.elements.when.value;
    return { client_id: form.elements.client_id.value || newId(),
             when: when.length === 16 ? when + ":00" : when,
             site: form.elements.site.value || null, actors: actors(),
             kind: form.elements.kind.value || null,
             minutes: minutes === "" ? null : Number(minutes),
             note: form.elements.note.value.trim() || null };
  }
  function showErrors(list) {
    errors.textContent = "";
    (list || []).forEach(function (p) {
      errors.appendChild(el("li", typeof p === "string" ? p : [p.column, p.reason].filter(Boolean).join(": ")));
    });
  }
  function reset() {
    form.reset();
    form.elements.client_id.value = "";
    form.elements.entry.value = "";
    form.elements.when.value = nowHere();
    chips.textContent = "";
    cancel.hidden = true;
    showErrors([]);
  }
  function fill(body, entry) {
    reset();
    form.elements.client_id.value = entry ? "" : body.client_id;
    form.elements.entry.value = entry || "";
    form.elements.when.value = String(body.when || "").replace(" ", "T").slice(0, 16);
    form.elements.site.value = body.site || "";
    form.elements.kind.value = body.kind || "";
    form.elements.minutes.value = body.minutes === null || body.minutes === undefined ? "" : body.minutes;
    form.elements.note.value = body.note || "";
    (body.actors || []).forEach(addActor);
    cancel.hidden = false;
    form.scrollIntoView({ block: "start" });
  }
  cancel.addEventListener("click", reset);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var body = fields();
    if (body.actors.length < 2) {
      if (input.value.trim()) { addActor(input.value); input.value = ""; body = fields(); }
      if (body.actors.length < 2) { showErrors([status.getAttribute("data-needs-actors")]); return; }
    }
    var entry = form.elements.entry.value;
    if (entry) {
      call("PUT", "/api/contacts/" + entry, body).then(function (r) {
        if (r.ok) { reset(); say("saved", "ok"); today(); }
        else { showErrors(r.json && (r.json.errors || [r.json.error])); }
      }, function () { showErrors([status.getAttribute("data-need-connection")]); });
      return;
    }
    var items = queue().filter(function (x) { return x.body.client_id !== body.client_id; });
    items.push({ body: body, state: "waiting", errors: [] });
    store(items);
    reset();
    flush();
  });

  // ---- talking to the server
  function call(method, url, body) {
    var headers = { "Accept": "application/json", "X-CSRF-Token": csrf };
    if (body !== undefined) { headers["Content-Type"] = "application/json"; }
    return fetch(url, { method: method, credentials: "same-origin", cache: "no-store", headers: headers,
                        body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (r) {
        return r.json().then(function (j) { return { status: r.status, ok: r.ok, json: j }; },
                             function () { return { status: r.status, ok: r.ok, json: null }; });
      });
  }
  function refreshCsrf() {
    return call("GET", "/api/me").then(function (r) {
      if (r.ok && r.json && r.json.csrf) { csrf = r.json.csrf; }
      return r;
    });
  }
  function flush() {
    if (sending) { return Promise.resolve(); }
    var items = queue().filter(function (x) { return x.state === "waiting"; });
    if (!items.length) { today(); return Promise.resolve(); }
    sending = true;
    var first = items[0];
    return call("POST", "/api/contacts", first.body).then(function (r) {
      sending = false;
      var rest = queue();
      if (r.ok) {
        csrfRetried = false;
        store(rest.filter(function (x) { return x.body.client_id !== first.body.client_id; }));
        say("saved", "ok");
        return flush();
      }
      if (r.status === 422 || r.status === 400) {
        rest.forEach(function (x) {
          if (x.body.client_id === first.body.client_id) {
            x.state = "refused";
            x.errors = (r.json && (r.json.errors || [r.json.error])) || [];
          }
        });
        store(rest);
        return flush();
      }
      if (r.status === 403 || r.status === 401) {
        if (r.status === 403 && !csrfRetried) {
          // the page's CSRF token may be older than the session: ask for it once
          csrfRetried = true;
          return refreshCsrf().then(flush, function () { say("offline", "error"); });
        }
        say("relogin", "error");
        return;
      }
      say("offline", "error");
    }, function () {
      sending = false;
      say("offline", "error");
    });
  }

  // ---- what waits, and today's entries
  function describe(body) {
    var when = String(body.when || "").replace(" ", "T").slice(0, 16);
    var parts = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(when);
    if (parts) {  // the date and time as the reader's language writes them
      try {
        when = new Intl.DateTimeFormat(document.documentElement.lang || undefined,
          { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" })
          .format(new Date(+parts[1], +parts[2] - 1, +parts[3], +parts[4], +parts[5]));
      } catch (e) { when = when.replace("T", " "); }
    }
    var minutes = body.minutes === null || body.minutes === undefined ? "" : " \u00b7 " + body.minutes + " " + words.getAttribute("data-minutes");
    return [when, body.site, body.kind].filter(Boolean).join(" \u00b7 ") + minutes;
  }
  function actorLine(names, fresh) {
    var p = el("p", null, "who");
    (names || []).forEach(function (name, i) {
      if (i) { p.appendChild(document.createTextNode(", ")); }
      p.appendChild(el("span", name));
      if (fresh && fresh.indexOf(name) >= 0) { p.appendChild(el("span", form.getAttribute("data-new-label"), "tag")); }
    });
    return p;
  }
  function showWaiting() {
    var list = document.getElementById("log-waiting");
    var items = queue();
    list.textContent = "";
    document.getElementById("log-waiting-count").textContent = String(items.length);
    document.getElementById("log-waiting-box").hidden = items.length === 0;
    items.forEach(function (item) {
      var li = el("li", null, item.state);
      li.setAttribute("data-client-id", item.body.client_id);
      li.appendChild(el("p", describe(item.body)));
      li.appendChild(actorLine(item.body.actors));
      li.appendChild(el("p", words.getAttribute(item.state === "refused" ? "data-refused" : "data-waiting"), "state"));
      (item.errors || []).forEach(function (p) {
        li.appendChild(el("p", typeof p === "string" ? p : [p.column, p.reason].filter(Boolean).join(": "), "error"));
      });
      var edit = el("button", words.getAttribute("data-edit"));
      edit.type = "button";
      edit.addEventListener("click", function () {
        store(queue().filter(function (x) { return x.body.client_id !== item.body.client_id; }));
        fill(item.body, null);
      });
      var drop = el("button", words.getAttribute("data-delete"), "danger-outline");
      drop.type = "button";
      drop.addEventListener("click", function () {
        if (window.confirm(status.getAttribute("data-delete-ask"))) {
          store(queue().filter(function (x) { return x.body.client_id !== item.body.client_id; }));
        }
      });
      var row = el("div", null, "buttons");
      row.appendChild(edit);
      row.appendChild(drop);
      li.appendChild(row);
      list.appendChild(li);
    });
  }
  function today() {
    if (!navigator.onLine) { return; }
    call("GET", "/api/contacts").then(function (r) {
      if (!r.ok || !r.json || !r.json.entries) { return; }
      var list = document.getElementById("log-today");
      list.textContent = "";
      document.getElementById("log-today-empty").hidden = r.json.entries.length > 0;
      r.json.entries.forEach(function (entry) {
        var li = el("li");
        li.setAttribute("data-entry", entry.id);
        li.appendChild(el("p", describe(entry)));
        li.appendChild(actorLine(entry.actors, entry.new_actors));
        if (entry.note) { li.appendChild(el("p", entry.note, "muted")); }
        var edit = el("button", words.getAttribute("data-edit"));
        edit.type = "button";
        edit.addEventListener("click", function () { fill(entry, String(entry.id)); });
        var drop = el("button", words.getAttribute("data-delete"), "danger-outline");
        drop.type = "button";
        drop.addEventListener("click", function () {
          if (!window.confirm(status.getAttribute("data-delete-ask"))) { return; }
          call("DELETE", "/api/contacts/" + entry.id).then(function (d) {
            if (d.ok) { today(); } else { showErrors([d.json && d.json.error]); }
          }, function () { showErrors([status.getAttribute("data-need-connection")]); });
        });
        var row = el("div", null, "buttons");
        row.appendChild(edit);
        row.appendChild(drop);
        li.appendChild(row);
        list.appendChild(li);
      });
    }, function () { /* no connection: the list stays as it was */ });
  }

  window.addEventListener("online", function () { say("online"); flush(); });
  window.addEventListener("offline", function () { say("offline", "error"); });
  window.setInterval(function () { if (navigator.onLine && queue().length) { flush(); } }, 15000);
  if (!navigator.onLine) { say("offline", "error"); }
  form.elements.when.value = form.elements.when.value || nowHere();
  showWaiting();
  if (navigator.onLine) { refreshCsrf().then(flush, flush); }
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/log-sw.js", { scope: "/log" }).catch(function () { /* no offline page */ });
  }
})();
