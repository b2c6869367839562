/**
 * Versioned schema migrations. Each runs once, in its own transaction, in order;
 * `schema_migrations` records what has run. A migration that fails rolls back and
 * leaves the file as it was, so the previous version keeps working.
 *
 * Never edit a migration that has shipped: add a new one.
 */

export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: "business and app tables",
    statements: [
      // ----- the company's data -----
      `CREATE TABLE customers (
        customer_id   VARCHAR PRIMARY KEY,
        name          VARCHAR,
        email         VARCHAR,
        phone         VARCHAR,
        country       VARCHAR,
        city          VARCHAR,
        signup_date   DATE,
        email_opt_in  BOOLEAN NOT NULL DEFAULT TRUE,
        sms_opt_in    BOOLEAN NOT NULL DEFAULT FALSE
      )`,
      `CREATE TABLE products (
        product_id    VARCHAR PRIMARY KEY,
        name          VARCHAR NOT NULL,
        description   VARCHAR,
        category      VARCHAR,
        price         DOUBLE,
        in_stock      BOOLEAN NOT NULL DEFAULT TRUE,
        is_product    BOOLEAN NOT NULL DEFAULT TRUE
      )`,
      `CREATE TABLE orders (
        order_id      VARCHAR PRIMARY KEY,
        customer_id   VARCHAR,
        ordered_at    TIMESTAMP NOT NULL,
        status        VARCHAR NOT NULL DEFAULT 'completed',
        channel       VARCHAR,
        country       VARCHAR
      )`,
      `CREATE TABLE order_items (
        order_id      VARCHAR NOT NULL,
        line_no       INTEGER NOT NULL,
        product_id    VARCHAR NOT NULL,
        quantity      INTEGER NOT NULL,
        unit_price    DOUBLE NOT NULL,
        PRIMARY KEY (order_id, line_no)
      )`,
      `CREATE TABLE reviews (
        review_id     VARCHAR PRIMARY KEY,
        product_id    VARCHAR NOT NULL,
        customer_id   VARCHAR,
        rating        INTEGER,
        title         VARCHAR,
        body          VARCHAR NOT NULL,
        created_at    TIMESTAMP NOT NULL
      )`,
      // ----- the app's own tables -----
      `CREATE TABLE segmentations (
        segmentation_id VARCHAR PRIMARY KEY,
        created_at      TIMESTAMP NOT NULL,
        params          JSON NOT NULL,
        result          JSON NOT NULL
      )`,
      `CREATE TABLE segment_assignments (
        segmentation_id VARCHAR NOT NULL,
        customer_id     VARCHAR NOT NULL,
        segment_id      INTEGER NOT NULL,
        PRIMARY KEY (segmentation_id, customer_id)
      )`,
      `CREATE TABLE campaigns (
        campaign_id   VARCHAR PRIMARY KEY,
        created_at    TIMESTAMP NOT NULL,
        updated_at    TIMESTAMP NOT NULL,
        status        VARCHAR NOT NULL,
        progress      DOUBLE NOT NULL DEFAULT 0,
        request       JSON NOT NULL,
        result        JSON,
        error         JSON
      )`,
      `CREATE TABLE conversations (
        conversation_id VARCHAR PRIMARY KEY,
        created_at      TIMESTAMP NOT NULL,
        updated_at      TIMESTAMP NOT NULL,
        title           VARCHAR
      )`,
      `CREATE TABLE messages (
        message_id      VARCHAR PRIMARY KEY,
        conversation_id VARCHAR NOT NULL,
        seq             INTEGER NOT NULL,
        role            VARCHAR NOT NULL,
        content         VARCHAR NOT NULL,
        tool_calls      JSON,
        created_at      TIMESTAMP NOT NULL
      )`,
      `CREATE TABLE api_keys (
        key_id        VARCHAR PRIMARY KEY,
        key_hash      VARCHAR NOT NULL UNIQUE,
        role          VARCHAR NOT NULL,
        label         VARCHAR,
        created_at    TIMESTAMP NOT NULL,
        revoked_at    TIMESTAMP
      )`,
      `CREATE TABLE audit_log (
        occurred_at   TIMESTAMP NOT NULL,
        actor         VARCHAR NOT NULL,
        action        VARCHAR NOT NULL,
        subject       VARCHAR,
        details       JSON
      )`,
      // ----- shared analytic definitions -----
      // A "sale line" is a line of a completed order with a positive quantity and price, for
      // merchandise. Cancellations, write-offs, zero-price lines and non-product codes
      // (postage, fees) are left out. Guest orders (no customer) are kept here for sales
      // totals; per-customer analytics use customer_sale_lines.
      `CREATE VIEW sale_lines AS
        SELECT i.order_id, i.line_no, o.customer_id, i.product_id, o.ordered_at,
               i.quantity, i.unit_price, i.quantity * i.unit_price AS amount, o.country
        FROM order_items i
        JOIN orders o ON o.order_id = i.order_id
        JOIN products p ON p.product_id = i.product_id
        WHERE o.status = 'completed' AND i.quantity > 0 AND i.unit_price > 0 AND p.is_product`,
      `CREATE VIEW customer_sale_lines AS
        SELECT * FROM sale_lines WHERE customer_id IS NOT NULL`,
    ],
  },
  {
    version: 2,
    name: "drafts",
    statements: [
      // Campaign copy drafted by draft_campaign_copy: the request as validated and the whole
      // output (variants with their checks), so later turns and people can refer to it by id.
      `CREATE TABLE drafts (
        draft_id      VARCHAR PRIMARY KEY,
        created_at    TIMESTAMP NOT NULL,
        channel       VARCHAR NOT NULL,
        request       JSON NOT NULL,
        result        JSON NOT NULL
      )`,
    ],
  },
];

/** The version a fully migrated store has. */
export const latestSchemaVersion = Math.max(...migrations.map((migration) => migration.version));
