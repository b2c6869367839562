/**
 * Runs the CLI in-process with captured output and a given environment.
 */
import { PassThrough } from "node:stream";
import { type CliIo, main } from "../../src/cli/main.ts";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A stream that remembers what was written to it. */
export class Capture extends PassThrough {
  text = "";
  constructor() {
    super();
    this.on("data", (chunk: Buffer) => {
      this.text += chunk.toString("utf8");
    });
  }
}

export async function runCli(
  argv: string[],
  options: { environment: Record<string, string>; stdin?: string } & Partial<Pick<CliIo, "tools" | "untilStopped">>,
  onStarted?: (io: { stdout: Capture; stderr: Capture }) => void,
): Promise<CliRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? "");
  onStarted?.({ stdout, stderr });
  const code = await main(argv, {
    stdout,
    stderr,
    stdin,
    environment: { LOG_LEVEL: "silent", ...options.environment },
    ...(options.tools ? { tools: options.tools } : {}),
    ...(options.untilStopped ? { untilStopped: options.untilStopped } : {}),
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
