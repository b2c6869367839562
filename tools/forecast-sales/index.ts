/**
 * `forecast_sales`: what revenue, units or orders to expect, per day or ISO week,
 * for the whole shop, one product, one customer segment, or a product within a
 * segment, with 80 % prediction intervals and the evidence behind them.
 *
 * Method (model.ts): a regression fitted in passes on daily sales, each pass on
 * what the previous left over and with the history its time scale needs —
 * annual Fourier terms when two years exist; a weekday profile with a recency
 * half-life of 8 weeks; the level and a trend with a half-life of 3 weeks, the
 * trend damped (φ = 0.97/day) when extrapolated. On log(y + c) each pass is a
 * Huber-robust weighted least squares (point forecasts are medians); intermittent
 * series (> 10 % zero days) are fitted on y by plain weighted least squares, so
 * their forecast is the mean rate. Trading days are learned from history
 * (calendar.ts): weekdays idle ≥ 90 % of the time are closed (Online Retail never
 * trades on Saturdays) and forecast as 0; idle days on trading weekdays of a shop
 * that normally trades every day are holidays, left out of the fit; a break of
 * five or more trading days (Christmas) is expected again on the same dates.
 *
 * Evidence (forecast.ts, backtest.ts): before the final fit, the model is refitted
 * at the last 4–12 non-overlapping windows before asOf (window = horizon in whole
 * weeks, at most 28 days) and scored with MASE against the seasonal naive forecast
 * (same weekday last week); the out-of-sample errors of those windows give the
 * 80 % intervals (intervals.ts), widened by √(step / window) beyond the window.
 *
 * Rules: sales are the `sale_lines` view (guests included), or for a segment the
 * lines of its members (`customer_sale_lines`); training uses only sales before
 * `asOf`, which defaults to the day after the latest sale; at least 8 weeks of
 * history are needed, and at most 4 years are used.
 *
 * References: Hyndman & Koehler (2006) for MASE; Gardner & McKenzie (1985) for the
 * damped trend; Huber (1964) for the robust loss. The reference protocol on
 * Online Retail (daily revenue 2010-12-01…2011-11-30) is run by bench/forecast-sales.ts.
 */
import { AppError } from "../../src/core/errors.ts";
import { type ToolContext, defineTool } from "../../src/core/tool.ts";
import { WEEKDAY_NAMES, fromDayNumber, toDayNumber, weekdayOf } from "./calendar.ts";
import { type ForecastPoint, runForecast } from "./forecast.ts";
import { type DailySeries, trendGrowth } from "./model.ts";
import { compareWithPrevious, methodSentence, modelTerms, recentHistory, summaryText } from "./report.ts";
import { dailySales } from "./sales-data.ts";
import { resolveScope } from "./scope.ts";
import { type ForecastSalesInput, type ForecastSalesOutput, forecastSalesInputSchema, forecastSalesOutputSchema } from "./schema.ts";

/** Least history the model is fitted on: eight weeks give every weekday eight observations. */
export const MIN_HISTORY_DAYS = 56;
/** Most history used: four years carry two annual cycles twice over and keep fits fast. */
export const MAX_HISTORY_DAYS = 1461;
/** asOf may lie at most this far after the latest sale. */
export const MAX_GAP_DAYS = 365;

