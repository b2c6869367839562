/**
 * Ports: the interfaces that tools, the agent and the surfaces depend on.
 * Implementations live elsewhere (`src/data` for the store, `src/models` for models);
 * tests pass their own. This file imports nothing but types.
 */

/** A value that can be bound to a SQL parameter (`$1`, `$2`, …). */
export type SqlValue = string | number | boolean | bigint | Date | null;

/** One result row. BIGINT values arrive as `number` (or `string` beyond 2^53), dates as `Date`. */
export type Row = Record<string, unknown>;

/** Read access to the store: parameterised SQL over the tables and views in `src/data/schema.ts`. */
export interface StoreReader {
  /** Runs a query and returns its rows as plain objects. */
  query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
}

/** Read-write access inside one transaction. */
export interface StoreWriter extends StoreReader {
  /** Runs a statement that returns no rows (INSERT, UPDATE, DDL). */
  run(sql: string, params?: readonly SqlValue[]): Promise<void>;
}

/** Row counts of the business tables, as `/health` reports them. */
export interface DataCounts {
  customers: number;
  products: number;
  orders: number;
  orderItems: number;
  reviews: number;
}

/** The store: the company's data plus the app's own tables. */
export interface Store extends StoreWriter {
  /** Where the data lives (a file path or `:memory:`). */
  readonly location: string;
  /** Runs `work` in one transaction on its own connection: all of it commits, or none. */
  transaction<T>(work: (writer: StoreWriter) => Promise<T>): Promise<T>;
  /** Row counts of the business tables. */
  counts(): Promise<DataCounts>;
  /** Closes the store; further calls fail. */
  close(): Promise<void>;
}

/** Structured logger (pino-compatible subset) so core code does not depend on pino. */
export interface Logger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
  debug(object: object, message?: string): void;
}

/** A logger that drops everything, for tests and quiet CLI runs. */
export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
};

/**
 * Turns text into vectors. Structurally the same as LangChain's `Embeddings`
 * (`embedDocuments`, `embedQuery`), so an implementation can be handed to LangChain
 * vector stores; `src/models/` has the providers.
 */
export interface Embedder {
  /** Stable description of what makes the vectors (provider, model, dimensions, fitted-on version), recorded with indexes. */
  readonly id: string;
  readonly dimensions: number;
  embedDocuments(texts: string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
}

/** One request to a text model: instructions, the task, and optional cancellation. */
export interface TextRequest {
  /** Instructions: who the model is and what it must never do. */
  system: string;
  /** The task, with any data quoted inside delimiters. */
  prompt: string;
  signal?: AbortSignal;
}

/**
 * A text model that writes free text (campaign copy). Tools get one through their context
 * when a chat model is configured; offline there is none and tools use their own templates.
 * `src/models/` adapts chat models to this port.
 */
export interface TextGenerator {
  /** Stable description of the model, e.g. `openai:gpt-4o-mini`, recorded with drafts. */
  readonly id: string;
  /** Whether text sent to it leaves this machine (customer emails and phones are then redacted). */
  readonly external: boolean;
  generate(request: TextRequest): Promise<string>;
}
