/* Statistics page: days per AQI level of the city and each district, stacked bars. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("air-stat-data").textContent);
  var chart = echarts.init(document.getElementById("air-stat-chart"));
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { data: data.levels },
    xAxis: { type: "category", data: data.regions },
    yAxis: { type: "value", name: "天" },
    series: data.levels.map(function (name, level) {
      return {
        name: name, type: "bar", stack: "days", itemStyle: { color: data.colours[level] },
        data: data.days.map(function (row) { return row[level]; })
      };
    })
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
