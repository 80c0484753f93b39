/* 空气质量区县地图 (air/map.html): the administrator's district GeoJSON (core/districtmap.py, drawn
   with lib/echarts-map.min.js and static/core/districtmap.js), districts shaded by their real-time
   AQI level colour where published, stations as points in the level colour of their latest AQI
   (HJ 633 Appendix A). The same figures are in the tables under the map. */
(function () {
  "use strict";
  var box = document.getElementById("air-district-map");
  var districtMap = window.gongkaiDistrictMap;
  if (!box || !window.echarts || !districtMap) { return; }
  var data = JSON.parse(document.getElementById("air-map-data").textContent);
  var grey = "#cccccc";
  districtMap.load(box.getAttribute("data-geojson"), function () {
    box.hidden = false;
    var chart = echarts.init(box);
    var regions = data.districts.filter(function (d) { return d.colour; }).map(function (d) {
      return { name: d.name, itemStyle: { areaColor: d.colour } };
    });
    chart.setOption({
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          var s = p.data && p.data.station;
          if (!s) { return p.name; }
          return s.name + "（" + s.district + "）<br>AQI " + (s.aqi === null ? "NA" : s.aqi + " " + s.category);
        }
      },
      geo: districtMap.geo(regions),
      series: [{
        type: "scatter", coordinateSystem: "geo", symbolSize: 16,
        label: { show: true, position: "right", formatter: function (p) { return p.data.station.name; } },
        data: data.stations.map(function (s) {
          return {
            name: s.name, value: [s.longitude, s.latitude], station: s,
            itemStyle: { color: s.colour || grey, borderColor: "#333333", borderWidth: 1 }
          };
        })
      }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
    document.body.setAttribute("data-air-map", "ready");
  });
})();
