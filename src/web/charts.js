// Inline SVG charts, drawn with DOM calls (no library, no external assets): a line chart
// with a prediction band for forecasts, and a horizontal bar chart for segment sizes.
import { el, formatCount, formatNumber, svg } from "./dom.js";

const WIDTH = 640;
let chartIds = 0;

/** Round tick values covering 0…max. */
function ticks(max, count = 4) {
  if (!(max > 0)) return [0];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? rough;
  const values = [];
  for (let value = 0; value <= max + step * 0.001; value += step) values.push(value);
  if (values[values.length - 1] < max) values.push(values[values.length - 1] + step);
  return values;
}

/** Compact axis label: 12k, 1.5M. */
function shortNumber(value) {
  if (value >= 1e6) return `${formatNumber(value / 1e6)}M`;
  if (value >= 1e4) return `${formatNumber(value / 1e3)}k`;
  return formatNumber(value);
}

function titled(svgNode, title, description) {
  const id = `chart-${++chartIds}`;
  svgNode.setAttribute("role", "img");
  svgNode.setAttribute("aria-labelledby", `${id}-title ${id}-desc`);
  svgNode.prepend(svg("title", { text: title, attrs: { id: `${id}-title` } }), svg("desc", { text: description, attrs: { id: `${id}-desc` } }));
  return svgNode;
}

/**
 * A line chart of observed history and a forecast with its band.
 * history: [{ date, value }]; forecast: [{ date, value, lower, upper }].
 */
export function forecastChart({ title, history, forecast, valueLabel }) {
  const height = 260;
  const margin = { top: 12, right: 16, bottom: 34, left: 56 };
  const all = [...history.map((point) => ({ ...point, kind: "history" })), ...forecast.map((point) => ({ ...point, kind: "forecast" }))];
  const max = Math.max(1, ...history.map((point) => point.value), ...forecast.map((point) => Math.max(point.upper, point.value)));
  const yTicks = ticks(max);
  const yMax = yTicks[yTicks.length - 1];
  const plotWidth = WIDTH - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const x = (index) => margin.left + (all.length <= 1 ? plotWidth / 2 : (index / (all.length - 1)) * plotWidth);
  const y = (value) => margin.top + plotHeight - (value / yMax) * plotHeight;
  const line = (points, offset) => points.map((point, index) => `${index === 0 ? "M" : "L"}${x(index + offset).toFixed(1)},${y(point.value).toFixed(1)}`).join(" ");

  const chart = svg("svg", { className: "chart line-chart", attrs: { viewBox: `0 0 ${WIDTH} ${height}`, preserveAspectRatio: "xMidYMid meet" } });
  const grid = svg("g", { className: "grid" });
  for (const tick of yTicks) {
    grid.append(
      svg("line", { attrs: { x1: margin.left, x2: WIDTH - margin.right, y1: y(tick), y2: y(tick) } }),
      svg("text", { text: shortNumber(tick), className: "axis-label", attrs: { x: margin.left - 6, y: y(tick) + 4, "text-anchor": "end" } }),
    );
  }
  chart.append(grid);

  const start = history.length;
  if (forecast.length > 0) {
    const upper = forecast.map((point, index) => `${x(start + index).toFixed(1)},${y(point.upper).toFixed(1)}`);
    const lower = forecast.map((point, index) => `${x(start + index).toFixed(1)},${y(point.lower).toFixed(1)}`).reverse();
    chart.append(svg("polygon", { className: "band", attrs: { points: [...upper, ...lower].join(" ") } }));
    chart.append(svg("line", { className: "forecast-start", attrs: { x1: x(start), x2: x(start), y1: margin.top, y2: margin.top + plotHeight } }));
  }
  if (history.length > 0) chart.append(svg("path", { className: "series history", attrs: { d: line(history, 0) } }));
  if (forecast.length > 0) {
    // Joined to the last observed point so the two lines read as one series.
    const joined = history.length > 0 ? [history[history.length - 1], ...forecast] : forecast;
    chart.append(svg("path", { className: "series forecast", attrs: { d: line(joined, history.length > 0 ? start - 1 : start) } }));
  }

  const labelIndexes = [...new Set([0, start < all.length ? start : undefined, all.length - 1].filter((index) => index !== undefined && index >= 0))];
  for (const index of labelIndexes) {
    const anchor = index === 0 ? "start" : index === all.length - 1 ? "end" : "middle";
    chart.append(svg("text", { text: all[index].date, className: "axis-label", attrs: { x: x(index), y: height - 10, "text-anchor": anchor } }));
  }

  const first = forecast[0];
  const last = forecast[forecast.length - 1];
  const description = first
    ? `${valueLabel} from ${first.date} to ${last.date}: ${formatNumber(first.value)} to ${formatNumber(last.value)} per period, with an 80 % interval; observed history before it.`
    : `${valueLabel}: observed history.`;
  const figure = el(
    "figure",
    { className: "chart-figure" },
    titled(chart, title, description),
    el(
      "figcaption",
      { className: "legend" },
      el("span", { className: "swatch history" }),
      " Observed ",
      el("span", { className: "swatch forecast" }),
      " Forecast ",
      el("span", { className: "swatch band" }),
      " 80 % interval",
    ),
  );
  return figure;
}

/** A horizontal bar chart: items [{ label, value }], values formatted as counts. */
export function barChart({ title, items, valueLabel }) {
  const barHeight = 22;
  const gap = 8;
  const labelWidth = 190;
  const valueWidth = 70;
  const height = items.length * (barHeight + gap) + gap;
  const max = Math.max(1, ...items.map((item) => item.value));
  const chart = svg("svg", { className: "chart bar-chart", attrs: { viewBox: `0 0 ${WIDTH} ${height}`, preserveAspectRatio: "xMidYMid meet" } });
  items.forEach((item, index) => {
    const top = gap + index * (barHeight + gap);
    const width = ((WIDTH - labelWidth - valueWidth) * item.value) / max;
    const label = item.label.length > 28 ? `${item.label.slice(0, 27)}…` : item.label;
    chart.append(
      svg("text", { text: label, className: "bar-label", attrs: { x: labelWidth - 8, y: top + barHeight / 2 + 4, "text-anchor": "end" } }),
      svg("rect", { className: "bar", attrs: { x: labelWidth, y: top, width: Math.max(1, width).toFixed(1), height: barHeight, rx: 3 } }, svg("title", { text: `${item.label}: ${formatCount(item.value)}` })),
      svg("text", { text: formatCount(item.value), className: "bar-value", attrs: { x: labelWidth + width + 6, y: top + barHeight / 2 + 4 } }),
    );
  });
  const description = items.map((item) => `${item.label}: ${formatCount(item.value)}`).join("; ");
  return el("figure", { className: "chart-figure" }, titled(chart, title, `${valueLabel}. ${description}.`));
}
