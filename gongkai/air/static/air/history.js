/* History page: the daily AQI of the selected station (or the city) as bars coloured by level. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("air-history-data").textContent);
  var chart = echarts.init(document.getElementById("air-history-chart"));
  chart.setOption({
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: data.dates },
    yAxis: { type: "value", name: "AQI" },
    dataZoom: data.dates.length > 62 ? [{ type: "slider" }] : [],
    series: [{
      type: "bar", name: "AQI",
      data: data.aqi.map(function (value, i) {
        return { value: value, itemStyle: { color: data.colours[data.levels[i]] } };
      })
    }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
  document.body.setAttribute("data-air-charts", "ready");
})();
