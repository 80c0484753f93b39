/* The ECharts modules of the district maps (core/districtmap.py): the 举报 maps
   (static/interaction/map.js) and the air map (static/air/map.js), bundled by
   scripts/install_assets.py with esbuild into static/lib/echarts-map.min.js as the global `echarts`.
   The boundaries come from the administrator's GeoJSON (registerMap); no outside tile service. */
import { use } from "echarts/core";
import { ScatterChart } from "echarts/charts";
import { GeoComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

use([ScatterChart, GeoComponent, TooltipComponent, CanvasRenderer]);

export * from "echarts/core";
