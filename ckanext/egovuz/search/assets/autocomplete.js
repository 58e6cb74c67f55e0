/* Suggestions as you type (issue 7): dataset titles and keywords from the
   egovuz_search_autocomplete action, in any spelling (Latin, Cyrillic, apostrophes).
   Attaches to the home page search box and to the dataset search page's box. */
(function () {
  "use strict";
  var SELECTOR = "#egovuz-q, #field-giant-search, #field-sitewide-search, form.search-form input[name=q], input[data-egovuz-autocomplete]";

  function lang() {
    var l = (document.documentElement.getAttribute("lang") || "uz").toLowerCase();
    return l.indexOf("ru") === 0 ? "ru" : (l.indexOf("en") === 0 ? "en" : "uz");
  }

  function root() {
    var m = document.documentElement.getAttribute("data-egovuz-root");
    if (m) { return m; }
    var l = lang();
    var p = window.location.pathname;
    return (l !== "uz" && p.indexOf("/" + l + "/") === 0) ? "/" + l : "";
  }

  function attach(input) {
    if (input.getAttribute("data-egovuz-ac-ready")) { return; }
    input.setAttribute("data-egovuz-ac-ready", "1");
    input.setAttribute("autocomplete", "off");
    var wrap = input.parentNode;
    wrap.classList.add("egovuz-ac");
    var list = document.createElement("ul");
    var listId = "egovuz-ac-" + Math.random().toString(36).slice(2);
    list.id = listId;
    list.className = "egovuz-ac__list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    wrap.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("aria-expanded", "false");
    var timer = null, seq = 0, active = -1, items = [];

    function close() {
      list.hidden = true; active = -1; input.setAttribute("aria-expanded", "false");
    }
    function select(i) {
      active = i;
      items.forEach(function (el, j) { el.setAttribute("aria-selected", j === i ? "true" : "false"); });
    }
    function go(item) {
      if (item.kind === "dataset") {
        window.location.href = root() + "/dataset/" + encodeURIComponent(item.name);
      } else {
        input.value = item.text;
        close();
        if (input.form) { input.form.submit(); }
      }
    }
    function render(data) {
      list.innerHTML = "";
      items = [];
      var entries = [];
      (data.keywords || []).forEach(function (k) { entries.push({kind: "keyword", text: k}); });
      (data.datasets || []).forEach(function (d) { entries.push({kind: "dataset", text: d.title, name: d.name}); });
      entries.forEach(function (e, i) {
        var li = document.createElement("li");
        li.className = "egovuz-ac__item" + (e.kind === "keyword" ? " egovuz-ac__kw" : "");
        li.setAttribute("role", "option");
        li.id = listId + "-" + i;
        li.textContent = e.text;
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); go(e); });
        li._entry = e;
        list.appendChild(li);
        items.push(li);
      });
      list.hidden = entries.length === 0;
      input.setAttribute("aria-expanded", entries.length ? "true" : "false");
      active = -1;
    }
    function fetchSuggestions() {
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      var mine = ++seq;
      var url = root() + "/api/3/action/egovuz_search_autocomplete?q=" + encodeURIComponent(q) +
        "&lang=" + lang();
      fetch(url, {credentials: "same-origin"}).then(function (r) { return r.json(); })
        .then(function (body) { if (mine === seq && body && body.success) { render(body.result); } })
        .catch(function () { close(); });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (ev) {
      if (list.hidden || !items.length) { return; }
      if (ev.key === "ArrowDown") { ev.preventDefault(); select((active + 1) % items.length); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); select((active - 1 + items.length) % items.length); }
      else if (ev.key === "Escape") { close(); }
      else if (ev.key === "Enter" && active >= 0) { ev.preventDefault(); go(items[active]._entry); }
      if (active >= 0) { input.setAttribute("aria-activedescendant", items[active].id); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(SELECTOR), attach);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
