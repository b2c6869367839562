/**
 * The row schemas: one zod schema per business table (columns of `src/data/migrations.ts`),
 * plus the raw line of the UCI Online Retail format, and what the importer must know
 * about each table (its key, its references, columns it can fill in itself).
 *
 * Header names match without regard to case, surrounding spaces, inner spaces,
 * underscores or hyphens: `Customer ID`, `customer_id` and `CUSTOMERID` are one column.
 * Empty cells are null for optional columns and the store default for flags.
 */
import type { z } from "zod";
import * as field from "./fields.ts";
import { type FieldSet, type RowOf, rowSchema } from "./fields.ts";
import type { BusinessTable } from "./types.ts";

/** customers: one row per customer; only `customer_id` is required. */
export const customerFields = {
  customer_id: field.identifier(),
  name: field.text(),
  email: field.email(),
  phone: field.text(),
  country: field.text(),
  city: field.text(),
  signup_date: field.date(),
  email_opt_in: field.flag(true),
  sms_opt_in: field.flag(false),
} satisfies FieldSet;

/** products: `product_id` and `name` required; a price, when given, is 0 or more. */
export const productFields = {
  product_id: field.identifier(),
  name: field.text({ required: true }),
  description: field.text(),
  category: field.text(),
  price: field.decimal({ min: 0 }),
  in_stock: field.flag(true),
  is_product: field.flag(true),
} satisfies FieldSet;

/** orders: `status` is lower-cased; only `completed` orders count as sales (see the `sale_lines` view). */
export const orderFields = {
  order_id: field.identifier(),
  customer_id: field.optionalIdentifier(),
  ordered_at: field.timestamp({ required: true }),
  status: field.lowerCaseWord("completed"),
  channel: field.text(),
  country: field.text(),
} satisfies FieldSet;

/** order_items: `line_no` may be left out; quantity and unit price may be negative (returns, credits). */
export const orderItemFields = {
  order_id: field.identifier(),
  line_no: field.wholeNumber({ required: true, min: 1 }),
  product_id: field.identifier(),
  quantity: field.wholeNumber({ required: true }),
  unit_price: field.decimal({ required: true }),
} satisfies FieldSet;

/** reviews: a rating, when given, is a whole number from 1 to 5. */
export const reviewFields = {
  review_id: field.identifier(),
  product_id: field.identifier(),
  customer_id: field.optionalIdentifier(),
  rating: field.wholeNumber({ min: 1, max: 5 }),
  title: field.text(),
  body: field.text({ required: true }),
  created_at: field.timestamp({ required: true }),
} satisfies FieldSet;

/**
 * One line of the UCI Online Retail file (header
 * `InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country`).
 * `CustomerID` may be written as `17850` or `17850.0`; it is kept as the integer's digits.
 */
export const onlineRetailFields = {
  invoice_no: field.identifier(),
  stock_code: field.identifier(),
  description: field.text(),
  quantity: field.wholeNumber({ required: true }),
  invoice_date: field.timestamp({ required: true }),
  unit_price: field.decimal({ required: true }),
  customer_id: field.optionalNumericIdentifier(),
  country: field.text(),
} satisfies FieldSet;

export const customerRowSchema = rowSchema(customerFields);
export const productRowSchema = rowSchema(productFields);
export const orderRowSchema = rowSchema(orderFields);
export const orderItemRowSchema = rowSchema(orderItemFields);
export const reviewRowSchema = rowSchema(reviewFields);
/** order_items rows of a file without a `line_no` column (the importer numbers them). */
export const orderItemWithoutLineNoRowSchema = rowSchema({
  order_id: orderItemFields.order_id,
  product_id: orderItemFields.product_id,
  quantity: orderItemFields.quantity,
  unit_price: orderItemFields.unit_price,
});
export const onlineRetailRowSchema = rowSchema(onlineRetailFields);

export type CustomerRow = RowOf<typeof customerFields>;
export type ProductRow = RowOf<typeof productFields>;
export type OrderRow = RowOf<typeof orderFields>;
export type OrderItemRow = RowOf<typeof orderItemFields>;
export type ReviewRow = RowOf<typeof reviewFields>;
export type OnlineRetailLine = RowOf<typeof onlineRetailFields>;

/** A column whose values must exist as keys of another table. */
export interface Reference {
  column: string;
  table: BusinessTable;
  targetColumn: string;
  /** What one row of the target is called in messages ("order", "product"). */
  noun: string;
}

/** Everything the importer needs to load one business table. */
export interface TableSpec {
  table: BusinessTable;
  fields: FieldSet;
  rowSchema: z.ZodType<Record<string, unknown>>;
  /** The primary key columns: rows are upserted by these. */
  key: readonly string[];
  references: readonly Reference[];
  /**
   * A key column the file may leave out: the importer then numbers rows 1, 2, … by
   * their order in the file within each value of `within` (so re-imports are stable),
   * validating rows with `rowSchema`, which lacks that column.
   */
  numbered?: { column: string; within: string; rowSchema: z.ZodType<Record<string, unknown>> };
}

export const tableSpecs: Readonly<Record<BusinessTable, TableSpec>> = {
  customers: {
    table: "customers",
    fields: customerFields,
    rowSchema: customerRowSchema,
    key: ["customer_id"],
    references: [],
  },
  products: {
    table: "products",
    fields: productFields,
    rowSchema: productRowSchema,
    key: ["product_id"],
    references: [],
  },
  orders: {
    table: "orders",
    fields: orderFields,
    rowSchema: orderRowSchema,
    key: ["order_id"],
    references: [{ column: "customer_id", table: "customers", targetColumn: "customer_id", noun: "customer" }],
  },
  order_items: {
    table: "order_items",
    fields: orderItemFields,
    rowSchema: orderItemRowSchema,
    key: ["order_id", "line_no"],
    references: [
      { column: "order_id", table: "orders", targetColumn: "order_id", noun: "order" },
      { column: "product_id", table: "products", targetColumn: "product_id", noun: "product" },
    ],
    numbered: { column: "line_no", within: "order_id", rowSchema: orderItemWithoutLineNoRowSchema },
  },
  reviews: {
    table: "reviews",
    fields: reviewFields,
    rowSchema: reviewRowSchema,
    key: ["review_id"],
    references: [{ column: "product_id", table: "products", targetColumn: "product_id", noun: "product" }],
  },
};
