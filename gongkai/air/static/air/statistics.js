/* Statistics page: days per AQI level of the city and each district, stacked bars. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("air-stat-data").textContent);
  var chart = echarts.init(document.getElementById("air-stat-chart"));
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { data: data.levels },
    xAxis: { type: "category", data: data.regions },
    yAxis: { type: "value", name: data.days_label },
    series: data.levels.map(function (name, level) {
      return {
        name: name, type: "bar", stack: "days", itemStyle: { color: data.colours[level] },
        data: data.days.map(function (row) { return row[level]; })
      };
    })
  });
  var charts = [chart];
  var monthlyElement = document.getElementById("air-stat-monthly-chart");
  if (monthlyElement) {
    var monthly = echarts.init(monthlyElement);
    monthly.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: data.levels.concat([data.good_ratio_label]) },
      xAxis: { type: "category", data: data.months },
      yAxis: [{ type: "value", name: data.days_label }, { type: "value", name: "%", min: 0, max: 100 }],
      series: data.levels.map(function (name, level) {
        return {
          name: name, type: "bar", stack: "days", itemStyle: { color: data.colours[level] },
          data: data.monthly_days.map(function (row) { return row[level]; })
        };
      }).concat([{ name: data.good_ratio_label, type: "line", yAxisIndex: 1, data: data.monthly_good_ratio }])
    });
    charts.push(monthly);
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  document.body.setAttribute("data-air-charts", "ready");
})();
