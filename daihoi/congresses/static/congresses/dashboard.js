/* Charts of the campaign dashboard (vendored Chart.js): progress over time and the
   secretaries' vote shares. Data come from the page (json_script "dh-chart-data"). */
(function () {
  "use strict";
  var RED = "#b71c1c";
  var PALETTE = ["#b71c1c", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f"];
  var viNumber = new Intl.NumberFormat(document.documentElement.lang || "vi");

  function draw() {
    var source = document.getElementById("dh-chart-data");
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var ticks = { callback: function (v) { return viNumber.format(v); } };
    var series = document.getElementById("dh-chart-series");
    if (series && data.series.days.length) {
      var datasets = data.series.levels.map(function (level, i) {
        return { label: level.label, data: level.values, borderColor: PALETTE[(i + 1) % PALETTE.length],
                 pointRadius: 0, borderWidth: 1.5, tension: 0.1 };
      });
      datasets.push({ label: data.series.total_label, data: data.series.total, borderColor: RED,
                      pointRadius: 0, borderWidth: 2.5, tension: 0.1 });
      new Chart(series, {
        type: "line",
        data: { labels: data.series.days, datasets: datasets },
        options: { animation: false, maintainAspectRatio: false, interaction: { mode: "index", intersect: false },
                   scales: { y: { beginAtZero: true, ticks: ticks }, x: { ticks: { maxTicksLimit: 8 } } },
                   plugins: { legend: { labels: { boxWidth: 12 } } } }
      });
    }
    var shares = document.getElementById("dh-chart-shares");
    if (shares && data.shares.values.length) {
      new Chart(shares, {
        type: "bar",
        data: { labels: data.shares.labels, datasets: [{ label: data.shares.label, data: data.shares.values, backgroundColor: RED }] },
        options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: ticks } },
                   plugins: { legend: { display: false } } }
      });
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
