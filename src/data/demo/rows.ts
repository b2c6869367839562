/**
 * The rows the demo generator produces, one interface per business table. Property
 * names are the column names of `src/data/migrations.ts`, so a row is exactly what
 * lands in the table. Temporal values are `Date`s holding the shop's wall-clock time
 * read with the UTC getters (the store's TIMESTAMP columns carry no time zone);
 * DATE columns hold midnight of that day.
 */

/** A row of `customers`. */
export interface CustomerRow {
  /** `C` + six digits, numbered in signup order from `C100001`. */
  customer_id: string;
  name: string;
  /** Always at example.com or example.org (reserved by RFC 2606): never a real mailbox. */
  email: string;
  /** Ofcom's drama range `+44 7700 900xxx`, or null when the customer gave none. */
  phone: string | null;
  country: string;
  city: string;
  signup_date: Date;
  email_opt_in: boolean;
  sms_opt_in: boolean;
}

/** A row of `products` (merchandise or a non-product service code). */
export interface ProductRow {
  /** `HW` + five digits for merchandise; short upper-case codes (`POST`, …) for services. */
  product_id: string;
  name: string;
  description: string;
  /** One of the demo's categories; null for non-product codes. */
  category: string | null;
  price: number;
  in_stock: boolean;
  is_product: boolean;
}

/** The order statuses the demo uses. */
export type OrderStatus = "completed" | "cancelled";

/** The sales channels the demo uses. */
export type OrderChannel = "web" | "app" | "phone";

/** A row of `orders`. */
export interface OrderRow {
  /** `SO` + seven digits, numbered in time order from `SO1000001`. */
  order_id: string;
  /** Null for guest checkouts. */
  customer_id: string | null;
  ordered_at: Date;
  status: OrderStatus;
  channel: OrderChannel;
  country: string;
}

/** A row of `order_items`. */
export interface OrderItemRow {
  order_id: string;
  /** 1-based; merchandise lines first, then service lines (postage, gift wrap, gift card). */
  line_no: number;
  product_id: string;
  quantity: number;
  /** What was charged per unit: the list price, or less when a discount applied. */
  unit_price: number;
}

/** A row of `reviews`. */
export interface ReviewRow {
  /** `RV` + six digits, numbered in time order from `RV100001`. */
  review_id: string;
  product_id: string;
  customer_id: string | null;
  /** 1–5 stars. */
  rating: number;
  title: string | null;
  body: string;
  created_at: Date;
}

/** Everything `loadDemo` writes, table by table. */
export interface DemoData {
  customers: CustomerRow[];
  products: ProductRow[];
  orders: OrderRow[];
  orderItems: OrderItemRow[];
  reviews: ReviewRow[];
}
