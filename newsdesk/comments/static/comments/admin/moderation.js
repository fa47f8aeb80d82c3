/* The moderation desk's keyboard and in-place acts; every button also works without it.
   j/k (or arrows down/up): next/previous card; a approve, r reject, s spam, f feature,
   x select; acts are sent with fetch and the focus moves on to the next card. */
(function () {
  "use strict";
  var desk = document.querySelector(".mod[data-act-url]");
  if (!desk || !window.fetch) { return; }
  var status = desk.querySelector("[data-mod-status]");
  var KEYS = { a: "approve", r: "reject", s: "spam", f: "feature" };

  function cards() { return Array.prototype.slice.call(desk.querySelectorAll(".mod-card")); }
  function current() { return desk.querySelector(".mod-card--current") || null; }
  function focusCard(card) {
    if (!card) { return; }
    cards().forEach(function (other) { other.classList.remove("mod-card--current"); });
    card.classList.add("mod-card--current");
    card.focus();
    card.scrollIntoView({ block: "nearest" });
  }
  function move(step) {
    var all = cards().filter(function (card) { return !card.classList.contains("mod-card--done"); });
    if (!all.length) { return; }
    var index = all.indexOf(current());
    focusCard(all[Math.max(0, Math.min(all.length - 1, index + step))] || all[0]);
  }
  function csrf() {
    var field = desk.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }
  function updateCounts(counts) {
    Object.keys(counts || {}).forEach(function (key) {
      desk.querySelectorAll("[data-count='" + key + "']").forEach(function (element) {
        element.textContent = counts[key];
      });
    });
  }
  function act(action, ids, reason) {
    var body = new URLSearchParams();
    body.append("action", action);
    ids.forEach(function (id) { body.append("ids", id); });
    if (reason) { body.append("reason", reason); }
    return fetch(desk.dataset.actUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf() },
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error(data.error || response.statusText); }
        return data;
      });
    }).then(function (data) {
      data.done.forEach(function (id) {
        var card = document.getElementById("mod-" + id);
        if (!card) { return; }
        card.classList.add("mod-card--done");
        card.setAttribute("data-done", action);
        var check = card.querySelector("[data-select]");
        if (check) { check.checked = false; }
        var state = card.querySelector(".mod-state");
        if (state) { state.textContent = data.message; }
      });
      status.textContent = data.message;
      updateCounts(data.counts);
      return data;
    }).catch(function (error) { status.textContent = error.message; });
  }
  function actOn(card, action) {
    if (!card || card.classList.contains("mod-card--done")) { return; }
    var reason = card.querySelector("input[name=reason]");
    act(action, [card.dataset.comment], reason ? reason.value : "").then(function () {
      move(1);
    });
  }

  desk.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-act]");
    if (button) {
      event.preventDefault();
      actOn(button.closest(".mod-card"), button.dataset.act);
      return;
    }
    var card = event.target.closest(".mod-card");
    if (card && !event.target.closest("a, input, button")) { focusCard(card); }
  });

  var bulk = desk.querySelector("[data-mod-bulk]");
  if (bulk) {
    bulk.addEventListener("click", function (event) {
      var button = event.target.closest("button[name=action]");
      if (!button) { return; }
      event.preventDefault();
      var ids = cards().filter(function (card) {
        return card.querySelector("[data-select]").checked;
      }).map(function (card) { return card.dataset.comment; });
      if (!ids.length) { status.textContent = bulk.dataset.none || "—"; return; }
      act(button.value, ids, "");
    });
    var all = bulk.querySelector("[data-select-all]");
    all.addEventListener("change", function () {
      cards().forEach(function (card) {
        if (!card.classList.contains("mod-card--done")) {
          card.querySelector("[data-select]").checked = all.checked;
        }
      });
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    if (target.closest("input[type=text], input:not([type]), textarea, select, [contenteditable]")) {
      return;
    }
    var key = event.key;
    if (key === "j" || key === "ArrowDown") { event.preventDefault(); move(1); return; }
    if (key === "k" || key === "ArrowUp") { event.preventDefault(); move(-1); return; }
    var card = current();
    if (KEYS[key] && card) { event.preventDefault(); actOn(card, KEYS[key]); return; }
    if (key === "x" && card) {
      event.preventDefault();
      var check = card.querySelector("[data-select]");
      check.checked = !check.checked;
    }
  });
})();
