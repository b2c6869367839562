/**
 * Bench of `forecast_sales`.
 *
 * Quality (UCI Online Retail, needs ../shared/data). The reference protocol:
 * daily revenue from the `sale_lines` view (guests included), 2010-12-01 … 2011-11-30,
 * days without sales = 0; MASE = MAE / in-sample MAE of the weekly seasonal naive
 * forecast on the training part.
 * - Holdout: train on 2010-12-01 … 2011-11-02, forecast the 28 days 2011-11-03 … 2011-11-30.
 * - Rolling origin: the last 4 non-overlapping 7-day windows before 2011-12-01 (first
 *   forecast days 2011-11-03, -10, -17, -24), refitted at each origin on everything
 *   before it; the figure is the mean of the four MASEs, each scaled on its own training data.
 * References (from the issue): seasonal naive 1.453 / 1.125, statsmodels Holt-Winters
 * damped 1.569 / 1.354, OLS trend + day-of-week 1.909 / 1.729. Targets: < 1.45 and < 1.12.
 * The seasonal naive and the OLS baseline are recomputed here first, to show the
 * protocol matches; the model's figures come from the real tool call (`runTool` with
 * `asOf`), so the SQL, the calendar and the model are all exercised.
 * The model's defaults were chosen on earlier windows only (the "selection period"
 * rows: 20 weekly origins and 8 four-week windows ending before 2011-11-03); the
 * ablation rows change one part of the method at a time.
 *
 * Speed (always runs): one tool call on a seeded synthetic two-year shop of demo size,
 * on the demo store when its generator is available, and on Online Retail.
 */
import type { Store } from "../src/core/ports.ts";
import { runTool } from "../src/core/tool.ts";
import { DuckDbStore } from "../src/data/store.ts";
import { mase, meanOfDefined, seasonalNaive } from "../tools/forecast-sales/backtest.ts";
import { fromDayNumber, toDayNumber, weekdayOf } from "../tools/forecast-sales/calendar.ts";
import { predictRow, weightedLeastSquares } from "../tools/forecast-sales/regression.ts";
import {
  DEFAULT_MODEL_OPTIONS,
  type DailySeries,
  type ModelOptions,
  fitModel,
  forecastDays,
  truncateSeries,
} from "../tools/forecast-sales/model.ts";
import { forecastSalesTool } from "../tools/forecast-sales/index.ts";
import { type BenchContext, type BenchModule, type BenchRow, benchToolContext, round } from "./lib.ts";

const TOOL = "forecast_sales";
const SERIES_FROM = "2010-12-01";
/** Exclusive end of the protocol's series. */
const SERIES_TO = "2011-12-01";
const HOLDOUT_AS_OF = "2011-11-03";
const HOLDOUT_DAYS = 28;
const ROLLING_AS_OF = ["2011-11-03", "2011-11-10", "2011-11-17", "2011-11-24"];
const ROLLING_DAYS = 7;
const REFERENCES = {
  holdout: { seasonalNaive: 1.453, holtWinters: 1.569, ols: 1.909 },
  rolling: { seasonalNaive: 1.125, holtWinters: 1.354, ols: 1.729 },
} as const;
/** A recomputed baseline counts as the same protocol when within this relative distance of the reference. */
const PROTOCOL_TOLERANCE = 0.01;
const SPEED_TARGET_MS = 500;
const TIMED_RUNS = 5;
const SYNTHETIC_SEED = 20_240_601;



/** Daily revenue of `sale_lines` over [from, to), 0 on days without sales: the protocol's series, queried independently of the tool. */
async function protocolSeries(store: Store, from: string, to: string): Promise<number[]> {
  const rows = await store.query<{ revenue: number }>(
    `WITH days AS (SELECT CAST(range AS DATE) AS day FROM range(CAST($1 AS DATE), CAST($2 AS DATE), INTERVAL 1 DAY))
     SELECT coalesce(sum(s.amount), 0) AS revenue FROM days LEFT JOIN sale_lines s ON CAST(s.ordered_at AS DATE) = days.day
     GROUP BY days.day ORDER BY days.day`,
    [from, to],
  );
  return rows.map((row) => Number(row.revenue));
}