export const forecastSalesTool = defineTool({
  name: "forecast_sales",
  description:
    "Forecasts revenue, units sold or number of orders per day or per ISO week for the next 1–365 days, for the whole shop, " +
    "one product, one customer segment, or a product within a segment. Returns the forecast with 80% prediction intervals, " +
    "recent history, the trend versus the previous period, the model's R², and a backtest (MASE against the seasonal naive " +
    "rule) as evidence. Use it for questions like 'what sales should we expect', 'how many units of X will we sell', " +
    "'is revenue heading up or down', or, with asOf in the past, 'what did we expect back then'.",
  inputSchema: forecastSalesInputSchema,
  outputSchema: forecastSalesOutputSchema,
  examples: [
    { request: "What revenue should we expect over the next four weeks?", input: { metric: "revenue", horizonDays: 28 } },
    {
      request: "Forecast weekly order volume for the next quarter",
      input: { metric: "orders", horizonDays: 91, granularity: "week" },
    },
    {
      request: "How many units of product 85123A will we sell in the next two weeks?",
      input: { metric: "units", horizonDays: 14, productId: "85123A" },
    },
    { request: "Expected revenue from segment 2 over the next 30 days", input: { metric: "revenue", horizonDays: 30, segmentId: "2" } },
    {
      request: "Back on 1 November 2011, what revenue did we expect for the rest of November?",
      input: { metric: "revenue", horizonDays: 30, asOf: "2011-11-01" },
    },
    { request: "Daily sales forecast for next week", input: { horizonDays: 7 } },
  ],
  execute: forecastSales,
});

/** `value`, or `fallback` when it is NaN or infinite (output never carries either). */
function finiteOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}

function notEnoughData(message: string, details: Record<string, unknown>): AppError {
  return new AppError("not_enough_data", "user", `Not enough data: ${message}`, { details });
}

