import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NotFoundError } from "../../src/core/errors.ts";
import { ERASED_MARKER, eraseCustomer, personalPhrases, scrubStoredText, scrubText } from "../../src/data/erasure.ts";
import type { DuckDbStore } from "../../src/data/store.ts";
import { memoryStore } from "../helpers/context.ts";

const NOW = new Date("2026-11-01T12:00:00Z");

/** Every text/JSON cell of every table that contains `id`, as `table.column: value`. */
async function cellsMentioning(store: DuckDbStore, id: string): Promise<string[]> {
  const columns = await store.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'main' AND t.table_type = 'BASE TABLE' AND c.data_type IN ('VARCHAR', 'JSON')`,
  );
  const found: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    const rows = await store.query<{ value: string }>(
      `SELECT CAST("${column}" AS VARCHAR) AS value FROM "${table}" WHERE contains(CAST("${column}" AS VARCHAR), $1)`,
      [id],
    );
    for (const row of rows) found.push(`${table}.${column}: ${row.value}`);
  }
  return found;
}

async function seed(store: DuckDbStore): Promise<void> {
  await store.run(`INSERT INTO customers (customer_id, name, email) VALUES
    ('C1', 'Ada Lovelace', 'ada@example.com'), ('C12', 'Grace Hopper', 'grace@example.com'), ('C2', 'Alan Turing', NULL)`);
  await store.run(`INSERT INTO products (product_id, name, price) VALUES ('P1', 'Mug', 5), ('P2', 'Teapot', 20)`);
  await store.run(`INSERT INTO orders (order_id, customer_id, ordered_at) VALUES
    ('O1', 'C1', '2026-01-01'), ('O2', 'C1', '2026-02-01'), ('O3', 'C12', '2026-02-02'), ('O4', NULL, '2026-02-03')`);
  await store.run(`INSERT INTO order_items VALUES ('O1', 1, 'P1', 2, 5), ('O1', 2, 'P2', 1, 20), ('O2', 1, 'P1', 1, 5),
    ('O3', 1, 'P2', 1, 20), ('O4', 1, 'P1', 1, 5)`);
  await store.run(`INSERT INTO reviews (review_id, product_id, customer_id, rating, body, created_at) VALUES
    ('R1', 'P1', 'C1', 5, 'Lovely mug', '2026-01-10'), ('R2', 'P2', 'C12', 4, 'Nice teapot', '2026-02-10')`);
  await store.run(`INSERT INTO segmentations VALUES ('sgm_1', '2026-03-01', '{"k": 2}',
    '{"segments": [{"name": "Loyal", "size": 2, "examples": ["C1", "C12"]}], "customerCount": 3, "summary": "C1 leads; C12 follows"}')`);
  await store.run(`INSERT INTO segment_assignments VALUES ('sgm_1', 'C1', 1), ('sgm_1', 'C12', 1), ('sgm_1', 'C2', 2)`);
  await store.run(`INSERT INTO campaigns VALUES ('cmp_1', '2026-03-02', '2026-03-02', 'done', 1, '{"brief": "win back C1"}',
    '{"audience": {"customerIds": ["C1", "C2"]}, "note": "line one\\nC1 again"}', NULL)`);
  await store.run(`INSERT INTO conversations VALUES ('conv_1', '2026-03-03', '2026-03-03', 'What should C1 buy?')`);
  await store.run(`INSERT INTO messages VALUES
    ('m1', 'conv_1', 1, 'user', 'What should C1 buy next? Compare with C12.', NULL, '2026-03-03'),
    ('m2', 'conv_1', 2, 'assistant', 'Customer C1 would like a teapot.', '[{"name": "recommend_products", "args": {"customerId": "C1"}, "ok": true, "summary": "3 picks for C1"}]', '2026-03-03'),
    ('m3', 'conv_1', 3, 'tool', '{"tool": "recommend_products", "data": {"customer": {"customerId": "C1", "orders": 2}}}', NULL, '2026-03-03')`);
  // drafts comes with migration v2 (created here too, in its shape, should the store predate it).
  await store.run(`CREATE TABLE IF NOT EXISTS drafts (draft_id VARCHAR PRIMARY KEY, created_at TIMESTAMP NOT NULL,
    channel VARCHAR NOT NULL, request JSON NOT NULL, result JSON NOT NULL)`);
  await store.run(`INSERT INTO drafts (draft_id, created_at, channel, request, result) VALUES
    ('d1', '2026-03-04', 'sms', '{"audience": {"customerId": "C1"}}', '{"variants": [{"content": {"text": "Hi C1, your teapot awaits"}}]}'),
    ('d2', '2026-03-04', 'sms', '{}', '{"variants": [{"content": {"text": "For C12 only"}}]}')`);
  // A table some later migration adds is covered without being listed anywhere.
  await store.run(`CREATE TABLE campaign_notes (note_id VARCHAR PRIMARY KEY, body VARCHAR, data JSON)`);
  await store.run(`INSERT INTO campaign_notes VALUES ('n1', 'Call C1 back', '[{"to": "C1"}]'), ('n2', 'For C12 only', NULL)`);
}

let store: DuckDbStore;
beforeEach(async () => {
  store = await memoryStore();
  await seed(store);
});
afterEach(async () => {
  await store.close();
});

describe("eraseCustomer", () => {
  it("deletes the customer's rows, scrubs stored results, and leaves the id nowhere but the audit record", async () => {
    const counts = await eraseCustomer(store, "C1", { actor: "key_admin", now: NOW });
    expect(counts).toEqual({
      customers: 1,
      orders: 2,
      orderItems: 3,
      reviews: 1,
      segmentAssignments: 1,
      scrubbed: { campaign_notes: 1, campaigns: 1, conversations: 1, drafts: 1, messages: 3, segmentations: 1 },
    });

    const mentions = await cellsMentioning(store, "C1");
    // "C12" contains "C1" as a substring; every remaining mention must be C12's or the audit row.
    const wholeToken = mentions.filter((cell) => /(?<![A-Za-z0-9_])C1(?![A-Za-z0-9_])/.test(cell));
    expect(wholeToken).toHaveLength(1);
    expect(wholeToken[0]).toMatch(/^audit_log\.subject: C1$/);
  });

  it("keeps other customers, their orders and the JSON structure intact", async () => {
    await eraseCustomer(store, "C1", { actor: "key_admin", now: NOW });
    const customers = await store.query<{ customer_id: string }>("SELECT customer_id FROM customers ORDER BY 1");
    expect(customers.map((row) => row.customer_id)).toEqual(["C12", "C2"]);
    expect(await store.counts()).toMatchObject({ orders: 2, orderItems: 2, reviews: 1 });

    const [segmentation] = await store.query<{ result: string }>("SELECT result FROM segmentations");
    expect(JSON.parse(segmentation?.result ?? "")).toEqual({
      segments: [{ name: "Loyal", size: 2, examples: [ERASED_MARKER, "C12"] }],
      customerCount: 3,
      summary: `${ERASED_MARKER} leads; C12 follows`,
    });
    const [campaign] = await store.query<{ result: string; request: string }>("SELECT result, request FROM campaigns");
    expect(JSON.parse(campaign?.result ?? "")).toEqual({
      audience: { customerIds: [ERASED_MARKER, "C2"] },
      note: `line one\n${ERASED_MARKER} again`,
    });
    expect(JSON.parse(campaign?.request ?? "")).toEqual({ brief: `win back ${ERASED_MARKER}` });
    const messages = await store.query<{ content: string }>("SELECT content FROM messages ORDER BY seq");
    expect(messages[0]?.content).toBe(`What should ${ERASED_MARKER} buy next? Compare with C12.`);
    expect(JSON.parse(messages[2]?.content ?? "")).toEqual({
      tool: "recommend_products",
      data: { customer: { customerId: ERASED_MARKER, orders: 2 } },
    });
    const drafts = await store.query<{ request: string; result: string }>("SELECT request, result FROM drafts ORDER BY draft_id");
    expect(JSON.parse(drafts[0]?.request ?? "")).toEqual({ audience: { customerId: ERASED_MARKER } });
    expect(JSON.parse(drafts[0]?.result ?? "")).toEqual({ variants: [{ content: { text: `Hi ${ERASED_MARKER}, your teapot awaits` } }] });
    expect(JSON.parse(drafts[1]?.result ?? "")).toEqual({ variants: [{ content: { text: "For C12 only" } }] });
    const notes = await store.query<{ body: string; data: string | null }>("SELECT body, data FROM campaign_notes ORDER BY note_id");
    expect(notes).toEqual([
      // Only the string literal changed: the stored JSON keeps its formatting.
      { body: `Call ${ERASED_MARKER} back`, data: `[{"to": "${ERASED_MARKER}"}]` },
      { body: "For C12 only", data: null },
    ]);
  });

  it("records the erasure in the audit log with the counts", async () => {
    const counts = await eraseCustomer(store, "C1", { actor: "key_admin", now: NOW });
    const rows = await store.query<{ occurred_at: Date; actor: string; action: string; subject: string; details: string }>(
      "SELECT * FROM audit_log",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: "key_admin", action: "customer.erase", subject: "C1" });
    expect(rows[0]?.occurred_at.toISOString()).toBe(NOW.toISOString());
    expect(JSON.parse(rows[0]?.details ?? "")).toEqual(counts);
  });

  it("refuses an unknown id with NotFoundError and changes nothing", async () => {
    const before = await store.counts();
    const error = await eraseCustomer(store, "C999", { actor: "local", now: NOW }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).code).toBe("unknown_customer");
    expect((error as NotFoundError).message).toContain('"C999"');
    expect(await store.counts()).toEqual(before);
    expect(await store.query("SELECT * FROM audit_log")).toEqual([]);
  });

  it("erases a customer known only from orders (no customer row)", async () => {
    await store.run("INSERT INTO orders (order_id, customer_id, ordered_at) VALUES ('O9', 'GUEST-7', '2026-03-01')");
    const counts = await eraseCustomer(store, "GUEST-7", { actor: "local", now: NOW });
    expect(counts).toMatchObject({ customers: 0, orders: 1, orderItems: 0 });
  });

  it("rejects an empty or padded id", async () => {
    await expect(eraseCustomer(store, " C1", { actor: "local", now: NOW })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(eraseCustomer(store, "", { actor: "local", now: NOW })).rejects.toMatchObject({ code: "invalid_input" });
  });
});

describe("scrubbing", () => {
  it("replaces whole tokens only", () => {
    expect(scrubText("12347 and 123470 and 412347 and 12347.5 and (12347), 12347.", "12347")).toBe(
      "[erased] and 123470 and 412347 and 12347.5 and ([erased]), [erased].",
    );
    expect(scrubText("a+b? a+b", "a+b")).toBe("[erased]? [erased]");
  });

  it("touches only string literals in JSON, so numbers equal to the id survive and the JSON stays valid", () => {
    const text = '{"orders": 12347, "customerId": "12347", "12347": ["x 12347"]}';
    const scrubbed = scrubStoredText(text, "12347");
    expect(JSON.parse(scrubbed)).toEqual({ orders: 12347, customerId: "[erased]", "[erased]": ["x [erased]"] });
  });

  it("treats text that only looks like JSON as plain text", () => {
    expect(scrubStoredText("{not json} C1", "C1")).toBe("{not json} [erased]");
  });
});

describe("erasing what the customer wrote and is", () => {
  it("removes their name, email, phone and quoted review phrases from stored results", async () => {
    await store.run("UPDATE customers SET phone = '07700 900123' WHERE customer_id = 'C1'");
    await store.run(`UPDATE reviews SET title = 'Best mug I have owned', body = 'The glaze chipped after a week, but the handle is comfortable. Would buy again.'
      WHERE review_id = 'R1'`);
    const quote = "The glaze chipped after a week";
    await store.run(
      `INSERT INTO messages VALUES ('m4', 'conv_1', 4, 'tool', $1, NULL, '2026-03-03'),
        ('m5', 'conv_1', 5, 'assistant', $2, NULL, '2026-03-03')`,
      [
        JSON.stringify({ tool: "analyze_sentiment", data: { aspects: [{ aspect: "quality", negativeQuotes: [`${quote}…`, "Arrived broken, very sad"] }] } }),
        `Ada Lovelace (ada@example.com, 07700 900123) said: "${quote.toUpperCase()}, but the handle is comfortable". Others: "Arrived broken, very sad".`,
      ],
    );
    await eraseCustomer(store, "C1", { actor: "key_admin", now: NOW });
    const [tool, answer] = await store.query<{ content: string }>("SELECT content FROM messages WHERE message_id IN ('m4', 'm5') ORDER BY seq");
    expect(JSON.parse(tool?.content ?? "{}").data.aspects[0].negativeQuotes).toEqual([ERASED_MARKER, "Arrived broken, very sad"]);
    for (const gone of ["Ada Lovelace", "ada@example.com", "07700 900123", "glaze chipped", "handle is comfortable"]) {
      expect(answer?.content.toLowerCase()).not.toContain(gone.toLowerCase());
    }
    expect(answer?.content).toContain("Arrived broken, very sad");
  });

  it("keeps short or common fragments, which could be anyone's words", () => {
    expect(personalPhrases({ name: "Al", email: null, phone: null }, [{ body: "Great. Love it! The colour is exactly as pictured" }])).toEqual([
      "the colour is exactly as pictured",
    ]);
  });
});