/** The OLS baseline: revenue ~ intercept + linear trend + weekday dummies, all days, equal weights. */
function olsTrendWeekday(values: readonly number[], firstDay: number, origin: number, horizon: number): number[] {
  const row = (index: number): number[] => {
    const weekday = weekdayOf(firstDay + index);
    return [1, index, ...[1, 2, 3, 4, 5, 6].map((column) => (weekday === column ? 1 : 0))];
  };
  const rows = Array.from({ length: origin }, (_, index) => row(index));
  const fit = weightedLeastSquares(rows, values.slice(0, origin), rows.map(() => 1));
  return Array.from({ length: horizon }, (_, step) => predictRow(row(origin + step), fit.coefficients));
}

/** MASE of forecasts from `origin` for `horizon` days, scaled on the values before `origin`. */
function scoreAt(values: readonly number[], origin: number, predicted: readonly number[]): number {
  const score = mase(values.slice(origin, origin + predicted.length), predicted, values.slice(0, origin));
  if (score === null) throw new Error(`MASE undefined at origin ${origin}: the training series never varies`);
  return score;
}

async function onlineRetailRows(context: BenchContext): Promise<BenchRow[]> {
  const store = await context.onlineRetailStore();
  if (store === undefined) {
    context.log("forecast_sales: no Online Retail store (../shared/data absent); quality rows skipped.");
    return [];
  }
  const rows: BenchRow[] = [];
  const firstDay = toDayNumber(SERIES_FROM);
  const values = await protocolSeries(store, SERIES_FROM, SERIES_TO);
  const originOf = (date: string): number => toDayNumber(date) - firstDay;
  const holdoutOrigin = originOf(HOLDOUT_AS_OF);
  const rollingOrigins = ROLLING_AS_OF.map(originOf);
  const protocolNote =
    `daily revenue of sale_lines ${SERIES_FROM}…2011-11-30 (${values.length} days, missing days 0); ` +
    `holdout trains to 2011-11-02 and forecasts 2011-11-03…2011-11-30; rolling = mean MASE of the 7-day windows from ${ROLLING_AS_OF.join(", ")}`;

  // 1. The baselines, recomputed: does our protocol match the reference's?
  const baselines = [
    { name: "seasonal naive", references: REFERENCES.holdout.seasonalNaive, rolling: REFERENCES.rolling.seasonalNaive,
      forecast: (origin: number, horizon: number) => seasonalNaive(values.slice(0, origin), horizon) },
    { name: "OLS trend + weekday", references: REFERENCES.holdout.ols, rolling: REFERENCES.rolling.ols,
      forecast: (origin: number, horizon: number) => olsTrendWeekday(values, firstDay, origin, horizon) },
  ];
  const naiveScores = { holdout: 0, rolling: 0 };
  for (const baseline of baselines) {
    const holdout = scoreAt(values, holdoutOrigin, baseline.forecast(holdoutOrigin, HOLDOUT_DAYS));
    const rolling = meanOfDefined(rollingOrigins.map((origin) => scoreAt(values, origin, baseline.forecast(origin, ROLLING_DAYS))))!;
    if (baseline.name === "seasonal naive") Object.assign(naiveScores, { holdout, rolling });
    for (const [window, ours, reference] of [["28-day holdout", holdout, baseline.references], ["rolling origin 4×7 days", rolling, baseline.rolling]] as const) {
      rows.push({
        tool: TOOL,
        metric: `protocol check: ${baseline.name} MASE, ${window}`,
        ours: round(ours, 3),
        reference,
        referenceName: `issue reference (${baseline.name})`,
        target: `within ${PROTOCOL_TOLERANCE * 100} %`,
        pass: Math.abs(ours / reference - 1) <= PROTOCOL_TOLERANCE,
        note: protocolNote,
      });
    }
  }

  // 2. The tool itself, called as a user would, with asOf.
  const toolContext = benchToolContext(store);
  const coverage = { inside: 0, total: 0 };
  const callTool = async (asOf: string, horizonDays: number) => {
    const output = await runTool(forecastSalesTool, { metric: "revenue", horizonDays, asOf }, toolContext);
    const origin = originOf(asOf);
    output.points.forEach((point, step) => {
      if (point.closed) return;
      const actual = values[origin + step]!;
      coverage.total += 1;
      if (actual >= point.lower && actual <= point.upper) coverage.inside += 1;
    });
    return { output, score: scoreAt(values, origin, output.points.map((point) => point.value)) };
  };
  const holdout = await callTool(HOLDOUT_AS_OF, HOLDOUT_DAYS);
  const rolling: number[] = [];
  for (const asOf of ROLLING_AS_OF) rolling.push((await callTool(asOf, ROLLING_DAYS)).score);
  const rollingMean = meanOfDefined(rolling)!;
  const others = (window: "holdout" | "rolling") =>
    `Holt-Winters damped ${REFERENCES[window].holtWinters}, OLS trend + weekday ${REFERENCES[window].ols}; our seasonal naive ${round(naiveScores[window], 3)}`;
  rows.push(
    {
      tool: TOOL,
      metric: "MASE, 28-day holdout (Online Retail daily revenue)",
      ours: round(holdout.score, 3),
      reference: REFERENCES.holdout.seasonalNaive,
      referenceName: "seasonal naive (issue)",
      target: "< 1.45",
      pass: holdout.score < 1.45 && holdout.score < naiveScores.holdout,
      note: `runTool({horizonDays: 28, asOf: "${HOLDOUT_AS_OF}"}); ${others("holdout")}; ${protocolNote}`,
    },
    {
      tool: TOOL,
      metric: "MASE, rolling origin 4×7 days (Online Retail daily revenue)",
      ours: round(rollingMean, 3),
      reference: REFERENCES.rolling.seasonalNaive,
      referenceName: "seasonal naive (issue)",
      target: "< 1.12",
      pass: rollingMean < 1.12 && rollingMean < naiveScores.rolling,
      note: `per origin ${rolling.map((score) => round(score, 3)).join(", ")}; ${others("rolling")}`,
    },
    {
      tool: TOOL,
      metric: "R² in sample (holdout fit, recency-weighted, log scale)",
      ours: round(holdout.output.model.rSquared, 3),
      note: `fitted on ${holdout.output.model.fitDays} trading days to 2011-11-02; terms: ${holdout.output.model.terms.join("; ")}`,
    },
    {
      tool: TOOL,
      metric: "80 % interval coverage (holdout + rolling, trading days)",
      ours: round(coverage.inside / coverage.total, 3),
      reference: 0.8,
      referenceName: "nominal",
      note: `${coverage.inside} of ${coverage.total} actual days inside [lower, upper]; intervals from the tool's own backtest residuals`,
    },
  );

  // 3. The selection period (the windows the defaults were chosen on, all before
  // 2011-11-03), and what each part of the method adds: one part changed at a time.
  const series: DailySeries = { firstDay, values, traded: values.map((value) => value > 0) };
  const windowSets = {
    weekly: { horizon: 7, origins: Array.from({ length: 20 }, (_, k) => holdoutOrigin - 7 * (k + 1)) },
    fourWeek: { horizon: 28, origins: Array.from({ length: 8 }, (_, k) => holdoutOrigin - 28 - 14 * k) },
    holdout: { horizon: HOLDOUT_DAYS, origins: [holdoutOrigin] },
    rolling: { horizon: ROLLING_DAYS, origins: rollingOrigins },
  };
  const meanMase = (set: keyof typeof windowSets, forecast: (origin: number, horizon: number) => number[]): number => {
    const { horizon, origins } = windowSets[set];
    return meanOfDefined(origins.map((origin) => scoreAt(values, origin, forecast(origin, horizon))))!;
  };
  const modelWith = (options: Partial<ModelOptions>) => (origin: number, horizon: number) =>
    forecastDays(fitModel(truncateSeries(series, origin), { ...DEFAULT_MODEL_OPTIONS, ...options }), horizon).map((forecast) => forecast.value);
  const naive = (origin: number, horizon: number) => seasonalNaive(values.slice(0, origin), horizon);
  for (const [set, label] of [["weekly", "20 weekly origins 2011-06-16…2011-10-27"], ["fourWeek", "8 four-week windows starting 2011-06-30…2011-10-06"]] as const) {
    rows.push({
      tool: TOOL,
      metric: `MASE, selection period: ${label}`,
      ours: round(meanMase(set, modelWith({})), 3),
      reference: round(meanMase(set, naive), 3),
      referenceName: "seasonal naive (same windows)",
      note: "the windows the defaults (half-lives 21/56 days, damping 0.97, Huber, log scale) were chosen on; none overlaps the benchmark windows",
    });
  }
  const ablations: ReadonlyArray<readonly [string, Partial<ModelOptions>]> = [
    ["no recency weighting (all history weighs the same)", { levelHalfLifeDays: Infinity, weekdayHalfLifeDays: Infinity }],
    ["one time scale (weekday half-life = level half-life, 21 days)", { weekdayHalfLifeDays: 21 }],
    ["plain least squares (no Huber)", { robust: false }],
    ["fitted on y instead of log(y + c)", { transform: "identity" }],
    ["undamped trend (φ = 1)", { damping: 1 }],
  ];
  for (const [label, options] of ablations) {
    const forecast = modelWith(options);
    rows.push({
      tool: TOOL,
      metric: `ablation, ${label}: MASE 28-day holdout`,
      ours: round(meanMase("holdout", forecast), 3),
      reference: round(holdout.score, 3),
      referenceName: "full method",
      note:
        `rolling ${round(meanMase("rolling", forecast), 3)} (full ${round(rollingMean, 3)}); selection period weekly ` +
        `${round(meanMase("weekly", forecast), 3)}, four-week ${round(meanMase("fourWeek", forecast), 3)}`,
    });
  }

  rows.push(await speedRow(store, "forecast call, Online Retail (541,909 lines), 28 days", undefined));
  return rows;
}

