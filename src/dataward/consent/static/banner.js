/*
 * dataward cookie banner: records a visitor's cookie choice through the dataward API.
 *
 * Include it on every page, before any tag that sets non-necessary cookies:
 *
 *   <script src="https://privacy.example.com/api/v1/cookie-consent/banner.js"
 *           data-api="https://privacy.example.com" defer></script>
 *
 * data-api: where dataward runs (default: where this script was loaded from).
 *
 * Load your tags only once the category they need is granted:
 *
 *   document.addEventListener("dataward:consent", function (event) {
 *     if (event.detail.categories.analytical) loadAnalytics();
 *   });
 *   // or at any time: window.datawardConsent.granted("advertising") -> true / false
 *   // and to reopen the banner (a "Cookie settings" link): window.datawardConsent.open()
 *
 * Categories and their wording come from the policy (GET /api/v1/cookie-consent/categories);
 * necessary cookies cannot be refused. Global Privacy Control: a browser that sets
 * navigator.globalPrivacyControl also sends "Sec-GPC: 1", and dataward then refuses
 * advertising cookies whatever is ticked; the banner shows that box unticked and disabled.
 * The choice is kept in localStorage (key "dataward-consent") with the visitor id dataward
 * issued, so the banner is shown again only when the notice version changes.
 */
(function () {
  "use strict";
  var STORAGE_KEY = "dataward-consent";
  var script = document.currentScript;
  var api = ((script && script.getAttribute("data-api")) ||
    (script ? new URL(script.src).origin : "")).replace(/\/$/, "");
  var endpoint = api + "/api/v1/cookie-consent";
  var gpc = navigator.globalPrivacyControl === true;
  var current = load();

  function load() {
    try { return JSON.parse(localStorage.getItem(STORAGE_KEY)) || null; }
    catch (error) { return null; }
  }

  function announce(choice) {
    current = choice;
    localStorage.setItem(STORAGE_KEY, JSON.stringify(choice));
    document.dispatchEvent(new CustomEvent("dataward:consent", { detail: choice }));
  }

  function save(categories, notice) {
    return fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        visitor_id: current ? current.visitor_id : null,
        categories: categories,
        notice_version: notice,
        gpc: gpc
      })
    }).then(function (response) {
      if (!response.ok) throw new Error("dataward: choice not recorded (" + response.status + ")");
      return response.json();
    }).then(announce);
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) node.textContent = text;
    return node;
  }

  function show(info) {
    var banner = element("section", { "class": "dataward-banner", "role": "dialog", "aria-label": "Cookies" });
    banner.appendChild(element("p", null, "We use cookies. Choose which ones we may place."));
    var boxes = {};
    info.categories.forEach(function (category) {
      var label = element("label", { "title": category.description });
      var box = element("input", { "type": "checkbox", "name": category.id });
      box.checked = category.required || Boolean(current && current.categories[category.id]);
      box.disabled = category.required || category.refused_by_gpc;
      if (category.refused_by_gpc) box.checked = false;
      boxes[category.id] = box;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + category.name));
      banner.appendChild(label);
    });
    function choose(all) {
      var categories = {};
      Object.keys(boxes).forEach(function (id) {
        var box = boxes[id];
        // A disabled box is fixed: required (on) or refused by Global Privacy Control (off).
        categories[id] = box.disabled || all === null ? box.checked : all;
      });
      save(categories, info.notice_version).then(function () { banner.remove(); });
    }
    [["Accept all", true], ["Necessary only", false], ["Save choice", null]].forEach(function (pair) {
      var button = element("button", { "type": "button" }, pair[0]);
      button.addEventListener("click", function () { choose(pair[1]); });
      banner.appendChild(button);
    });
    document.body.appendChild(banner);
  }

  function open() {
    return fetch(endpoint + "/categories").then(function (response) { return response.json(); }).then(show);
  }

  window.datawardConsent = {
    granted: function (category) { return Boolean(current && current.categories[category]); },
    open: open
  };

  fetch(endpoint + "/categories").then(function (response) { return response.json(); }).then(function (info) {
    if (current && current.notice_version === info.notice_version) {
      document.dispatchEvent(new CustomEvent("dataward:consent", { detail: current }));
    } else {
      show(info);
    }
  });
})();
