/**
 * The demo shop's non-product codes: lines on an order that are not merchandise.
 * They are rows of `products` with `is_product = false` and no category, so the
 * shared `sale_lines` view leaves them out of every product and customer analysis,
 * while order totals still show what customers paid.
 *
 * - `POST` — UK delivery, £3.95 on UK orders under £40 of merchandise (free above).
 * - `POSTEU` — tracked EU delivery, £8.95 on EU orders under £100 of merchandise.
 * - `GIFTWRAP` — gift wrapping with a handwritten message, £2.95 per order.
 * - `GIFTCARD` — a £25 e-gift card; a liability, not a sale of goods.
 */
import type { ProductRow } from "./rows.ts";

/** Merchandise total at or above which UK delivery is free. */
export const UK_FREE_DELIVERY_FROM = 40;
/** Merchandise total at or above which EU delivery is free. */
export const EU_FREE_DELIVERY_FROM = 100;

export const SERVICE_PRODUCTS = {
  ukDelivery: {
    product_id: "POST",
    name: "UK Delivery",
    description: "Standard UK delivery in 2 to 4 working days. Free on orders of £40 or more.",
    category: null,
    price: 3.95,
    in_stock: true,
    is_product: false,
  },
  euDelivery: {
    product_id: "POSTEU",
    name: "EU Delivery",
    description: "Tracked delivery to the European Union in 4 to 7 working days. Free on orders of £100 or more.",
    category: null,
    price: 8.95,
    in_stock: true,
    is_product: false,
  },
  giftWrap: {
    product_id: "GIFTWRAP",
    name: "Gift Wrapping",
    description: "We wrap your order in recycled paper with ribbon and a handwritten message. Charged once per order.",
    category: null,
    price: 2.95,
    in_stock: true,
    is_product: false,
  },
  giftCard: {
    product_id: "GIFTCARD",
    name: "£25 E-Gift Card",
    description: "A £25 e-gift card sent by email, to spend on anything in the shop within two years.",
    category: null,
    price: 25,
    in_stock: true,
    is_product: false,
  },
} as const satisfies Record<string, ProductRow>;

/** The service rows in the order they are listed in `products`. */
export const SERVICE_ROWS: readonly ProductRow[] = Object.values(SERVICE_PRODUCTS);
