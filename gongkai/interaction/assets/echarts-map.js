/* The ECharts modules the 举报 maps use (static/interaction/map.js: the district map of the report form
   and the staff map of reports), bundled by scripts/install_assets.py with esbuild into
   static/lib/echarts-map.min.js as the global `echarts`. The boundaries come from the administrator's
   GeoJSON (registerMap); no outside tile service. */
import { use } from "echarts/core";
import { ScatterChart } from "echarts/charts";
import { GeoComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

use([ScatterChart, GeoComponent, TooltipComponent, CanvasRenderer]);

export * from "echarts/core";
