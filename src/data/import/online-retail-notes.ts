/**
 * The notes of an online-retail import: what the mapping did to this file, with counts
 * measured on it ("9,288 cancellation lines kept as cancelled orders …").
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { built, isSaleLine } from "./online-retail.ts";
import { selectOne, selectRows, sqlName } from "./sql.ts";

const ordinaryInvoice = `upper(invoice_no) NOT LIKE 'C%' AND upper(invoice_no) NOT LIKE 'A%'`;

/** Each fact as a SQL expression over the staged lines (aliased `lines`). */
const factQueries = {
  cancelLines: `count(*) FILTER (WHERE upper(invoice_no) LIKE 'C%')`,
  cancelInvoices: `count(DISTINCT invoice_no) FILTER (WHERE upper(invoice_no) LIKE 'C%')`,
  adjustmentLines: `count(*) FILTER (WHERE upper(invoice_no) LIKE 'A%')`,
  writeOffLines: `count(*) FILTER (WHERE quantity <= 0 AND ${ordinaryInvoice})`,
  zeroPriceLines: `count(*) FILTER (WHERE unit_price = 0)`,
  guestLines: `count(*) FILTER (WHERE customer_id IS NULL)`,
  guestInvoices: `count(DISTINCT invoice_no) FILTER (WHERE customer_id IS NULL)`,
  saleLines: `count(*) FILTER (WHERE ${isSaleLine})`,
  mixedCaseCodes: `(SELECT count(*) FROM (SELECT 1 FROM lines GROUP BY upper(stock_code) HAVING count(DISTINCT stock_code) > 1))`,
  undescribedCodes: `(SELECT count(*) FROM (SELECT 1 FROM lines GROUP BY upper(stock_code) HAVING count(description) = 0))`,
  multiTimeInvoices: `(SELECT count(*) FROM (SELECT 1 FROM lines GROUP BY invoice_no HAVING count(DISTINCT invoice_date) > 1))`,
  multiCountryCustomers: `(SELECT count(*) FROM (SELECT 1 FROM ${built.orders} WHERE customer_id IS NOT NULL
                           GROUP BY customer_id HAVING count(DISTINCT country) > 1))`,
  products: `(SELECT count(*) FROM ${built.products})`,
  unpricedProducts: `(SELECT count(*) FROM ${built.products} WHERE price IS NULL)`,
  customers: `(SELECT count(*) FROM ${built.customers})`,
  orders: `(SELECT count(*) FROM ${built.orders})`,
} as const;

type Facts = Record<keyof typeof factQueries, number>;

const number = (value: number): string => value.toLocaleString("en-US");

/** `1 line` / `2 lines`, with thousands separators. */
function counted(value: number, one: string, many: string): string {
  return `${number(value)} ${value === 1 ? one : many}`;
}

/** Notes shown only when their count is above zero. */
const conditionalNotes: ReadonlyArray<{ when: keyof Facts; text: (facts: Facts) => string }> = [
  {
    when: "cancelLines",
    text: (facts) =>
      `${counted(facts.cancelLines, "cancellation line", "cancellation lines")} kept as cancelled orders ` +
      `(${counted(facts.cancelInvoices, "invoice", "invoices")} starting with C)`,
  },
  {
    when: "adjustmentLines",
    text: (facts) =>
      `${counted(facts.adjustmentLines, "adjustment line", "adjustment lines")} (A invoices, "Adjust bad debt") ` +
      `kept as orders with status adjustment`,
  },
  {
    when: "writeOffLines",
    text: (facts) =>
      `${counted(facts.writeOffLines, "line", "lines")} with zero or negative quantity on ordinary invoices ` +
      `(stock write-offs) kept; sale_lines leaves them out`,
  },
  {
    when: "zeroPriceLines",
    text: (facts) => `${counted(facts.zeroPriceLines, "zero-price line", "zero-price lines")} kept; sale_lines leaves them out`,
  },
  {
    when: "guestLines",
    text: (facts) =>
      `${counted(facts.guestLines, "line", "lines")} without a CustomerID kept as ` +
      `${counted(facts.guestInvoices, "guest order", "guest orders")} (customer_id empty; customer_sale_lines leaves them out)`,
  },
  {
    when: "mixedCaseCodes",
    text: (facts) =>
      `${counted(facts.mixedCaseCodes, "stock code appears", "stock codes appear")} in more than one letter case; merged by upper-casing`,
  },
  {
    when: "unpricedProducts",
    text: (facts) =>
      `${counted(facts.unpricedProducts, "product has", "products have")} no sale line, so no median price (price left empty)`,
  },
  {
    when: "undescribedCodes",
    text: (facts) =>
      `${counted(facts.undescribedCodes, "product has", "products have")} no description anywhere; named after the stock code`,
  },
  {
    when: "multiTimeInvoices",
    text: (facts) =>
      `${counted(facts.multiTimeInvoices, "invoice has", "invoices have")} lines at more than one time; ordered_at is the earliest`,
  },
  {
    when: "multiCountryCustomers",
    text: (facts) =>
      `${counted(facts.multiCountryCustomers, "customer has", "customers have")} invoices from more than one country; ` +
      `country is that of the latest invoice`,
  },
];

/** Facts about the mapping, measured on the staged lines in `stage`, after `buildOnlineRetailTables`. */
export async function onlineRetailNotes(connection: DuckDBConnection, stage: string): Promise<string[]> {
  const selects = Object.entries(factQueries).map(([name, sql]) => `${sql} AS "${name}"`);
  const facts = await selectOne<Facts>(
    connection,
    `WITH lines AS (SELECT * FROM ${sqlName(stage)}) SELECT ${selects.join(",\n")} FROM lines`,
  );
  const flagged = await selectRows<{ product_id: string }>(
    connection,
    `SELECT product_id FROM ${built.products} WHERE NOT is_product ORDER BY product_id`,
  );
  return [
    `${counted(facts.orders, "invoice", "invoices")} → orders, ${counted(facts.customers, "customer", "customers")}, ` +
      `${counted(facts.products, "product", "products")} (stock codes upper-cased)`,
    `${number(facts.saleLines)} sale lines (not C/A invoices, quantity > 0, unit price > 0)`,
    ...conditionalNotes.filter((note) => facts[note.when] > 0).map((note) => note.text(facts)),
    ...(flagged.length === 0
      ? []
      : [`marked as not merchandise (is_product = false): ${flagged.map((row) => row.product_id).join(", ")}`]),
  ];
}
