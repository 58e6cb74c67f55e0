/* Low-vision mode (S-A11Y): text size (two steps up), high contrast, grayscale, hidden
   images. Settings live in localStorage ("egovuz-a11y") and apply at once, on every page.
   Everything is a <button>: Tab, Enter and Space work; Escape closes the panel. */
(function () {
  "use strict";
  var KEY = "egovuz-a11y";
  var TOGGLES = ["contrast", "grayscale", "noimages"];
  var root = document.documentElement;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "{}") || {}; } catch (e) { return {}; }
  }
  function save(state) {
    try { window.localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  // In place of each hidden image: its alt text, visible (screen readers read the alt).
  function showAlts() {
    document.querySelectorAll("img[alt]:not([data-egovuz-alt])").forEach(function (img) {
      var alt = (img.getAttribute("alt") || "").trim();
      img.setAttribute("data-egovuz-alt", "1");
      if (!alt) { return; }
      var span = document.createElement("span");
      span.className = "egovuz-a11y-alt";
      span.setAttribute("aria-hidden", "true");
      span.textContent = alt;
      img.insertAdjacentElement("afterend", span);
    });
  }

  function apply(state, box) {
    if (state.noimages) { showAlts(); }
    root.classList.remove("egovuz-a11y-size-1", "egovuz-a11y-size-2");
    if (state.size) { root.classList.add("egovuz-a11y-size-" + state.size); }
    TOGGLES.forEach(function (k) { root.classList.toggle("egovuz-a11y-" + k, !!state[k]); });
    if (!box) { return; }
    box.querySelectorAll("[data-a11y-size]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(Number(b.getAttribute("data-a11y-size")) === (state.size || 0)));
    });
    box.querySelectorAll("[data-a11y-toggle]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(!!state[b.getAttribute("data-a11y-toggle")]));
    });
    var on = !!(state.size || TOGGLES.some(function (k) { return state[k]; }));
    box.classList.toggle("egovuz-a11y--on", on);
  }

  function init() {
    var box = document.querySelector("[data-egovuz-a11y]");
    var state = load();
    apply(state, box);
    if (!box) { return; }
    var toggle = box.querySelector(".egovuz-a11y__toggle");
    var panel = box.querySelector(".egovuz-a11y__panel");
    function open(show) {
      panel.hidden = !show;
      toggle.setAttribute("aria-expanded", String(show));
    }
    toggle.addEventListener("click", function () { open(panel.hidden); });
    box.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && !panel.hidden) { open(false); toggle.focus(); }
    });
    panel.addEventListener("click", function (ev) {
      var b = ev.target.closest("button");
      if (!b) { return; }
      state = load();
      if (b.hasAttribute("data-a11y-size")) {
        state.size = Number(b.getAttribute("data-a11y-size"));
      } else if (b.hasAttribute("data-a11y-toggle")) {
        var k = b.getAttribute("data-a11y-toggle");
        state[k] = !state[k];
      } else if (b.hasAttribute("data-a11y-reset")) {
        state = {};
      }
      save(state);
      apply(state, box);
    });
    window.addEventListener("storage", function (ev) {
      if (ev.key === KEY) { state = load(); apply(state, box); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