/** Times `TIMED_RUNS` tool calls after one warm-up call; the row reports the median. */
async function speedRow(store: Store, metric: string, target: number | undefined): Promise<BenchRow> {
  const toolContext = benchToolContext(store);
  const started = performance.now();
  await runTool(forecastSalesTool, { metric: "revenue", horizonDays: 28 }, toolContext);
  const cold = performance.now() - started;
  const times: number[] = [];
  for (let run = 0; run < TIMED_RUNS; run++) {
    const output = await runTool(forecastSalesTool, { metric: "revenue", horizonDays: 28 }, toolContext);
    times.push(output.timingMs);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  return {
    tool: TOOL,
    metric,
    ours: round(median, 1),
    unit: "ms",
    ...(target === undefined ? {} : { target: `≤ ${target} ms`, pass: median <= target }),
    note: `median of ${TIMED_RUNS} warm calls; best ${round(times[0]!, 1)}, worst ${round(times.at(-1)!, 1)}; first (cold) call ${round(cold, 1)} ms`,
  };
}

/**
 * A seeded two-year shop of demo size: ~70 orders a day with a weekday profile, an
 * annual peak in November–December, no trading on Saturdays or at Christmas, 1–5
 * lines per order over 1,500 products. Only its size and shape matter for timing.
 */
async function syntheticStore(): Promise<DuckDbStore> {
  const store = await DuckDbStore.open({ location: ":memory:" });
  let state = SYNTHETIC_SEED;
  const uniform = (): number => {
    state = (state * 48_271) % 2_147_483_647;
    return state / 2_147_483_647;
  };
  const firstDay = toDayNumber("2024-11-01");
  const weekdayProfile = [1.2, 1.1, 1, 1.05, 0.9, 0, 0.6];
  const days: string[] = [];
  for (let index = 0; index < 730; index++) {
    const day = firstDay + index;
    const date = fromDayNumber(day);
    const monthDay = date.slice(5);
    if (monthDay >= "12-24" || monthDay <= "01-02") continue;
    const season = 1 + 0.5 * Math.cos((2 * Math.PI * (toDayNumber(`${date.slice(0, 4)}-12-01`) - day)) / 365.25);
    const orders = Math.round(70 * weekdayProfile[weekdayOf(day)]! * season * (0.7 + 0.6 * uniform()));
    if (orders > 0) days.push(`(DATE '${date}', ${orders})`);
  }
  await store.run(`CREATE TEMP TABLE synthetic_days (day DATE, orders INTEGER)`);
  await store.run(`INSERT INTO synthetic_days VALUES ${days.join(", ")}`);
  await store.run(
    `INSERT INTO products (product_id, name, price)
     SELECT 'P' || lpad(CAST(i AS VARCHAR), 4, '0'), 'Synthetic product ' || i, 1 + (hash(i) % 2000) / 100.0 FROM range(1, 1501) t(i)`,
  );
  await store.run(
    `INSERT INTO orders (order_id, customer_id, ordered_at, status)
     SELECT strftime(day, '%Y%m%d') || '-' || k, 'C' || (hash(day, k) % 5000), day + INTERVAL (8 + hash(k, day) % 10) HOUR, 'completed'
     FROM (SELECT day, unnest(range(orders)) AS k FROM synthetic_days)`,
  );
  await store.run(
    `INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price)
     SELECT order_id, line_no, 'P' || lpad(CAST(1 + hash(order_id, line_no) % 1500 AS VARCHAR), 4, '0'),
            1 + hash(line_no, order_id) % 6, 1 + (hash(order_id, line_no, 7) % 2000) / 100.0
     FROM (SELECT order_id, unnest(range(1, CAST(2 + hash(order_id) % 5 AS BIGINT))) AS line_no FROM orders)`,
  );
  return store;
}

async function speedRows(context: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const synthetic = await syntheticStore();
  try {
    const counts = await synthetic.counts();
    rows.push(
      await speedRow(
        synthetic,
        `forecast call, synthetic 2-year shop (${counts.orders.toLocaleString("en")} orders, ${counts.orderItems.toLocaleString("en")} lines), 28 days`,
        SPEED_TARGET_MS,
      ),
    );
  } finally {
    await synthetic.close();
  }

  // The demo generator is another module; time it when it loads, say so when it does not.
  const demo = await DuckDbStore.open({ location: ":memory:" });
  try {
    const { loadDemo } = await import("../src/data/demo/index.ts");
    const summary = await loadDemo(demo, { seed: 42 });
    rows.push(
      await speedRow(
        demo,
        `forecast call on the demo store (seed 42: ${summary.orders.toLocaleString("en")} orders, ${summary.orderItems.toLocaleString("en")} lines), 28 days`,
        SPEED_TARGET_MS,
      ),
    );
  } catch (error) {
    context.log(`forecast_sales: demo store unavailable (${error instanceof Error ? error.message : String(error)}); demo timing skipped.`);
  } finally {
    await demo.close();
  }
  return rows;
}

export const bench: BenchModule = async (context) => {
  const rows = await speedRows(context);
  if (context.sharedDataDir === undefined) {
    context.log("forecast_sales: ../shared/data is absent; only the synthetic speed rows run.");
    return rows;
  }
  return [...(await onlineRetailRows(context)), ...rows];
};
