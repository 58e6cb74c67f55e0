/* Draws each <canvas data-egovuz-chart data-chart="{labels, series}"> with Chart.js. */
(function () {
  "use strict";
  var palette = ["#0b5394", "#e69138", "#6aa84f", "#a64d79", "#45818e"];
  function draw(canvas) {
    var spec;
    try { spec = JSON.parse(canvas.getAttribute("data-chart")); } catch (e) { return; }
    if (!spec || !spec.labels || !spec.labels.length || typeof Chart === "undefined") { return; }
    new Chart(canvas, {
      type: canvas.getAttribute("data-egovuz-chart") || "bar",
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s, i) {
          return { label: s.label, data: s.values, backgroundColor: palette[i % palette.length] };
        })
      },
      options: {
        indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: spec.series.length > 1 } },
        scales: { y: { ticks: { autoSkip: false } } }
      }
    });
  }
  function init() {
    var canvases = document.querySelectorAll("canvas[data-egovuz-chart]");
    for (var i = 0; i < canvases.length; i++) { draw(canvases[i]); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
