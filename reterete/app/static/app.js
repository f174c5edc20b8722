// reterete app: sortable tables and a "working" bar on long forms. Text only
// (textContent), never innerHTML; nothing is fetched.
"use strict";
(function () {
  function cellValue(row, index) {
    var cell = row.cells[index];
    var text = cell ? cell.textContent.trim() : "";
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
  document.querySelectorAll("table.sortable").forEach(function (table) {
    if (!table.tHead) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = th.querySelector("button");
      if (button) { button.addEventListener("click", function () { sortBy(table, index, th); }); }
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
  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.addEventListener("submit", function () {
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
