/* Monthly bulletin charts: sections on longitude/latitude axes coloured by class (no map tiles) and the
   number of sections per class over the last two years with the share of Class I-III. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("water-chart-data").textContent);
  var colours = JSON.parse(document.getElementById("water-colours").textContent);
  var map = echarts.init(document.getElementById("water-map"));
  map.setOption({
    tooltip: {
      formatter: function (p) {
        var s = p.data.section;
        return s.name + "（" + s.water + "）<br>" + s.label + " " + s.status;
      }
    },
    xAxis: { type: "value", name: "经度", scale: true },
    yAxis: { type: "value", name: "纬度", scale: true },
    series: [{
      type: "scatter",
      symbolSize: 20,
      label: { show: true, position: "right", formatter: function (p) { return p.data.section.name + " " + p.data.section.label; } },
      data: data.points.map(function (s) {
        return { value: [s.longitude, s.latitude], section: s, itemStyle: { color: colours[s["class"] || 0], borderColor: "#333" } };
      })
    }]
  });
  map.on("click", function (p) { window.location.href = "section/" + encodeURIComponent(p.data.section.code) + "/"; });
  var trend = echarts.init(document.getElementById("water-trend"));
  var series = data.trend.classes.map(function (label, i) {
    return { type: "bar", stack: "classes", name: label, data: data.trend.counts[i], itemStyle: { color: colours[i + 1] } };
  });
  series.push({ type: "line", name: "Ⅰ～Ⅲ类比例（%）", yAxisIndex: 1, data: data.trend.good, itemStyle: { color: "#333" } });
  trend.setOption({
    tooltip: { trigger: "axis" },
    legend: {},
    xAxis: { type: "category", data: data.trend.months },
    yAxis: [{ type: "value", name: "断面数", minInterval: 1 }, { type: "value", name: "%", min: 0, max: 100 }],
    series: series
  });
  window.addEventListener("resize", function () { map.resize(); trend.resize(); });
  document.body.setAttribute("data-water-charts", "ready");
})();
