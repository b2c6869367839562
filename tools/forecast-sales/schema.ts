/**
 * Input and output of `forecast_sales`. Shape rules (ranges, formats, unknown
 * fields) live here; world rules (does the product exist, is there enough history)
 * live in the tool.
 */
import { z } from "zod";

/** Shortest and longest horizon a caller may ask for, in days. */
export const MIN_HORIZON_DAYS = 1;
export const MAX_HORIZON_DAYS = 365;
export const DEFAULT_HORIZON_DAYS = 28;

const isoDate = z.iso.date({ error: "must be a date written YYYY-MM-DD" });

export const forecastSalesInputSchema = z
  .object({
    metric: z
      .enum(["revenue", "units", "orders"])
      .default("revenue")
      .describe(
        "What to forecast per day: revenue = sales value in the store's currency, units = items sold, orders = distinct orders. Default revenue.",
      ),
    horizonDays: z
      .number()
      .int()
      .min(MIN_HORIZON_DAYS)
      .max(MAX_HORIZON_DAYS)
      .default(DEFAULT_HORIZON_DAYS)
      .describe(
        `How many days ahead to forecast, ${MIN_HORIZON_DAYS}–${MAX_HORIZON_DAYS} (default ${DEFAULT_HORIZON_DAYS}). ` +
          "Always in days, also with weekly granularity: then the end is rounded up to the Sunday that closes its ISO week.",
      ),
    granularity: z
      .enum(["day", "week"])
      .default("day")
      .describe(
        "Output periods: day, or week = ISO weeks starting on Monday (the first week is partial when the forecast starts mid-week). Default day.",
      ),
    productId: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .optional()
      .describe('Only sales of this product (its product id, e.g. "85123A"; case-insensitive). Leave out for all products.'),
    segmentId: z
      .string()
      .trim()
      .min(1)
      .max(80)
      .optional()
      .describe(
        'Only sales to customers of this segment, as returned by segment_customers: "<segmentationId>:<number>" (e.g. "sgm_4f2a9c:2"), ' +
          'or "2" for segment 2 of the latest segmentation. Can be combined with productId.',
      ),
    asOf: isoDate
      .optional()
      .describe(
        "Forecast as if today were this date (YYYY-MM-DD): the model trains only on sales before it and the forecast starts on it, " +
          "which is how backtests and \"what did we expect\" questions work. Default: the day after the latest sale in the store, " +
          "so a historical import behaves as if today were just after its last order.",
      ),
  })
  .strict()
  .describe("What to forecast, how far ahead, for which sales, and from which date.");

export type ForecastSalesInput = z.output<typeof forecastSalesInputSchema>;

const amount = z.number().min(0);
const isoDateOutput = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const pointSchema = z
  .object({
    date: isoDateOutput.describe("First day of the period (YYYY-MM-DD): the day, or the Monday of the ISO week (the forecast start for a partial first week)."),
    days: z.number().int().min(1).max(7).describe("Forecast days in the period: 1 for days, 1–7 for weeks."),
    value: amount.describe("Point forecast: the typical (median) outcome, 0 on expected closures."),
    lower: amount.describe("Lower end of the 80 % prediction interval."),
    upper: amount.describe("Upper end of the 80 % prediction interval."),
    closed: z.boolean().describe("The shop is expected to be closed for the whole period (a closed weekday or a yearly closure)."),
    actual: amount
      .nullable()
      .describe("What really happened, when asOf is in the past and the data covers the whole period; null otherwise."),
  })
  .describe("One forecast period.");

const historyPointSchema = z
  .object({
    date: isoDateOutput.describe("First day of the period (YYYY-MM-DD)."),
    days: z.number().int().min(1).max(7).describe("Days of history in the period."),
    value: amount.describe("Observed total of the metric in the period."),
  })
  .describe("One observed period.");

