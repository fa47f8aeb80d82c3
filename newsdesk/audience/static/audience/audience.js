/* Views and likes on the article page: one counting request per page view, live
   counters, and the like button. No cookie; local storage only after a click on
   Like, to remember it. docs/audience.md explains the design. */
(function () {
  "use strict";

  var root = document.querySelector("[data-audience-article]");
  if (!root || !window.fetch) return;
  var article = Number(root.getAttribute("data-audience-article"));
  var storageKey = "newsdesk:liked:" + article;
  var button = root.querySelector(".audience-like");

  // Replace only the number inside a counter, so its translated words stay as rendered.
  function show(name, value) {
    var item = document.querySelector('[data-counter="' + name + '"]');
    if (!item || typeof value !== "number") return;
    var walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (/\d/.test(node.nodeValue)) {
        node.nodeValue = node.nodeValue.replace(/\d+(?:[,.\u00a0\u202f]\d{3})*/, String(value));
        return;
      }
    }
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      keepalive: true,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).catch(function () {
      return null;
    });
  }

  function update(data) {
    if (!data) return data;
    show("views", data.views);
    show("likes", data.likes);
    return data;
  }

  function countView() {
    post(root.getAttribute("data-view-url"), {
      article: article,
      referrer: document.referrer
    }).then(update);
  }

  // A prerendered page is counted when (and if) the reader actually opens it.
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", countView, { once: true });
  } else {
    countView();
  }

  if (!button) return;

  function remembered() {
    try {
      return window.localStorage.getItem(storageKey) === "1";
    } catch (error) {
      return false;
    }
  }

  function remember(liked) {
    try {
      if (liked) window.localStorage.setItem(storageKey, "1");
      else window.localStorage.removeItem(storageKey);
    } catch (error) {
      /* storage refused: the server still knows today's like */
    }
  }

  function press(liked) {
    button.setAttribute("aria-pressed", liked ? "true" : "false");
  }

  press(remembered());
  button.hidden = false;
  button.addEventListener("click", function () {
    if (button.getAttribute("aria-busy") === "true") return;
    var wanted = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-busy", "true");
    post(root.getAttribute("data-like-url"), { article: article, liked: wanted })
      .then(update)
      .then(function (data) {
        button.removeAttribute("aria-busy");
        if (!data) return;
        press(data.liked);
        remember(data.liked);
      });
  });
})();
