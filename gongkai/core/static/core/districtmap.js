/* Shared helpers of the district maps (core/districtmap.py), loaded after lib/echarts-map.min.js:
   - gongkaiDistrictMap.load(url, done): fetches the administrator's GeoJSON, registers it with
     ECharts as the map "districts" and calls done(geojson); on any failure nothing happens, so the
     page keeps its tables and fields (the accessible way in).
   - gongkaiDistrictMap.geo(regions): the `geo` component drawing those districts (optionally with
     per-district styles, e.g. an area colour). */
(function () {
  "use strict";

  function load(url, done) {
    var request = new XMLHttpRequest();
    request.open("GET", url);
    request.onload = function () {
      if (request.status !== 200) { return; }
      var geojson;
      try { geojson = JSON.parse(request.responseText); } catch (error) { return; /* no map */ }
      echarts.registerMap("districts", geojson);
      done(geojson);
    };
    request.send();
  }

  function geo(regions) {
    return {
      map: "districts", roam: true, label: { show: true, fontSize: 11 },
      itemStyle: { areaColor: "#eef4f0", borderColor: "#1f5e3b" },
      emphasis: { label: { show: true }, itemStyle: { areaColor: "#cfe3d6" } },
      select: { disabled: true },
      regions: regions || []
    };
  }

  window.gongkaiDistrictMap = { load: load, geo: geo };
})();
