/**
 * The purchase matrix (pure): who bought what, how often and when, plus which products
 * share an order. Built once from sale lines; every recommender signal reads from it.
 *
 * Customers and products are indexed in sorted id order (plain code-unit comparison), so
 * the same lines always give the same indexes whatever order they arrive in. Rows are
 * stored in compressed sparse form (an offsets array and parallel value arrays), which
 * keeps the UCI Online Retail file (~400,000 lines) at a few megabytes.
 */

/** One sale line as the recommender needs it. */
export interface PurchaseLine {
  /** Null for guest orders: they count for "bought together" but belong to no customer. */
  customerId: string | null;
  orderId: string;
  productId: string;
  /** Milliseconds since the epoch. */
  orderedAt: number;
}

/** Customers × products (distinct purchases) and orders × products, in sparse rows. */
export interface PurchaseMatrix {
  /** Product id of each product index, sorted. */
  readonly productIds: readonly string[];
  readonly productIndex: ReadonlyMap<string, number>;
  /** Customer id of each customer index, sorted. */
  readonly customerIds: readonly string[];
  readonly customerIndex: ReadonlyMap<string, number>;
  /** Customer row `c` spans `customerStart[c] … customerStart[c + 1]` in the three arrays below. */
  readonly customerStart: Int32Array;
  /** Product index of each (customer, product) cell, ascending within a row. */
  readonly cellProduct: Int32Array;
  /** How many different orders of the customer contained the product. */
  readonly cellOrders: Int32Array;
  /** When the customer last bought the product (ms since the epoch). */
  readonly cellLastOrderedAt: Float64Array;
  /** Distinct orders per customer. */
  readonly customerOrderCounts: Int32Array;
  /** When each order was placed (the earliest of its lines), ms since the epoch. */
  readonly orderAt: Float64Array;
  /** Order row `o` spans `orderStart[o] … orderStart[o + 1]` in `orderProduct` (distinct, ascending). */
  readonly orderStart: Int32Array;
  readonly orderProduct: Int32Array;
  /** Product row `p` spans `productOrderStart[p] … productOrderStart[p + 1]` in `productOrders` (order indexes, ascending). */
  readonly productOrderStart: Int32Array;
  readonly productOrders: Int32Array;
  /** Product row `p` spans `productCustomerStart[p] … productCustomerStart[p + 1]` in `productCustomers` (customer indexes, ascending). */
  readonly productCustomerStart: Int32Array;
  readonly productCustomers: Int32Array;
  /** Distinct customers who bought each product (popularity). */
  readonly productCustomerCounts: Int32Array;
  /** Distinct orders (guest orders included) containing each product. */
  readonly productOrderCounts: Int32Array;
  /** The latest `orderedAt` among the lines, or 0 when there are none. */
  readonly latestOrderedAt: number;
}

