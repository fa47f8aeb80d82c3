/* Comments: relative dates, a fresh form token, Reply links that move the form,
   and no double posting. Everything works without this file too. */
(function () {
  "use strict";

  var UNITS = [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400],
               ["hour", 3600], ["minute", 60]];

  function relativeDates() {
    if (!window.Intl || !Intl.RelativeTimeFormat) { return; }
    var format = new Intl.RelativeTimeFormat(document.documentElement.lang || undefined,
                                             { numeric: "auto" });
    document.querySelectorAll("time[data-relative]").forEach(function (time) {
      var then = Date.parse(time.getAttribute("datetime"));
      if (isNaN(then) || time.previousElementSibling) { return; }
      var seconds = Math.round((then - Date.now()) / 1000);
      var text = format.format(0, "second");
      for (var i = 0; i < UNITS.length; i++) {
        if (Math.abs(seconds) >= UNITS[i][1]) {
          text = format.format(Math.round(seconds / UNITS[i][1]), UNITS[i][0]);
          break;
        }
      }
      var span = document.createElement("span");
      span.className = "comment-relative";
      span.textContent = text;
      time.parentNode.insertBefore(span, time);
    });
  }

  function commentForm(respond) {
    var form = respond.querySelector("form.comment-form");
    var tokenField = form.querySelector("[data-token-field]");
    var parentField = form.querySelector("[data-parent-field]");
    var replying = respond.querySelector("[data-replying]");
    var replyName = respond.querySelector("[data-reply-name]");
    var home = document.createComment("respond");
    var lastReplyLink = null;
    respond.parentNode.insertBefore(home, respond);

    // The page may come from a cache: ask for a token issued now, once, when the reader starts.
    var asked = false;
    form.addEventListener("focusin", function () {
      if (asked || !window.fetch || !form.dataset.tokenUrl) { return; }
      asked = true;
      fetch(form.dataset.tokenUrl, { credentials: "omit", cache: "no-store" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data && data.token) { tokenField.value = data.token; } })
        .catch(function () {});
    });

    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      window.setTimeout(function () { button.disabled = true; }, 0);
    });

    document.addEventListener("click", function (event) {
      var link = event.target.closest("a.comment-reply-link");
      if (link) {
        var item = document.getElementById("comment-" + link.dataset.replyTo);
        var body = item && item.querySelector(".comment-body");
        if (!body) { return; }
        event.preventDefault();
        body.parentNode.insertBefore(respond, body.nextSibling);
        parentField.value = link.dataset.replyTo;
        replyName.textContent = link.dataset.replyName;
        replying.hidden = false;
        lastReplyLink = link;
        form.querySelector("textarea").focus();
        return;
      }
      if (event.target.closest("[data-cancel-reply]")) {
        event.preventDefault();
        home.parentNode.insertBefore(respond, home.nextSibling);
        parentField.value = "";
        replying.hidden = true;
        if (lastReplyLink) { lastReplyLink.focus(); }
      }
    });
  }

  // "Save my name, email and website": offered only while the reader has granted
  // the Functional consent category; the values stay on this device (local
  // storage) and are deleted as soon as Functional is withdrawn.
  var REMEMBER_KEY = "newsdesk:commenter";
  var FIELDS = ["name", "email", "website"];
  function storage(action, value) {
    try {
      if (action === "get") { return JSON.parse(localStorage.getItem(REMEMBER_KEY) || "null"); }
      if (action === "set") { localStorage.setItem(REMEMBER_KEY, JSON.stringify(value)); }
      if (action === "remove") { localStorage.removeItem(REMEMBER_KEY); }
    } catch (error) { return null; }
    return null;
  }
  function rememberBox(allowed) {
    document.querySelectorAll("[data-comments-remember]").forEach(function (box) {
      var input = box.querySelector("input");
      var form = box.closest("form");
      box.hidden = !allowed;
      input.disabled = !allowed;
      if (!allowed) {
        input.checked = false;
        storage("remove");
        return;
      }
      var saved = storage("get");
      if (saved && form) {
        input.checked = true;
        FIELDS.forEach(function (field) {
          var element = form.elements[field];
          if (element && !element.value && saved[field]) { element.value = saved[field]; }
        });
      }
      if (form && !form.hasAttribute("data-remember-wired")) {
        form.setAttribute("data-remember-wired", "");
        form.addEventListener("submit", function () {
          if (input.checked && !input.disabled) {
            var values = {};
            FIELDS.forEach(function (field) { values[field] = form.elements[field].value; });
            storage("set", values);
          } else {
            storage("remove");
          }
        });
      }
    });
  }
  document.addEventListener("newsdesk:consent", function (event) {
    rememberBox(event.detail.granted.indexOf("functional") !== -1);
  });
  if (window.newsdeskConsent) { rememberBox(window.newsdeskConsent.granted("functional")); }

  relativeDates();
  var respond = document.getElementById("respond");
  if (respond && respond.querySelector("form.comment-form")) { commentForm(respond); }
  var errors = document.getElementById("comment-errors");
  if (errors) { errors.focus(); }
})();
