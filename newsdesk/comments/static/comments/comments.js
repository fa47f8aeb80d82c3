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

  // Respect: counted once per reader, comment and day by the server; no cookie here either.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-respect]");
    if (!button || !window.fetch) { return; }
    event.preventDefault();
    if (button.getAttribute("aria-pressed") === "true") { return; }
    button.setAttribute("aria-pressed", "true");
    fetch(button.getAttribute("formaction"), {
      method: "POST", credentials: "omit", headers: { "Accept": "application/json" },
    }).then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { button.setAttribute("aria-pressed", "false"); return; }
        document.querySelectorAll("button[data-respect='" + data.comment + "'] [data-respect-count]")
          .forEach(function (count) { count.textContent = data.respect; });
      })
      .catch(function () { button.setAttribute("aria-pressed", "false"); });
  });

  // Report: the report page's form in a dialog, sent with fetch; the link works without this.
  var dialog = null;
  function reportDialog(link) {
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.className = "comment-report-dialog";
      dialog.setAttribute("aria-labelledby", "report-title");
      document.body.appendChild(dialog);
      dialog.addEventListener("click", function (event) {
        if (event.target === dialog || event.target.closest("[data-report-close]")) {
          dialog.close();
        }
      });
      dialog.addEventListener("close", function () {
        if (dialog.opener) { dialog.opener.focus(); }
      });
    }
    dialog.opener = link;
    fetch(link.href, { credentials: "omit", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var content = page.querySelector("[data-report-content]");
        dialog.replaceChildren();
        if (!content) { window.location.href = link.href; return; }
        dialog.appendChild(document.importNode(content, true));
        var form = dialog.querySelector("form");
        if (form) { wireReport(form); }
        dialog.showModal();
        var first = dialog.querySelector("input, textarea, button");
        if (first) { first.focus(); }
      })
      .catch(function () { window.location.href = link.href; });
  }
  function wireReport(form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var status = form.querySelector("[data-report-status]");
      fetch(form.action, {
        method: "POST", credentials: "omit", body: new URLSearchParams(new FormData(form)),
        headers: { "Accept": "application/json" },
      }).then(function (response) { return response.json(); })
        .then(function (data) {
          form.querySelectorAll(".field-error").forEach(function (error) { error.remove(); });
          if (data.errors) {
            Object.keys(data.errors).forEach(function (name) {
              var field = form.querySelector("[data-field='" + name + "']") || form;
              var error = document.createElement("span");
              error.className = "field-error";
              error.textContent = data.errors[name].join(" ");
              field.appendChild(error);
            });
            status.textContent = data.message;
            return;
          }
          var done = document.createElement("div");
          done.className = "comment-report-done";
          done.setAttribute("role", "status");
          var title = document.createElement("h2");
          title.id = "report-title";
          title.textContent = data.title;
          var message = document.createElement("p");
          message.textContent = data.message;
          var close = document.createElement("button");
          close.type = "button";
          close.className = "button";
          close.setAttribute("data-report-close", "");
          close.textContent = form.getAttribute("data-close-label");
          done.append(title, message, close);
          dialog.replaceChildren(done);
          close.focus();
        })
        .catch(function () { form.submit(); });
    });
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-report]");
    if (!link || !window.fetch || !window.HTMLDialogElement) { return; }
    event.preventDefault();
    reportDialog(link);
  });

  // Live threads: a small cached JSON asked for while the page is visible. New comments
  // wait behind a prompt fixed to the bottom of the window (so nothing the reader is
  // reading moves) until the reader asks for them.
  function liveThread(section) {
    var seconds = parseInt(section.dataset.liveSeconds, 10);
    var latest = parseInt(section.dataset.latest, 10) || 0;
    var prompt = section.querySelector("[data-live-prompt]");
    var show = section.querySelector("[data-live-show]");
    var thread = section.querySelector("[data-comment-thread]");
    var waiting = [];
    var failures = 0;
    if (!seconds || !prompt || !thread) { return; }
    function label(count) {
      return count === 1 ? show.dataset.one : show.dataset.many.replace("{count}", count);
    }
    function poll() {
      if (document.visibilityState !== "visible") { return schedule(); }
      fetch(section.dataset.liveUrl + latest + "/", { credentials: "omit" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          failures = 0;
          if (data && data.comments.length) {
            data.comments.forEach(function (item) {
              if (!document.getElementById("comment-" + item.id)) { waiting.push(item); }
            });
            latest = data.latest;
            if (waiting.length) {
              show.textContent = label(waiting.length);
              prompt.hidden = false;
            }
          }
          schedule();
        })
        .catch(function () { failures += 1; schedule(); });
    }
    function schedule() {
      window.setTimeout(poll, seconds * 1000 * Math.min(8, Math.pow(2, failures)));
    }
    show.addEventListener("click", function () {
      var first = null;
      waiting.forEach(function (item) {
        var holder = document.createElement("template");
        holder.innerHTML = item.html.trim();
        var element = holder.content.firstElementChild;
        var parent = item.parent && document.getElementById("comment-" + item.parent);
        var list = thread;
        if (parent) {
          list = parent.querySelector(":scope > .comment-children");
          if (!list) {
            list = document.createElement("ol");
            list.className = "comment-children";
            parent.appendChild(list);
          }
        }
        list.appendChild(element);
        first = first || element;
      });
      waiting = [];
      thread.hidden = false;
      var empty = section.querySelector(".comments-empty");
      if (empty) { empty.hidden = true; }
      prompt.hidden = true;
      relativeDates();
      if (first) {
        first.setAttribute("tabindex", "-1");
        first.scrollIntoView({ block: "center" });
        first.focus({ preventScroll: true });
      }
    });
    schedule();
  }

  relativeDates();
  var live = document.querySelector("section.comments[data-live-url]");
  if (live) { liveThread(live); }
  var respond = document.getElementById("respond");
  if (respond && respond.querySelector("form.comment-form")) { commentForm(respond); }
  var errors = document.getElementById("comment-errors");
  if (errors) { errors.focus(); }
})();