function sortedDistinct(values: Iterable<string>): string[] {
  // Code-unit order, not locale order: the same on every machine.
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function indexOf(ids: readonly string[]): Map<string, number> {
  return new Map(ids.map((id, index) => [id, index]));
}

/**
 * The transpose of a sparse matrix given as (column, row) pairs in row order: for each
 * column, its rows in ascending order (a counting sort, so linear time).
 */
function transpose(columns: Int32Array, rows: Int32Array, columnCount: number): { start: Int32Array; values: Int32Array } {
  const start = new Int32Array(columnCount + 1);
  for (const column of columns) start[column + 1]! += 1;
  for (let column = 0; column < columnCount; column++) start[column + 1]! += start[column] as number;
  const next = start.slice(0, columnCount);
  const values = new Int32Array(columns.length);
  for (let at = 0; at < columns.length; at++) {
    const column = columns[at] as number;
    values[next[column]!++] = rows[at] as number;
  }
  return { start, values };
}

/** Sale lines as parallel index arrays (−1 for a guest order's customer). */
interface IndexedLines {
  customer: Int32Array;
  product: Int32Array;
  order: Int32Array;
  at: Float64Array;
}

/** Order rows: the distinct products of each order, ascending, and each product's order count. */
function orderRows(lines: IndexedLines, orderCount: number, productCount: number) {
  const count = lines.order.length;
  const byOrder = Int32Array.from({ length: count }, (_, index) => index).sort(
    (a, b) => (lines.order[a] as number) - (lines.order[b] as number) || (lines.product[a] as number) - (lines.product[b] as number),
  );
  const orderStart = new Int32Array(orderCount + 1);
  const products: number[] = [];
  const productOrderCounts = new Int32Array(productCount);
  let previousOrder = -1;
  let previousProduct = -1;
  for (const line of byOrder) {
    const order = lines.order[line] as number;
    const product = lines.product[line] as number;
    if (order === previousOrder && product === previousProduct) continue;
    for (let fill = previousOrder + 1; fill <= order; fill++) orderStart[fill] = products.length;
    products.push(product);
    productOrderCounts[product]! += 1;
    previousOrder = order;
    previousProduct = product;
  }
  for (let fill = previousOrder + 1; fill <= orderCount; fill++) orderStart[fill] = products.length;
  return { orderStart, orderProduct: Int32Array.from(products), productOrderCounts };
}

/**
 * Customer rows: the distinct products of each customer, ascending, with how many of the
 * customer's orders contained each and when they last bought it.
 */
function customerRows(lines: IndexedLines, customerCount: number, productCount: number) {
  const byCustomer = Int32Array.from({ length: lines.order.length }, (_, index) => index)
    .filter((line) => (lines.customer[line] as number) >= 0)
    .sort(
      (a, b) =>
        (lines.customer[a] as number) - (lines.customer[b] as number) ||
        (lines.product[a] as number) - (lines.product[b] as number) ||
        (lines.order[a] as number) - (lines.order[b] as number),
    );
  const customerStart = new Int32Array(customerCount + 1);
  const products: number[] = [];
  const orders: number[] = [];
  const lastAt: number[] = [];
  const productCustomerCounts = new Int32Array(productCount);
  const customerOrderCounts = new Int32Array(customerCount);
  const ordersSeen = new Set<number>();
  let customer = -1;
  let product = -1;
  let order = -1;
  for (const line of byCustomer) {
    const lineCustomer = lines.customer[line] as number;
    const lineProduct = lines.product[line] as number;
    const lineOrder = lines.order[line] as number;
    const at = lines.at[line] as number;
    if (lineCustomer !== customer) {
      if (customer >= 0) customerOrderCounts[customer] = ordersSeen.size;
      ordersSeen.clear();
      for (let fill = customer + 1; fill <= lineCustomer; fill++) customerStart[fill] = products.length;
      customer = lineCustomer;
      product = -1;
    }
    ordersSeen.add(lineOrder);
    if (lineProduct !== product) {
      // A new (customer, product) cell.
      products.push(lineProduct);
      orders.push(1);
      lastAt.push(at);
      productCustomerCounts[lineProduct]! += 1;
      product = lineProduct;
      order = lineOrder;
      continue;
    }
    const cell = products.length - 1;
    // Lines are sorted by order within the cell, so a new order shows as a change.
    if (lineOrder !== order) {
      orders[cell]! += 1;
      order = lineOrder;
    }
    if (at > (lastAt[cell] as number)) lastAt[cell] = at;
  }
  if (customer >= 0) customerOrderCounts[customer] = ordersSeen.size;
  for (let fill = customer + 1; fill <= customerCount; fill++) customerStart[fill] = products.length;
  return {
    customerStart,
    cellProduct: Int32Array.from(products),
    cellOrders: Int32Array.from(orders),
    cellLastOrderedAt: Float64Array.from(lastAt),
    productCustomerCounts,
    customerOrderCounts,
  };
}

/** The row index of every stored value of a compressed sparse matrix. */
function rowOfEachValue(start: Int32Array, valueCount: number): Int32Array {
  const rows = new Int32Array(valueCount);
  for (let row = 0; row + 1 < start.length; row++) rows.fill(row, start[row], start[row + 1]);
  return rows;
}

/**
 * Builds the matrix from sale lines (any order; repeated lines of one product in one order
 * count once). `catalogue` adds products that have no sale lines (new products), so they
 * get an index too — with zero counts — and content similarity can still reach them.
 */
export function buildPurchaseMatrix(lines: readonly PurchaseLine[], catalogue: readonly string[] = []): PurchaseMatrix {
  const productIds = sortedDistinct([...catalogue, ...lines.map((line) => line.productId)]);
  const customerIds = sortedDistinct(lines.flatMap((line) => (line.customerId === null ? [] : [line.customerId])));
  const orderIds = sortedDistinct(lines.map((line) => line.orderId));
  const productIndex = indexOf(productIds);
  const customerIndex = indexOf(customerIds);
  const orderIndex = indexOf(orderIds);

  const indexed: IndexedLines = {
    customer: Int32Array.from(lines, (line) => (line.customerId === null ? -1 : (customerIndex.get(line.customerId) as number))),
    product: Int32Array.from(lines, (line) => productIndex.get(line.productId) as number),
    order: Int32Array.from(lines, (line) => orderIndex.get(line.orderId) as number),
    at: Float64Array.from(lines, (line) => line.orderedAt),
  };
  let latestOrderedAt = 0;
  const orderAt = new Float64Array(orderIds.length).fill(Number.POSITIVE_INFINITY);
  indexed.at.forEach((at, line) => {
    latestOrderedAt = Math.max(latestOrderedAt, at);
    const order = indexed.order[line] as number;
    orderAt[order] = Math.min(orderAt[order] as number, at);
  });

  const byOrder = orderRows(indexed, orderIds.length, productIds.length);
  const byCustomer = customerRows(indexed, customerIds.length, productIds.length);
  const productOrders = transpose(byOrder.orderProduct, rowOfEachValue(byOrder.orderStart, byOrder.orderProduct.length), productIds.length);
  const productCustomers = transpose(
    byCustomer.cellProduct,
    rowOfEachValue(byCustomer.customerStart, byCustomer.cellProduct.length),
    productIds.length,
  );

  return {
    productIds,
    productIndex,
    customerIds,
    customerIndex,
    ...byCustomer,
    orderAt,
    ...byOrder,
    productOrderStart: productOrders.start,
    productOrders: productOrders.values,
    productCustomerStart: productCustomers.start,
    productCustomers: productCustomers.values,
    latestOrderedAt,
  };
}

/** The number of orders in the matrix. */
export function orderCount(matrix: PurchaseMatrix): number {
  return matrix.orderStart.length - 1;
}

/** Product indexes of a customer's purchases (a view, not a copy). */
export function customerProducts(matrix: PurchaseMatrix, customer: number): Int32Array {
  return matrix.cellProduct.subarray(matrix.customerStart[customer], matrix.customerStart[customer + 1]);
}

/**
 * How many orders placed in [`from`, `to`) (ms since the epoch) contained each product:
 * recent demand, for "trending now" and for cold-start customers.
 */
export function ordersBetween(matrix: PurchaseMatrix, from: number, to: number): Int32Array {
  const counts = new Int32Array(matrix.productIds.length);
  for (let order = 0; order < matrix.orderAt.length; order++) {
    const at = matrix.orderAt[order] as number;
    if (at < from || at >= to) continue;
    for (let cell = matrix.orderStart[order] as number; cell < (matrix.orderStart[order + 1] as number); cell++) {
      counts[matrix.orderProduct[cell] as number]! += 1;
    }
  }
  return counts;
}

/**
 * Product indexes ordered by popularity (distinct customers, then distinct orders, then
 * index), most popular first. The cold-start ranking and the order EASE picks its items in.
 */
export function productsByPopularity(matrix: PurchaseMatrix): Int32Array {
  return Int32Array.from(matrix.productIds, (_, index) => index).sort(
    (a, b) =>
      (matrix.productCustomerCounts[b] as number) - (matrix.productCustomerCounts[a] as number) ||
      (matrix.productOrderCounts[b] as number) - (matrix.productOrderCounts[a] as number) ||
      a - b,
  );
}

/**
 * Customer co-occurrence counts among `products` (dense, row-major, `products.length`²):
 * entry (a, b) is how many customers bought both `products[a]` and `products[b]`; the
 * diagonal is each product's customer count. This is XᵀX of the binary customer × product
 * matrix restricted to those columns — the Gram matrix EASE and item-kNN start from.
 */
export function coPurchaseCounts(matrix: PurchaseMatrix, products: Int32Array): Float64Array {
  const size = products.length;
  const position = new Int32Array(matrix.productIds.length).fill(-1);
  products.forEach((product, index) => {
    position[product] = index;
  });
  const gram = new Float64Array(size * size);
  const row: number[] = [];
  for (let customer = 0; customer < matrix.customerIds.length; customer++) {
    row.length = 0;
    for (let cell = matrix.customerStart[customer] as number; cell < (matrix.customerStart[customer + 1] as number); cell++) {
      const at = position[matrix.cellProduct[cell] as number] as number;
      if (at >= 0) row.push(at);
    }
    for (const a of row) {
      const offset = a * size;
      for (const b of row) gram[offset + b]! += 1;
    }
  }
  return gram;
}
