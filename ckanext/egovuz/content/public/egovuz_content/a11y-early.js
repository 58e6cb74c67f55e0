/* Low-vision settings applied before the first paint (loaded in <head>; a11y.js does the rest). */
try {
  var s = JSON.parse(localStorage.getItem("egovuz-a11y") || "{}"), c = document.documentElement.classList;
  if (s.size) { c.add("egovuz-a11y-size-" + s.size); }
  ["contrast", "grayscale", "noimages"].forEach(function (k) { if (s[k]) { c.add("egovuz-a11y-" + k); } });
} catch (e) { /* storage unavailable */ }
