/* Real-time page charts: stations on lon/lat coloured by AQI level (no map tiles) and the 24-hour trend. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("air-chart-data").textContent);
  var colours = ["#cccccc", "#00e400", "#ffff00", "#ff7e00", "#ff0000", "#99004c", "#7e0023"];
  var mapElement = document.getElementById("air-map");
  var map = echarts.init(mapElement);
  map.setOption({
    tooltip: {
      formatter: function (p) {
        var s = p.data.station;
        return s.name + "（" + s.district + "）<br>AQI " + (s.aqi === null ? "—" : s.aqi) + " " + (s.category || "");
      }
    },
    xAxis: { type: "value", name: "经度", scale: true },
    yAxis: { type: "value", name: "纬度", scale: true },
    series: [{
      type: "scatter",
      symbolSize: 22,
      label: { show: true, position: "right", formatter: function (p) { return p.data.station.name; } },
      data: data.stations.map(function (s) {
        return { value: [s.longitude, s.latitude], station: s, itemStyle: { color: colours[s.level || 0] } };
      })
    }]
  });
  var trend = echarts.init(document.getElementById("air-trend"));
  var stationSelect = document.getElementById("air-trend-station");
  var pollutantSelect = document.getElementById("air-trend-pollutant");
  function drawTrend() {
    var code = stationSelect.value, pollutant = pollutantSelect.value;
    var values = (data.trends[code] || {})[pollutant] || [];
    trend.setOption({
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.hours },
      yAxis: { type: "value", name: pollutant === "co" ? "mg/m³" : "µg/m³" },
      series: [{ type: "line", name: data.labels[pollutant], data: values, connectNulls: false }]
    });
  }
  stationSelect.addEventListener("change", drawTrend);
  pollutantSelect.addEventListener("change", drawTrend);
  map.on("click", function (p) { stationSelect.value = p.data.station.code; drawTrend(); });
  window.addEventListener("resize", function () { map.resize(); trend.resize(); });
  drawTrend();
  document.body.setAttribute("data-air-charts", "ready");
})();
