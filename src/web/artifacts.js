// Renders a tool's full output (its artifact) for people: tables and charts per tool, and
// the raw JSON for anything this page does not know yet.
import { barChart, forecastChart } from "./charts.js";
import { el, formatCount, formatNumber, formatShare, table } from "./dom.js";

const METRIC_LABELS = { revenue: "Revenue", units: "Units sold", orders: "Orders" };

function section(title, ...children) {
  return el("section", { className: "artifact" }, el("h3", { text: title }), ...children);
}

function rawOutput(output) {
  return el("details", { className: "raw" }, el("summary", { text: "Raw output (JSON)" }), el("pre", { text: JSON.stringify(output, null, 2) }));
}

function forecast(output) {
  const metric = METRIC_LABELS[output.metric] ?? output.metric;
  const history = (output.history?.recent ?? []).map((point) => ({ date: point.date, value: point.value }));
  const points = output.points ?? [];
  const trend = output.trend;
  const backtest = output.backtest;
  const facts = [
    trend ? `Total ${formatNumber(trend.forecastTotal)} vs ${formatNumber(trend.previousTotal)} in the previous period (${trend.changePercent === null ? "no sales before" : `${trend.changePercent > 0 ? "+" : ""}${formatNumber(trend.changePercent)} %`}).` : "",
    backtest?.mase !== null && backtest?.mase !== undefined
      ? `Backtest MASE ${formatNumber(backtest.mase)} (seasonal naive ${formatNumber(backtest.seasonalNaiveMase)}).`
      : "",
  ].filter(Boolean);
  return section(
    `${metric} forecast — ${output.scope?.description ?? "all sales"}`,
    forecastChart({ title: `${metric} forecast from ${output.asOf}`, history, forecast: points, valueLabel: metric }),
    facts.length > 0 ? el("p", { className: "facts", text: facts.join(" ") }) : null,
    el(
      "details",
      {},
      el("summary", { text: "Show the numbers" }),
      table(`${metric} per ${output.granularity === "week" ? "week" : "day"}`, [
        { label: output.granularity === "week" ? "Week of" : "Date", value: (point) => point.date },
        { label: "Forecast", value: (point) => formatNumber(point.value), numeric: true },
        { label: "Low (80 %)", value: (point) => formatNumber(point.lower), numeric: true },
        { label: "High (80 %)", value: (point) => formatNumber(point.upper), numeric: true },
        { label: "Closed", value: (point) => (point.closed ? "yes" : "") },
      ], points),
    ),
  );
}

function segments(output) {
  const list = output.segments ?? [];
  return section(
    `${formatCount(list.length)} segments of ${formatCount(output.customerCount)} customers`,
    barChart({ title: "Customers per segment", valueLabel: "Customers per segment", items: list.map((segment) => ({ label: segment.name, value: segment.size })) }),
    table("Segments", [
      { label: "Segment", value: (segment) => segment.name },
      { label: "Customers", value: (segment) => formatCount(segment.size), numeric: true },
      { label: "Share", value: (segment) => formatShare(segment.share), numeric: true },
      { label: "Days since last order", value: (segment) => formatNumber(segment.medians?.recencyDays), numeric: true },
      { label: "Orders", value: (segment) => formatNumber(segment.medians?.frequency), numeric: true },
      { label: "Spend", value: (segment) => formatNumber(segment.medians?.monetary), numeric: true },
      { label: "Suggested action", value: (segment) => segment.suggestedAction },
    ], list),
    el("p", { className: "facts", text: `Medians per segment. Silhouette ${formatNumber(output.quality?.silhouette)}; segmentation ${output.segmentationId}.` }),
  );
}

function itemsTable(caption, items, extra = []) {
  return table(caption, [
    { label: "#", value: (item) => item.rank, numeric: true },
    { label: "Product", value: (item) => `${item.name} (${item.productId})` },
    ...extra,
    { label: "Why", value: (item) => item.reason },
  ], items);
}

