/**
 * A small progress bar for long CLI work. It draws only on a terminal and at most
 * ten times a second; elsewhere (pipes, CI, --json) it stays silent.
 */

export interface ProgressBar {
  update(done: number, total: number | undefined, detail?: string): void;
  finish(message?: string): void;
}

const WIDTH = 28;

export function createProgressBar(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  label: string,
  enabled = true,
): ProgressBar {
  if (!enabled || stream.isTTY !== true) return { update: () => {}, finish: () => {} };
  let lastDraw = 0;
  let drawn = false;
  return {
    update(done, total, detail = "") {
      const now = Date.now();
      if (now - lastDraw < 100) return;
      lastDraw = now;
      drawn = true;
      const ratio = total !== undefined && total > 0 ? Math.min(1, done / total) : undefined;
      const bar =
        ratio === undefined
          ? "…"
          : `[${"█".repeat(Math.round(ratio * WIDTH)).padEnd(WIDTH, "░")}] ${(ratio * 100).toFixed(0).padStart(3)}%`;
      stream.write(`\r\x1b[2K${label} ${bar} ${detail}`);
    },
    finish(message) {
      if (drawn) stream.write("\r\x1b[2K");
      if (message !== undefined) stream.write(`${message}\n`);
    },
  };
}
