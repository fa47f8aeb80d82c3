/* newsdesk consent manager: banner, preferences centre, prior blocking.
 *
 * Pages are cached and identical for every reader, so everything is decided
 * here, from the newsdesk_consent cookie and the #consent-config data block.
 * Nothing optional runs before a choice (opt-in) or after an objection
 * (opt-out); Global Privacy Control always denies Advertisement. No framework,
 * no inline code, no third-party request.
 */
(function () {
  "use strict";
  var doc = document;
  var root = doc.documentElement;
  var configNode = doc.getElementById("consent-config");
  var banner = doc.querySelector("[data-consent-banner]");
  var centre = doc.querySelector("[data-consent-centre]");
  if (!configNode || !banner || !centre) return;
  var cfg = JSON.parse(configNode.textContent);
  var optional = cfg.optional;
  var ADS = "advertisement";
  var gpc = navigator.globalPrivacyControl === true;
  var regime = cfg.regime;
  var saved = null;    // the cookie as read, even if outdated (its id is reused)
  var state = null;    // the reader's choice, when it still counts
  var granted = [];    // categories active on this page
  var policyGranted = []; // categories whose sources the page's policy allows (the server's view)
  var centreSource = "centre";
  var opener = null;

  function each(selector, fn) {
    Array.prototype.forEach.call(doc.querySelectorAll(selector), fn);
  }
  function has(list, item) { return list.indexOf(item) >= 0; }
  function withoutAds(list) {
    return gpc ? list.filter(function (c) { return c !== ADS; }) : list;
  }

  /* --- the cookie -------------------------------------------------------- */
  function readCookie() {
    var match = doc.cookie.match(new RegExp("(?:^|; )" + cfg.cookie + "=([^;]*)"));
    if (!match) return null;
    var parts = {};
    match[1].replace(/^"|"$/g, "").split("|").forEach(function (item) {
      var at = item.indexOf(":");
      parts[item.slice(0, at)] = item.slice(at + 1);
    });
    if (!/^[0-9a-f-]{36}$/.test(parts.id || "")) return null;
    return {
      id: parts.id, rev: +parts.rev, t: +parts.t, regime: parts.regime,
      granted: (parts.granted || "").split("+").filter(function (c) { return has(optional, c); })
    };
  }
  function counts(choice) {
    return choice && choice.rev >= cfg.revision && Date.now() / 1000 - choice.t < cfg.days * 86400;
  }
  function writeCookie(choice) {
    doc.cookie = cfg.cookie + "=" + [
      "id:" + choice.id, "rev:" + choice.rev, "t:" + choice.t,
      "granted:" + choice.granted.join("+"), "regime:" + regime, "gpc:" + (gpc ? 1 : 0)
    ].join("|") + "; Path=/; Max-Age=" + cfg.days * 86400 + "; SameSite=Lax" +
      (location.protocol === "https:" ? "; Secure" : "");
  }
  function uuid() {
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 15) | 64;
    bytes[8] = (bytes[8] & 63) | 128;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 256).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20),
      hex.slice(20)].join("-");
  }

  /* --- gated scripts, embeds and the category's cookies ------------------- */
  function activate(category) {
    each('[data-category="' + category + '"]', function (node) {
      if (node.tagName === "SCRIPT") {
        if (node.type !== "text/plain") return;
        var script = doc.createElement("script");
        Array.prototype.forEach.call(node.attributes, function (a) {
          if (!/^(type|data-type|data-src)$/.test(a.name)) script.setAttribute(a.name, a.value);
        });
        if (node.getAttribute("data-type")) script.type = node.getAttribute("data-type");
        var src = node.getAttribute("data-src") || node.getAttribute("src");
        if (src) {
          if (!node.hasAttribute("async")) script.async = false; // keep the page's order
          script.src = src;
        } else {
          script.text = node.text;
        }
        node.parentNode.replaceChild(script, node);
      } else {
        ["srcset", "src", "href"].forEach(function (name) {
          var value = node.getAttribute("data-" + name);
          if (value) node.setAttribute(name, value);
        });
        node.hidden = false;
      }
    });
    each('[data-consent-placeholder="' + category + '"]', function (p) { p.hidden = true; });
  }
  function deactivate(category) {
    each('iframe[data-category="' + category + '"][data-src]', function (frame) {
      frame.src = "about:blank";
      frame.hidden = true;
    });
    each('[data-consent-placeholder="' + category + '"]', function (p) { p.hidden = false; });
    purge(category);
  }
  function pattern(name) {
    return new RegExp("^" + name.split("*").map(function (part) {
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join(".*") + "$");
  }
  function expire(name) {
    var labels = location.hostname.split(".");
    doc.cookie = name + "=; Max-Age=0; Path=/";
    for (var i = 0; i < labels.length - 1; i++) {
      doc.cookie = name + "=; Max-Age=0; Path=/; Domain=." + labels.slice(i).join(".");
    }
  }
  function purge(category) {
    (cfg.declarations[category] || []).forEach(function (d) {
      var re = pattern(d[0]);
      if (d[2] === "cookie") {
        doc.cookie.split("; ").forEach(function (c) {
          var name = c.split("=")[0];
          if (re.test(name)) expire(name);
        });
        return;
      }
      try {
        var store = d[2] === "local" ? localStorage : sessionStorage;
        Object.keys(store).forEach(function (key) { if (re.test(key)) store.removeItem(key); });
      } catch (e) { /* storage disabled: nothing to delete */ }
    });
  }

  /* --- Google Consent Mode v2, only when the site enables it --------------- */
  function gtag() { (window.dataLayer = window.dataLayer || []).push(arguments); }
  function consentMode(kind) {
    if (!cfg.consentMode) return;
    function value(c) { return has(granted, c) ? "granted" : "denied"; }
    var update = {
      ad_storage: value(ADS), ad_user_data: value(ADS), ad_personalization: value(ADS),
      analytics_storage: value("analytics"), functionality_storage: value("functional"),
      personalization_storage: value("functional"), security_storage: "granted"
    };
    if (kind === "default") update.wait_for_update = 500;
    gtag("consent", kind, update);
  }

  function apply(next) {
    optional.forEach(function (c) {
      if (has(next, c) && !has(granted, c)) activate(c);
      if (!has(next, c) && has(granted, c)) deactivate(c);
    });
    granted = next.slice();
    root.setAttribute("data-consent", granted.join(" ") || "none");
    consentMode("update");
    doc.dispatchEvent(new CustomEvent("newsdesk:consent", { detail: { granted: granted.slice() } }));
  }

  /* --- the choice ------------------------------------------------------------ */
  function choose(action, next, source) {
    next = withoutAds(next);
    var before = state ? state.granted : [];
    if (before.some(function (c) { return !has(next, c); })) action = "withdraw";
    state = {
      id: saved ? saved.id : uuid(), rev: cfg.revision, t: Math.floor(Date.now() / 1000),
      granted: next
    };
    saved = state;
    writeCookie(state);
    var reload = needsWiderPolicy(next);
    if (!reload) apply(next);
    hideBanner();
    if (centre.open) centre.close();
    fetch(cfg.recordUrl, {
      method: "POST", credentials: "same-origin", keepalive: true,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        consent_id: state.id, action: action, source: source, granted: next,
        revision: cfg.revision, language: cfg.language, page: location.pathname, gpc: gpc
      })
    }).catch(function () { /* the cookie holds the choice; the record is best effort */ });
    if (reload) reloadKeepingFocus();
  }
  // keepalive above: the record is still sent while the page reloads. The history
  // entry (not storage) remembers which "Cookie settings" link opened the centre, so
  // keyboard users land where they were.
  function reloadKeepingFocus() {
    var index = Array.prototype.indexOf.call(doc.querySelectorAll("[data-consent-open]"), opener);
    if (index >= 0) history.replaceState({ consentFocus: index }, "");
    location.reload();
  }
  function restoreFocus() {
    var index = history.state && history.state.consentFocus;
    if (typeof index !== "number") return;
    history.replaceState(null, "");
    var node = doc.querySelectorAll("[data-consent-open]")[index];
    if (node) node.focus();
  }
  // The server widens the page's Content-Security-Policy for a category's snippets and
  // embeds only once it is granted (consent/csp.py), so code of a category granted just
  // now would be refused on this page: load it again, under the policy the choice allows.
  function needsWiderPolicy(next) {
    return next.some(function (c) {
      return !has(policyGranted, c) &&
        doc.querySelector('[data-category="' + c + '"], [data-consent-placeholder="' + c + '"]');
    });
  }

  /* --- banner and preferences centre ----------------------------------------- */
  function showBanner() {
    each("[data-consent-regime-text]", function (p) {
      p.hidden = p.getAttribute("data-consent-regime-text") !== regime;
    });
    // Right after the skip link in reading and tab order; fixed at the bottom, so
    // nothing on the page moves. While it shows, the page keeps focused controls
    // clear of it (scroll padding), so nothing focused hides behind the banner.
    var skip = doc.querySelector(".skip-link");
    doc.body.insertBefore(banner, skip ? skip.nextSibling : doc.body.firstChild);
    banner.hidden = false;
    // Room below the footer, so the page can scroll its last links above the banner.
    doc.body.style.paddingBottom = banner.offsetHeight + "px";
    doc.addEventListener("focusin", keepFocusClear);
  }
  function hideBanner() {
    banner.hidden = true;
    doc.body.style.paddingBottom = "";
    doc.removeEventListener("focusin", keepFocusClear);
  }
  // WCAG 2.4.11: a control reached with Tab must not sit behind the fixed banner.
  function keepFocusClear(event) {
    if (banner.hidden || banner.contains(event.target)) return;
    var overlap = event.target.getBoundingClientRect().bottom -
      banner.getBoundingClientRect().top;
    if (overlap > 0) window.scrollBy(0, overlap + 16);
  }
  function openCentre(source, focus) {
    centreSource = source;
    each("[data-consent-switch]", function (box) {
      var c = box.getAttribute("data-consent-switch");
      var refused = gpc && c === ADS;
      box.checked = !refused && has(granted, c);
      box.disabled = refused;
      if (refused) box.setAttribute("aria-describedby", "consent-gpc");
    });
    centre.querySelector("[data-consent-gpc]").hidden = !gpc;
    opener = doc.activeElement;
    centre.showModal();
    var target = focus && doc.getElementById("consent-switch-" + focus);
    if (target && target.disabled) target = doc.getElementById("consent-name-" + focus);
    // Otherwise the title, so a screen reader starts at the top and Tab reaches Close next.
    (target || doc.getElementById("consent-centre-title")).focus();
  }
  function toggle(button) {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    doc.getElementById(button.getAttribute("aria-controls")).hidden = !open;
    var other = button.getAttribute("data-less");
    if (other) {
      button.setAttribute("data-less", button.textContent);
      button.textContent = other;
    }
  }
  function focusable() {
    return Array.prototype.filter.call(
      centre.querySelectorAll("button, input, a[href]"),
      function (node) { return !node.disabled && node.getClientRects().length > 0; }
    );
  }

  doc.addEventListener("click", function (event) {
    var node = event.target.closest(
      "[data-consent-action], [data-consent-open], [data-consent-allow], [aria-controls]"
    );
    if (!node) return;
    var action = node.getAttribute("data-consent-action");
    var source = banner.contains(node) ? "banner" : centreSource;
    if (node.hasAttribute("data-consent-open")) {
      event.preventDefault();
      var from = node.getAttribute("data-consent-open");
      openCentre(from === "footer" ? "footer" : "centre", node.getAttribute("data-consent-focus"));
    } else if (node.hasAttribute("data-consent-allow")) {
      choose("custom", granted.concat([node.getAttribute("data-consent-allow")]), "placeholder");
    } else if (action === "accept") {
      choose("accept_all", optional.slice(), source);
    } else if (action === "reject") {
      choose("reject_all", [], source);
    } else if (action === "save") {
      var chosen = [];
      each("[data-consent-switch]", function (box) {
        if (box.checked) chosen.push(box.getAttribute("data-consent-switch"));
      });
      choose("custom", chosen, source);
    } else if (action === "customize") {
      openCentre("centre");
    } else if (action === "dismiss") {
      hideBanner(); // nothing is granted; the banner returns on the next page
    } else if (action === "close") {
      centre.close();
    } else if (centre.contains(node) && node.hasAttribute("aria-expanded")) {
      toggle(node);
    }
  });
  centre.addEventListener("keydown", function (event) {
    if (event.key !== "Tab") return;
    var nodes = focusable();
    var first = nodes[0];
    var last = nodes[nodes.length - 1];
    if (event.shiftKey && doc.activeElement === first) {
      last.focus();
      event.preventDefault();
    } else if (!event.shiftKey && doc.activeElement === last) {
      first.focus();
      event.preventDefault();
    }
  });
  centre.addEventListener("close", function () {
    if (opener && doc.contains(opener) && opener.getClientRects().length) opener.focus();
  });

  /* --- start ------------------------------------------------------------------ */
  function start() {
    consentMode("default");
    var initial = state ? state.granted : regime === "opt-out" ? optional.slice() : [];
    // As consent/readers.py categories_in_effect() sees it: an outdated revision still counts.
    var unexpired = saved && Date.now() / 1000 - saved.t < cfg.days * 86400;
    policyGranted = withoutAds(unexpired ? saved.granted : regime === "opt-out" ? optional : []);
    apply(withoutAds(initial));
    optional.forEach(function (c) { if (!has(granted, c)) purge(c); });
    each("[data-consent-opt-out-only]", function (node) { node.hidden = regime !== "opt-out"; });
    if (!state) showBanner();
    root.setAttribute("data-consent-regime", regime);
    restoreFocus();
  }

  saved = readCookie();
  state = counts(saved) ? saved : null;
  window.newsdeskConsent = {
    granted: function (category) { return has(granted, category); },
    open: function () { openCentre("api"); }
  };
  if (regime !== "by-country") {
    start();
  } else if (state && state.regime) {
    regime = state.regime;
    start();
  } else {
    // Pages are the same for everyone: ask the server which regime applies to this reader.
    fetch(cfg.regimeUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        regime = answer.regime === "opt-out" ? "opt-out" : "opt-in";
        gpc = gpc || answer.gpc === true;
      })
      .catch(function () { regime = "opt-in"; })
      .then(start);
  }
})();
