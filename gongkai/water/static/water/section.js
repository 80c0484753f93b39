/* Section page: the chosen item's monthly values beside its Class III limit (GB 3838-2002 Table 1). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("water-section-data").textContent);
  var select = document.getElementById("water-item");
  var chart = echarts.init(document.getElementById("water-section-trend"));
  function draw() {
    var code = select.value;
    var limit = data.limits[code];
    var series = [{ type: "line", name: data.names[code], data: data.series[code] || [], connectNulls: false }];
    if (limit !== null && limit !== undefined) {
      series.push({ type: "line", name: "Ⅲ类限值", data: data.months.map(function () { return limit; }),
        symbol: "none", lineStyle: { type: "dashed" } });
    }
    chart.setOption({ tooltip: { trigger: "axis" }, legend: {}, xAxis: { type: "category", data: data.months },
      yAxis: { type: "value" }, series: series }, true);
  }
  if (select) { select.addEventListener("change", draw); draw(); }
  window.addEventListener("resize", function () { chart.resize(); });
  document.body.setAttribute("data-water-charts", "ready");
})();
