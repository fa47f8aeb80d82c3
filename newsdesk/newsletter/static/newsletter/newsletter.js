/* Newsletter sign-up: a fresh form token when the reader starts typing (the page may come
   from a cache), and no double sending. The form works without this file too. */
(function () {
  "use strict";
  document.querySelectorAll("form.newsletter-form").forEach(function (form) {
    var tokenField = form.querySelector("[data-newsletter-token]");
    var asked = false;
    form.addEventListener("focusin", function () {
      if (asked || !window.fetch || !form.dataset.tokenUrl || tokenField.value) { return; }
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
  });
})();