function recommendations(output) {
  if (output.kind === "customer") {
    return section(`Picks for customer ${output.customer.customerId}`, itemsTable("Recommended products", output.customer.items));
  }
  if (output.kind === "customers") {
    const shown = output.customers.slice(0, 5);
    return section(
      `Picks for ${formatCount(output.customers.length)} customers`,
      ...shown.map((customer) => itemsTable(`Customer ${customer.customerId}`, customer.items)),
      output.customers.length > shown.length ? el("p", { className: "facts", text: `… and ${formatCount(output.customers.length - shown.length)} more customers (see the raw output).` }) : null,
    );
  }
  if (output.kind === "product") {
    return section(`Goes with ${output.product.name}`, itemsTable("Companion products", output.items));
  }
  if (output.kind === "segment") {
    return section(
      `Top picks for segment ${output.segment.segmentId}`,
      itemsTable("Segment picks", output.items, [{ label: "Share of segment", value: (item) => formatShare(item.shareOfSegment), numeric: true }]),
    );
  }
  return null;
}

function search(output) {
  return section(
    `Catalogue search: “${output.query}”`,
    table(`${formatCount(output.results.length)} matching products`, [
      { label: "Product", value: (item) => item.name },
      { label: "Id", value: (item) => item.productId },
      { label: "Category", value: (item) => item.category },
      { label: "Price", value: (item) => (item.price === null ? "–" : formatNumber(item.price)), numeric: true },
      { label: "In stock", value: (item) => (item.inStock ? "yes" : "no") },
      { label: "Score", value: (item) => formatNumber(item.score), numeric: true },
    ], output.results),
  );
}

function sentiment(output) {
  const counts = output.counts ?? {};
  const heading = output.mode === "reviews" ? `Sentiment of ${formatCount(output.reviews)} reviews` : `Sentiment of ${formatCount(output.results?.length)} texts`;
  return section(
    heading,
    el("p", {
      className: "facts",
      text: `${formatCount(counts.positive)} positive, ${formatCount(counts.neutral)} neutral, ${formatCount(counts.negative)} negative; mean score ${formatNumber(output.meanScore)}.`,
    }),
    table("What customers talk about (complaints first)", [
      { label: "Aspect", value: (aspect) => aspect.aspect },
      { label: "Mentions", value: (aspect) => formatCount(aspect.mentions), numeric: true },
      { label: "Positive", value: (aspect) => formatCount(aspect.positive), numeric: true },
      { label: "Negative", value: (aspect) => formatCount(aspect.negative), numeric: true },
      { label: "Negative share", value: (aspect) => formatShare(aspect.negativeShare), numeric: true },
      { label: "Mean score", value: (aspect) => formatNumber(aspect.meanScore), numeric: true },
      { label: "Example complaint", value: (aspect) => aspect.examples?.negative?.[0] ?? "" },
    ], output.aspects ?? []),
  );
}

function drafts(output) {
  return section(
    `${output.channel} copy: ${formatCount(output.readyCount)} of ${formatCount(output.variants?.length)} variants ready`,
    ...(output.variants ?? []).map((variant) =>
      el(
        "article",
        { className: "variant", dataset: { status: variant.status } },
        el("h4", { text: `Variant ${variant.index}${variant.angle ? ` — ${variant.angle}` : ""}: ${variant.status === "ready" ? "ready" : "failing checks, do not send"}` }),
        el("dl", {}, Object.entries(variant.content ?? {}).flatMap(([field, value]) => [el("dt", { text: field }), el("dd", { text: typeof value === "string" ? value : JSON.stringify(value) })])),
        el(
          "ul",
          { className: "checks" },
          (variant.checks?.results ?? []).map((check) => el("li", { dataset: { status: check.status } }, el("strong", { text: `${check.status} ` }), check.message)),
        ),
      ),
    ),
  );
}

const RENDERERS = {
  forecast_sales: forecast,
  segment_customers: segments,
  recommend_products: recommendations,
  search_catalog: search,
  analyze_sentiment: sentiment,
  draft_campaign_copy: drafts,
};

/** The artifact of one tool call as a node: the tool's view plus its raw output. */
export function renderArtifact(tool, output) {
  let view = null;
  try {
    view = RENDERERS[tool]?.(output) ?? null;
  } catch (error) {
    // A shape this page does not expect must not break the conversation: show the raw output.
    console.warn(`Could not render the ${tool} result`, error);
  }
  const node = view ?? section(`Result of ${tool}`);
  node.dataset.tool = tool;
  node.append(rawOutput(output));
  return node;
}