async function forecastSales(input: ForecastSalesInput, context: ToolContext): Promise<ForecastSalesOutput> {
  const { store } = context;
  const resolved = await resolveScope(store, input);

  const days = await dailySales(store, input.metric, resolved.scope);
  context.signal?.throwIfAborted();
  const lastDay = days.at(-1)?.day;
  if (lastDay === undefined) {
    throw new AppError(
      "no_sales",
      "user",
      "There are no sales in the store yet, so there is nothing to forecast from. Import orders (or load the demo data) first.",
    );
  }
  const dataEndDay = lastDay;
  const latest = fromDayNumber(lastDay);
  const asOfDay = input.asOf === undefined ? dataEndDay + 1 : toDayNumber(input.asOf);
  if (asOfDay - (dataEndDay + 1) > MAX_GAP_DAYS) {
    throw new AppError(
      "as_of_out_of_range",
      "user",
      `asOf ${fromDayNumber(asOfDay)} is more than a year after the latest sale (${latest}); a forecast that far from the data means little. ` +
        `Use an asOf on or before ${fromDayNumber(dataEndDay + 1 + MAX_GAP_DAYS)}, or leave it out to start just after the latest sale.`,
      { details: { asOf: input.asOf, latestSale: latest } },
    );
  }
  // Training stops at asOf, or at the end of the data when asOf lies beyond it:
  // days after the latest sale are unknown, not days without sales.
  const trainEndDay = Math.min(asOfDay, dataEndDay + 1);
  const gapDays = asOfDay - trainEndDay;

  const sales = new Map(days.map((entry) => [entry.day, entry.value]));
  const firstSaleDay = days.find((entry) => entry.value > 0 && entry.day < trainEndDay)?.day;
  if (firstSaleDay === undefined) {
    throw notEnoughData(
      `there are no sales in scope (${resolved.description}) before ${fromDayNumber(trainEndDay)}. Choose a later asOf or a wider scope (leave out productId or segmentId).`,
      { scope: resolved.description, asOf: fromDayNumber(asOfDay) },
    );
  }
  const first = fromDayNumber(firstSaleDay);
  const firstDay = Math.max(firstSaleDay, trainEndDay - MAX_HISTORY_DAYS);
  const historyDays = trainEndDay - firstDay;
  if (historyDays < MIN_HISTORY_DAYS) {
    throw notEnoughData(
      `forecasting needs at least ${MIN_HISTORY_DAYS / 7} weeks of sales history before ${fromDayNumber(trainEndDay)}, but the first sale in scope ` +
        `(${resolved.description}) is on ${first}, ${historyDays} days before. Choose a later asOf, or a wider scope.`,
      { scope: resolved.description, firstSale: first, historyDays, minimumDays: MIN_HISTORY_DAYS },
    );
  }

  const series: DailySeries = {
    firstDay,
    values: Array.from({ length: historyDays }, (_, index) => sales.get(firstDay + index) ?? 0),
    traded: Array.from({ length: historyDays }, (_, index) => sales.has(firstDay + index)),
  };
  const result = runForecast({ series, horizonDays: input.horizonDays, granularity: input.granularity, gapDays });
  const { model } = result;

  const actualOf = (point: ForecastPoint): number | null => {
    if (point.startDay + point.days - 1 > dataEndDay) return null;
    let total = 0;
    for (let day = point.startDay; day < point.startDay + point.days; day++) total += sales.get(day) ?? 0;
    return total;
  };
  const points = result.points.map((point) => ({
    date: fromDayNumber(point.startDay),
    days: point.days,
    value: point.value,
    lower: point.lower,
    upper: point.upper,
    closed: point.closed,
    actual: actualOf(point),
  }));

  const forecastTotal = result.daily.reduce((total, forecast) => total + forecast.value, 0);
  const trend = compareWithPrevious(series, forecastTotal, result.forecastDays);
  const tradingDays = series.traded.filter(Boolean).length;
  const total = series.values.reduce((sum, value) => sum + value, 0);
  const { mase, seasonalNaiveMase } = result.backtest;
  const firstOpen = points.find((point) => !point.closed);

  return {
    metric: input.metric,
    granularity: input.granularity,
    scope: {
      description: resolved.description,
      productId: resolved.productId,
      productName: resolved.productName,
      segmentId: resolved.segmentId,
      segmentCustomers: resolved.segmentCustomers,
    },
    asOf: fromDayNumber(asOfDay),
    horizonDays: input.horizonDays,
    forecastDays: result.forecastDays,
    intervalLevel: result.intervalLevel,
    points,
    history: {
      from: fromDayNumber(firstDay),
      to: fromDayNumber(trainEndDay - 1),
      days: historyDays,
      tradingDays,
      total,
      averagePerTradingDay: tradingDays === 0 ? 0 : total / tradingDays,
      closedWeekdays: WEEKDAY_NAMES.filter((_, weekday) => model.calendar.closedWeekdays[weekday]),
      closures: model.calendar.closures.length,
      recent: recentHistory(series, input.granularity, result.forecastDays),
    },
    model: {
      method: methodSentence(model),
      scale: model.transform.kind,
      terms: modelTerms(model),
      rSquared: Math.max(-1, Math.min(1, model.rSquared)),
      fitDays: model.fitDays,
      annualSeasonality: model.annual !== null,
      expectedClosures: result.daily
        .filter((forecast) => forecast.closed && !model.calendar.closedWeekdays[weekdayOf(forecast.day)])
        .map((forecast) => fromDayNumber(forecast.day)),
      underlyingTrendPercentPer28Days: finiteOr(trendGrowth(model, 28) * 100, 0),
    },
    backtest: {
      windows: result.backtest.originDays.length,
      windowDays: result.backtest.windowDays,
      origins: result.backtest.originDays.map(fromDayNumber),
      mase,
      seasonalNaiveMase,
      beatsSeasonalNaive: mase === null || seasonalNaiveMase === null ? null : mase < seasonalNaiveMase,
      intervalResiduals: result.band?.count ?? 0,
    },
    trend,
    summary: summaryText({
      metric: input.metric,
      scope: resolved.description,
      asOf: fromDayNumber(asOfDay),
      forecastDays: result.forecastDays,
      granularity: input.granularity,
      trend,
      firstOpenPoint: firstOpen === undefined ? null : firstOpen,
      rSquared: model.rSquared,
      scale: model.transform.kind,
      annualSeasonality: model.annual !== null,
      mase,
      naiveMase: seasonalNaiveMase,
      windows: result.backtest.originDays.length,
    }),
  };
}
