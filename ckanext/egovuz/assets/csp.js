/* What inline scripts and handlers used to do, now from a file the Content-Security-Policy
   allows ('self'): CKAN's resource upload field (Upload / Link / Remove / Clear), the
   DataTables view's Refit button, the reload of a page that shows a running data load. */
(function () {
  "use strict";
  function byId(id) { return document.getElementById(id); }
  function check(id) { var el = byId(id); if (el) { el.checked = true; } }
  function focus(id) { var el = byId(id); if (el) { el.focus(); } }
  var upload = {
    upload: function () { check("resource-url-upload"); var f = byId("field-resource-upload"); if (f) { f.click(); } },
    link: function () { check("resource-url-link"); focus("field-resource-url"); },
    clear: function () { check("field-clear-upload"); focus("field-resource-upload"); },
    "remove-upload": function () {
      check("resource-url-none");
      focus(byId("resource-upload-button") ? "resource-upload-button" : "resource-link-button");
      var f = byId("field-resource-upload"); if (f) { f.value = ""; }
    },
    "remove-link": function () {
      check("resource-url-none");
      focus(byId("resource-upload-button") ? "resource-upload-button" : "resource-link-button");
      var u = byId("field-resource-url"); if (u) { u.value = ""; }
    }
  };
  document.addEventListener("click", function (ev) {
    var target = ev.target instanceof Element ? ev.target : null;
    if (!target) { return; }
    var btn = target.closest("[data-egovuz-upload]");
    if (btn && upload[btn.getAttribute("data-egovuz-upload")]) {
      upload[btn.getAttribute("data-egovuz-upload")]();
      return;
    }
    if (target.closest("[data-egovuz-refit]") && typeof window.fitColText === "function") {
      window.fitColText();
    }
  });
  function reloadLater() {
    var el = document.querySelector("[data-egovuz-reload]");
    if (!el) { return; }
    var ms = parseInt(el.getAttribute("data-egovuz-reload"), 10) || 5000;
    window.setTimeout(function () { window.location.reload(); }, ms);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", reloadLater);
  } else {
    reloadLater();
  }
}());
