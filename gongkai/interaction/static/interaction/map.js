/* 举报地图, drawn with the ECharts bundle echarts-map.min.js on the administrator's district GeoJSON
   (loaded and drawn with the shared helpers of static/core/districtmap.js).
   - Report form (#report-map[data-geojson]): clicking the map fills in the longitude and latitude fields
     and the district; typing coordinates moves the marker. The text fields stay the accessible way in;
     without the map (no GeoJSON uploaded, no script) nothing changes.
   - Staff map (#staff-report-map[data-geojson]): the reports with a location (data in #report-points);
     clicking a point opens the report. The same reports are listed in a table under the map. */
(function () {
  "use strict";

  var districtMap = window.gongkaiDistrictMap; // static/core/districtmap.js
  var geo = districtMap && districtMap.geo;

  function reportForm(box) {
    var lon = document.getElementById("id_longitude");
    var lat = document.getElementById("id_latitude");
    var district = document.getElementById("id_district");
    if (!lon || !lat) { return; }
    districtMap.load(box.getAttribute("data-geojson"), function () {
      box.hidden = false;
      var chart = echarts.init(box);
      function marker() {
        var x = parseFloat(lon.value), y = parseFloat(lat.value);
        return isNaN(x) || isNaN(y) ? [] : [[x, y]];
      }
      function draw() {
        chart.setOption({
          geo: geo(),
          series: [{ type: "scatter", coordinateSystem: "geo", symbolSize: 14, data: marker(),
                     itemStyle: { color: "#c0392b" } }]
        });
      }
      draw();
      chart.on("click", function (params) {
        if (params.componentType === "geo" && district) {
          for (var i = 0; i < district.options.length; i++) {
            if (district.options[i].value === params.name) { district.value = params.name; }
          }
        }
      });
      chart.getZr().on("click", function (event) {
        var point = chart.convertFromPixel({ geoIndex: 0 }, [event.offsetX, event.offsetY]);
        if (!point) { return; }
        lon.value = point[0].toFixed(6);
        lat.value = point[1].toFixed(6);
        draw();
      });
      lon.addEventListener("change", draw);
      lat.addEventListener("change", draw);
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  function staffMap(box) {
    var points = JSON.parse(document.getElementById("report-points").textContent);
    districtMap.load(box.getAttribute("data-geojson"), function () {
      box.hidden = false;
      var chart = echarts.init(box);
      chart.setOption({
        tooltip: { trigger: "item", formatter: function (p) {
          return p.data ? [p.data.number, p.data.kind, p.data.status, p.data.date].join("<br>") : p.name;
        } },
        geo: geo(),
        series: [{
          type: "scatter", coordinateSystem: "geo", symbolSize: 10, itemStyle: { color: "#c0392b" },
          data: points.map(function (p) {
            return { value: [p.lon, p.lat], number: p.number, kind: p.kind, status: p.status,
                     date: p.date, url: p.url };
          })
        }]
      });
      chart.on("click", function (params) {
        if (params.seriesType === "scatter" && params.data && params.data.url) {
          window.location.href = params.data.url;
        }
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  var form = document.getElementById("report-map");
  if (form && window.echarts && districtMap) { reportForm(form); }
  var staff = document.getElementById("staff-report-map");
  if (staff && window.echarts && districtMap) { staffMap(staff); }
})();
