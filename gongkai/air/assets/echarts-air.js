/* The ECharts modules the air pages use (realtime.js, history.js, statistics.js), bundled by
   scripts/install_assets.py with esbuild into static/lib/echarts-air.min.js as the global `echarts`.
   A chart type or component added to one of those scripts must be added here too. */
import { use } from "echarts/core";
import { BarChart, LineChart, ScatterChart } from "echarts/charts";
import {
  DataZoomSliderComponent,
  GridComponent,
  LegendPlainComponent,
  TooltipComponent,
} from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

use([
  BarChart,
  LineChart,
  ScatterChart,
  GridComponent,
  TooltipComponent,
  LegendPlainComponent,
  DataZoomSliderComponent,
  CanvasRenderer,
]);

export * from "echarts/core";
