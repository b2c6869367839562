/**
 * Streaming JSON records: a top-level array of objects (`[{…}, {…}]`) or JSON Lines
 * (one object per line). Only one record's text is held at a time, so a file of any
 * size is read in bounded memory; each record is parsed with `JSON.parse`.
 */
import { malformedFile } from "./errors.ts";

/** One JSON record and the line its text starts on. */
export interface JsonRecord {
  line: number;
  value: unknown;
}

/** A single record larger than this is refused (bounds memory on a broken file). */
const maxRecordChars = 10_000_000;

const BOM = 0xfeff;
const NEWLINE = 10;
const QUOTE = 34;
const BACKSLASH = 92;

function isWhitespace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

function parseRecord(text: string, line: number, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw malformedFile(file, `invalid JSON in the record starting on this line (${reason})`, { line }, error);
  }
}

type Phase = "start" | "beforeFirst" | "beforeElement" | "inElement" | "afterElement" | "end";

/**
 * Scans a JSON array element by element, yielding the records of each chunk as a batch.
 * Chunks must end on character boundaries (as `OpenedSource.chunks` do). Tracks only what is needed to find where an
 * element ends (nesting depth and whether we are inside a string); `JSON.parse`
 * does the real validation of each element.
 */
export async function* readJsonArray(chunks: AsyncIterable<Buffer>, file: string): AsyncGenerator<JsonRecord[]> {
  let phase = "start" as Phase;
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let scalar = false;
  let elementLine = 1;
  let pieces: string[] = [];
  let pieceChars = 0;
  let first = true;

  for await (const chunk of chunks) {
    let text = chunk.toString("utf8");
    if (first && text.charCodeAt(0) === BOM) text = text.slice(1);
    first = false;
    const ready: JsonRecord[] = [];
    let start = 0;
    const finish = (end: number): void => {
      pieces.push(text.slice(start, end));
      ready.push({ line: elementLine, value: parseRecord(pieces.join(""), elementLine, file) });
      pieces = [];
      pieceChars = 0;
    };

    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code === NEWLINE) line++;
      if (phase === "inElement") {
        if (scalar) {
          if (code !== 44 && code !== 93 && !isWhitespace(code)) continue;
          finish(index);
          phase = "afterElement";
          // The character that ended the scalar is handled as after an element, below.
        } else if (inString) {
          if (escaped) escaped = false;
          else if (code === BACKSLASH) escaped = true;
          else if (code === QUOTE) {
            inString = false;
            if (depth === 0) {
              finish(index + 1);
              phase = "afterElement";
            }
          }
          continue;
        } else {
          if (code === QUOTE) inString = true;
          else if (code === 123 || code === 91) depth++;
          else if (code === 125 || code === 93) {
            depth--;
            if (depth === 0) {
              finish(index + 1);
              phase = "afterElement";
            }
          }
          continue;
        }
      }
      if (isWhitespace(code)) continue;
      const character = text[index];
      switch (phase) {
        case "start":
          if (character !== "[") {
            const hint = character === "{" ? "; for one object per line, name the file .jsonl" : "";
            throw malformedFile(file, `expected a JSON array of objects ([{…}, {…}]), found "${character}"${hint}`, { line });
          }
          phase = "beforeFirst";
          break;
        case "beforeFirst":
        case "beforeElement":
          if (character === "]") {
            if (phase === "beforeElement") throw malformedFile(file, "a comma is followed by ] (trailing comma)", { line });
            phase = "end";
            break;
          }
          phase = "inElement";
          elementLine = line;
          start = index;
          depth = 0;
          inString = character === '"';
          scalar = character !== "{" && character !== "[" && character !== '"';
          if (!scalar && !inString) depth = 1;
          break;
        case "afterElement":
          if (character === ",") phase = "beforeElement";
          else if (character === "]") phase = "end";
          else throw malformedFile(file, `expected "," or "]" between records, found "${character}"`, { line });
          break;
        case "end":
          throw malformedFile(file, `unexpected "${character}" after the closing ] of the array`, { line });
      }
    }
    if (phase === "inElement") {
      const rest = text.slice(start);
      pieces.push(rest);
      pieceChars += rest.length;
      if (pieceChars > maxRecordChars) {
        throw malformedFile(file, `a record is longer than ${maxRecordChars.toLocaleString("en-US")} characters`, { line: elementLine });
      }
    }
    if (ready.length > 0) yield ready;
  }

  if (phase === "inElement" && scalar) {
    // A scalar at the very end of the input is not followed by "]": the array is unclosed.
    throw malformedFile(file, "the JSON array is not closed (missing ])", { line });
  }
  if (phase === "start") throw malformedFile(file, "the file is empty; expected a JSON array of objects", { line });
  if (phase !== "end") {
    const what = phase === "inElement" ? "a record is cut off" : "the JSON array is not closed (missing ])";
    throw malformedFile(file, what, { line: phase === "inElement" ? elementLine : line });
  }
}

/** Reads JSON Lines (one JSON value per line; blank lines skipped), in batches; chunks end on character boundaries. */
export async function* readJsonLines(chunks: AsyncIterable<Buffer>, file: string): AsyncGenerator<JsonRecord[]> {
  let line = 1;
  let partial = "";
  let first = true;
  for await (const chunk of chunks) {
    let text = chunk.toString("utf8");
    if (first && text.charCodeAt(0) === BOM) text = text.slice(1);
    first = false;
    const ready: JsonRecord[] = [];
    let start = 0;
    for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
      const content = (partial + text.slice(start, end)).trim();
      partial = "";
      if (content !== "") ready.push({ line, value: parseRecord(content, line, file) });
      line++;
      start = end + 1;
    }
    partial += text.slice(start);
    if (partial.length > maxRecordChars) {
      throw malformedFile(file, `a line is longer than ${maxRecordChars.toLocaleString("en-US")} characters`, { line });
    }
    if (ready.length > 0) yield ready;
  }
  const content = partial.trim();
  if (content !== "") yield [{ line, value: parseRecord(content, line, file) }];
}
