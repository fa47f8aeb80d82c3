/* The sending panel in the back office: counts and bar refreshed every two seconds
   while the issue is being sent (the page shows the counts of its load without this). */
(function () {
  "use strict";
  var panel = document.querySelector(".newsletter-sending[data-progress-url]");
  if (!panel || !window.fetch) { return; }
  function field(name) { return panel.querySelector('[data-field="' + name + '"]'); }
  function update(data) {
    ["sent", "failed", "left", "total", "status_label"].forEach(function (name) {
      var element = field(name);
      if (element) { element.textContent = data[name]; }
    });
    var bar = field("bar");
    if (bar) { bar.max = data.total || 1; bar.value = data.sent + data.failed + data.skipped; }
    var problem = field("problem");
    problem.textContent = data.problem;
    problem.hidden = !data.problem;
    if (data.status !== "sending" && panel.dataset.status === "sending") {
      window.location.reload();  // finished: the buttons change
    }
  }
  function poll() {
    fetch(panel.dataset.progressUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { update(data); } })
      .catch(function () {})
      .then(function () { if (panel.dataset.status === "sending") { setTimeout(poll, 2000); } });
  }
  if (panel.dataset.status === "sending") { setTimeout(poll, 2000); }
})();