export const forecastSalesOutputSchema = z
  .object({
    metric: z.enum(["revenue", "units", "orders"]).describe("What was forecast."),
    granularity: z.enum(["day", "week"]).describe("Period of the points."),
    scope: z
      .object({
        description: z.string().describe('Which sales, in words ("all sales", "product 85123A (WHITE HANGING HEART T-LIGHT HOLDER)").'),
        productId: z.string().nullable().describe("The product forecast, or null for all products."),
        productName: z.string().nullable().describe("Its name."),
        segmentId: z.string().nullable().describe("The canonical segment id, or null for all customers and guests."),
        segmentCustomers: z.number().int().min(0).nullable().describe("Customers in the segment."),
      })
      .describe("Which sales were forecast."),
    asOf: isoDateOutput.describe("First forecast day; training used only sales before it."),
    horizonDays: z.number().int().min(1).describe("The horizon asked for, in days."),
    forecastDays: z.number().int().min(1).describe("Days actually forecast (the horizon, rounded up to a Sunday for weeks)."),
    intervalLevel: z.number().min(0).max(1).describe("Coverage the intervals aim for (0.8 = 80 %)."),
    points: z.array(pointSchema).describe("The forecast, one point per period."),
    history: z
      .object({
        from: isoDateOutput.describe("First day of training data (the first sale in scope, at most four years back)."),
        to: isoDateOutput.describe("Last day of training data."),
        days: z.number().int().min(0).describe("Days of training data."),
        tradingDays: z.number().int().min(0).describe("Days the shop traded (sold anything at all) in that span."),
        total: amount.describe("Total of the metric over the training data."),
        averagePerTradingDay: amount.describe("total / tradingDays."),
        closedWeekdays: z.array(z.string()).describe("Weekdays the shop does not trade on, learned from history."),
        closures: z.number().int().min(0).describe("Days on trading weekdays without any sale (holidays, shutdowns)."),
        recent: z.array(historyPointSchema).describe("The most recent history at the output granularity, for charts."),
      })
      .describe("What the forecast learned from."),
    model: z
      .object({
        method: z.string().describe("The method in one sentence."),
        scale: z.enum(["log", "identity"]).describe("log = fitted on log(y + c), multiplicative effects; identity = fitted on y (intermittent series)."),
        terms: z.array(z.string()).describe("The regression terms used."),
        rSquared: z.number().min(-1).max(1).describe("In-sample R² on the model scale over trading days, weighted by recency (level half-life)."),
        fitDays: z.number().int().min(0).describe("Trading days the regression was fitted on."),
        annualSeasonality: z.boolean().describe("Whether annual seasonality was fitted (needs two years of history)."),
        expectedClosures: z.array(isoDateOutput).describe("Forecast days on trading weekdays expected closed (yearly closures such as Christmas)."),
        underlyingTrendPercentPer28Days: z.number().describe("Growth of the level per 28 days implied by the fitted trend, before damping."),
      })
      .describe("What the model is and how well it fits."),
    backtest: z
      .object({
        windows: z.number().int().min(0).describe("Backtest windows: the last non-overlapping windows before asOf, each refitted on earlier data only."),
        windowDays: z.number().int().min(1).describe("Days forecast in each window (the horizon in whole weeks, at most 28)."),
        origins: z.array(isoDateOutput).describe("First forecast day of each window."),
        mase: z.number().min(0).nullable().describe("Mean absolute scaled error of this model over the windows (below 1: better than the naive rule did in-sample)."),
        seasonalNaiveMase: z.number().min(0).nullable().describe("The same for the seasonal naive forecast (same weekday last week)."),
        beatsSeasonalNaive: z.boolean().nullable().describe("Whether the model's MASE is lower; null when either could not be scored."),
        intervalResiduals: z.number().int().min(0).describe("Out-of-sample errors the prediction intervals were learned from."),
      })
      .describe("Evidence: how the method did on the recent past."),
    trend: z
      .object({
        direction: z
          .enum(["up", "down", "flat"])
          .describe("up / down when the forecast differs from the comparison period by more than 5 % per day, else flat."),
        changePercent: z
          .number()
          .nullable()
          .describe("Forecast vs the comparison period, per day, in %; null when nothing was sold in the comparison period."),
        forecastTotal: amount.describe("Sum of the point forecasts."),
        previousTotal: amount.describe(
          "Observed total of the comparison period: as many days as the forecast, on the same weekdays, starting 7·⌈days/7⌉ days " +
            "before it (all the history when that is shorter).",
        ),
        previousFrom: isoDateOutput.describe("First day of the comparison period."),
        previousTo: isoDateOutput.describe("Last day of the comparison period."),
      })
      .describe("Where sales are heading compared with the recent past."),
    summary: z.string().describe("A few sentences with the key numbers, for the model."),
  })
  .describe("A sales forecast with its intervals, history, model description and backtest evidence.");

export type ForecastSalesOutput = z.output<typeof forecastSalesOutputSchema>;
