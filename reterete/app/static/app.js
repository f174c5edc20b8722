// reterete app: sortable tables and a "working" bar on long forms. Text only
// (textContent), never innerHTML; nothing is fetched.
"use strict";
(function () {
  function cellValue(row, index) {
    var cell = row.cells[index];
    var text = cell ? (cell.getAttribute("data-sort") || cell.textContent.trim()) : "";
    var num = Number(text.replace(/\s/g, "").replace(/\.(?=\d{3}\b)/g, "").replace(",", ".").replace("%", ""));
    return { text: text, num: text !== "" && isFinite(num) ? num : null };
  }
  function sortBy(table, index, th) {
    var body = table.tBodies[0];
    if (!body) { return; }
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index), d;
      if (x.num !== null && y.num !== null) { d = x.num - y.num; }
      else { d = x.text.localeCompare(y.text, undefined, { numeric: true, sensitivity: "base" }); }
      return ascending ? d : -d;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  function sortable(root) {
    root.querySelectorAll("table.sortable").forEach(function (table) {
      if (!table.tHead) { return; }
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
        var button = th.querySelector("button");
        if (button) { button.addEventListener("click", function () { sortBy(table, index, th); }); }
      });
    });
  }
  // On a phone a table is shown as cards: each cell says its column's name.
  function cards(root) {
    root.querySelectorAll("table").forEach(function (table) {
    if (!table.tHead || !table.tHead.rows.length || !table.tBodies.length) { return; }
    var labels = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) {
      return th.textContent.replace(/[\u25b4\u25be]/g, "").trim();
    });
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      Array.prototype.forEach.call(row.cells, function (cell, i) {
        if (labels[i]) { cell.setAttribute("data-label", labels[i]); }
      });
    });
    table.classList.add("cards");
    });
  }
  sortable(document);
  cards(document);
  // Logging out while contacts logged on /log still wait on this device: ask
  // first (they stay here until the same person logs in again).
  document.querySelectorAll("form[action='/logout']").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var waiting = 0;
      try {
        for (var i = 0; i < window.localStorage.length; i++) {
          var key = window.localStorage.key(i);
          if (key.indexOf("reterete-log:") === 0) { waiting += JSON.parse(window.localStorage.getItem(key) || "[]").length; }
        }
      } catch (e) { waiting = 0; }
      var ask = form.getAttribute("data-waiting-ask");
      if (waiting && ask && !window.confirm(ask)) {
        event.preventDefault();
        return;
      }
      if (window.caches) {  // the offline copy of /log holds the registry's names
        window.caches.keys().then(function (keys) {
          keys.forEach(function (k) { if (k.indexOf("reterete-log") === 0) { window.caches.delete(k); } });
        });
      }
    });
  });
  function newTicket() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  // While the form's request runs, ask the server what the import is doing
  // (the library's steps: reading, checking, importing) and show it.
  function follow(form, bar, note) {
    var url = form.getAttribute("data-progress");
    var field = form.querySelector("input[name=ticket]");
    if (!url || !field || !window.fetch) { return; }
    field.value = newTicket();
    var started = form.getAttribute("data-busy");
    function poll() {
      fetch(url + "?ticket=" + field.value, { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (step) {
          if (step && step.active) {
            note.textContent = step.label ? step.label + "..." : started;
            if (step.total) { bar.max = step.total; bar.value = step.done; }
            else { bar.removeAttribute("value"); }
          }
          window.setTimeout(poll, 700);
        })
        .catch(function () { /* the page is being replaced: stop asking */ });
    }
    window.setTimeout(poll, 700);
  }
  // "Check only" asks the server without leaving the page, so the form keeps
  // the chosen files for "Check and import". The answer is this app's own
  // page: its #results part replaces ours (nodes imported, no HTML strings).
  function checkInPlace(form, event) {
    var results = document.getElementById("results");
    var submitter = event.submitter;
    if (!results || !submitter || submitter.value !== "check" || !window.fetch ||
        !window.DOMParser || form.getAttribute("data-in-place") === "off") { return false; }
    event.preventDefault();
    var body = new FormData(form);
    body.set("action", "check");
    submitter.disabled = true;
    fetch(form.getAttribute("action"), { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.text().then(function (t) { return [r, t]; }); })
      .then(function (answer) {
        var doc = new DOMParser().parseFromString(answer[1], "text/html");
        var fresh = doc.getElementById("results");
        if (!fresh) { throw new Error("no results"); }
        var node = document.importNode(fresh, true);
        results.replaceWith(node);
        sortable(node);
        cards(node);
        submitter.disabled = false;
        var first = document.getElementById("check-result");
        if (first) { first.scrollIntoView({ block: "nearest" }); }
      })
      .catch(function () {
        // anything else (a refusal page, no connection): the ordinary way
        submitter.disabled = false;
        form.setAttribute("data-in-place", "off");
        form.requestSubmit(submitter);
      });
    return true;
  }
  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (checkInPlace(form, event)) { return; }
      var bar = form.querySelector("progress.busy");
      if (bar) {
        bar.hidden = false;
        var note = document.createElement("p");
        note.className = "busy-text";
        note.textContent = form.getAttribute("data-busy");
        bar.after(note);
        follow(form, bar, note);
      }
    });
  });
})();
