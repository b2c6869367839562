import { Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import {
  buildPurchaseMatrix,
  coPurchaseCounts,
  customerProducts,
  orderCount,
  ordersBetween,
  productsByPopularity,
  type PurchaseLine,
} from "../../../tools/recommend-products/matrix.ts";

const DAY = 86_400_000;
// Lines in scrambled order, one repeated line (o1/A twice) and a guest order (o5).
const lines: PurchaseLine[] = [
  { customerId: "c2", orderId: "o3", productId: "B", orderedAt: 3 * DAY },
  { customerId: "c1", orderId: "o1", productId: "A", orderedAt: 1 * DAY },
  { customerId: "c1", orderId: "o2", productId: "A", orderedAt: 2 * DAY },
  { customerId: "c1", orderId: "o1", productId: "B", orderedAt: 1 * DAY },
  { customerId: "c1", orderId: "o1", productId: "A", orderedAt: 1 * DAY },
  { customerId: "c2", orderId: "o3", productId: "C", orderedAt: 3 * DAY },
  { customerId: "c3", orderId: "o4", productId: "A", orderedAt: 4 * DAY },
  { customerId: null, orderId: "o5", productId: "C", orderedAt: 5 * DAY },
];

describe("buildPurchaseMatrix", () => {
  const matrix = buildPurchaseMatrix(lines, ["Z"]);
  const product = (id: string) => matrix.productIndex.get(id) as number;

  it("indexes ids in sorted order and adds catalogue products without sales", () => {
    expect(matrix.productIds).toEqual(["A", "B", "C", "Z"]);
    expect(matrix.customerIds).toEqual(["c1", "c2", "c3"]);
    expect(orderCount(matrix)).toBe(5);
  });

  it("counts distinct orders per customer and product, and the last purchase", () => {
    const c1 = matrix.customerIndex.get("c1") as number;
    expect([...customerProducts(matrix, c1)]).toEqual([product("A"), product("B")]);
    const start = matrix.customerStart[c1] as number;
    expect(matrix.cellOrders[start]).toBe(2); // A in o1 (twice) and o2
    expect(matrix.cellOrders[start + 1]).toBe(1);
    expect(matrix.cellLastOrderedAt[start]).toBe(2 * DAY);
    expect(matrix.customerOrderCounts[c1]).toBe(2);
  });

  it("counts popularity by customers and by orders, guest orders included in the latter", () => {
    expect([...matrix.productCustomerCounts]).toEqual([2, 2, 1, 0]); // A: c1, c3; B: c1, c2; C: c2; Z: none
    expect([...matrix.productOrderCounts]).toEqual([3, 2, 2, 0]); // A: o1, o2, o4; B: o1, o3; C: o3, o5
    expect(matrix.latestOrderedAt).toBe(5 * DAY);
  });

  it("keeps both transposes consistent", () => {
    const customersOf = (id: string) =>
      [...matrix.productCustomers.subarray(matrix.productCustomerStart[product(id)], matrix.productCustomerStart[product(id) + 1])].map(
        (customer) => matrix.customerIds[customer],
      );
    expect(customersOf("A")).toEqual(["c1", "c3"]);
    expect(customersOf("Z")).toEqual([]);
    const ordersOf = (id: string) =>
      matrix.productOrders.subarray(matrix.productOrderStart[product(id)], matrix.productOrderStart[product(id) + 1]).length;
    expect(ordersOf("C")).toBe(2);
  });

  it("gives the same matrix whatever the line order", () => {
    const reversed = buildPurchaseMatrix([...lines].reverse(), ["Z"]);
    expect(reversed.cellProduct).toEqual(matrix.cellProduct);
    expect(reversed.cellOrders).toEqual(matrix.cellOrders);
    expect(reversed.orderProduct).toEqual(matrix.orderProduct);
  });

  it("handles no lines", () => {
    const empty = buildPurchaseMatrix([]);
    expect(empty.productIds).toEqual([]);
    expect(orderCount(empty)).toBe(0);
    expect(empty.latestOrderedAt).toBe(0);
  });

  it("orders products by popularity with stable ties", () => {
    // A and B both have 2 customers; A has more orders. Z has none.
    expect([...productsByPopularity(matrix)].map((index) => matrix.productIds[index])).toEqual(["A", "B", "C", "Z"]);
  });

  it("counts orders in a time window, end excluded", () => {
    expect([...ordersBetween(matrix, 3 * DAY, 5 * DAY)]).toEqual([1, 1, 1, 0]); // o3 (B, C) and o4 (A)
    expect([...ordersBetween(matrix, 0, DAY)]).toEqual([0, 0, 0, 0]);
  });
});

describe("coPurchaseCounts", () => {
  it("equals XᵀX of the binary customer × product matrix (ml-matrix gram)", () => {
    let state = 11;
    const next = () => (state = (state * 16807) % 2147483647) / 2147483647;
    const random: PurchaseLine[] = [];
    for (let line = 0; line < 400; line++) {
      random.push({
        customerId: `c${Math.floor(next() * 40)}`,
        orderId: `o${Math.floor(next() * 120)}`,
        productId: `p${String(Math.floor(next() * 25)).padStart(2, "0")}`,
        orderedAt: line,
      });
    }
    const matrix = buildPurchaseMatrix(random);
    const size = matrix.productIds.length;
    const dense = new Matrix(matrix.customerIds.length, size);
    for (let customer = 0; customer < matrix.customerIds.length; customer++) {
      for (const product of customerProducts(matrix, customer)) dense.set(customer, product, 1);
    }
    const expected = dense.gram();
    const all = Int32Array.from({ length: size }, (_, index) => index);
    const gram = coPurchaseCounts(matrix, all);
    for (let row = 0; row < size; row++) {
      for (let column = 0; column < size; column++) expect(gram[row * size + column]).toBe(expected.get(row, column));
    }
  });

  it("restricts to the given products, in the given order", () => {
    const matrix = buildPurchaseMatrix(lines);
    const b = matrix.productIndex.get("B") as number;
    const a = matrix.productIndex.get("A") as number;
    // B: c1, c2; A: c1, c3 → both: c1.
    expect([...coPurchaseCounts(matrix, Int32Array.from([b, a]))]).toEqual([2, 1, 1, 2]);
  });
});
