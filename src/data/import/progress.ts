/** Throttled progress reports: at most one per `intervalMs`, plus a final one. */
import type { ImportProgress } from "./types.ts";

export class ProgressMeter {
  #last = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly onProgress: ((progress: ImportProgress) => void) | undefined,
    private readonly source: { bytesRead(): number; readonly totalBytes: number | undefined },
    private readonly intervalMs = 100,
  ) {}

  /** Reports `rowsRead` if the last report is at least `intervalMs` old. */
  update(rowsRead: number): void {
    if (this.onProgress === undefined) return;
    const now = performance.now();
    if (now - this.#last < this.intervalMs) return;
    this.#last = now;
    this.#emit(rowsRead);
  }

  /** Reports the final count, whatever the time since the last report. */
  finish(rowsRead: number): void {
    if (this.onProgress === undefined) return;
    this.#last = performance.now();
    this.#emit(rowsRead);
  }

  #emit(rowsRead: number): void {
    const totalBytes = this.source.totalBytes;
    this.onProgress?.({
      bytesRead: this.source.bytesRead(),
      ...(totalBytes === undefined ? {} : { totalBytes }),
      rowsRead,
    });
  }
}
