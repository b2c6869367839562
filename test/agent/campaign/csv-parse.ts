/**
 * A strict RFC 4180 reader for tests: CRLF records, quoted fields with doubled quotes.
 * Throws on anything RFC 4180 does not allow (a bare LF, a quote inside an unquoted field).
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let index = 0;
  let quoted = false;
  let fieldStarted = false;
  while (index < text.length) {
    const character = text[index]!;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index += 2;
      } else if (character === '"') {
        quoted = false;
        index += 1;
        if (index < text.length && text[index] !== "," && text[index] !== "\r") throw new Error(`character after closing quote at ${index}`);
      } else {
        field += character;
        index += 1;
      }
      continue;
    }
    if (character === '"') {
      if (fieldStarted) throw new Error(`quote inside an unquoted field at ${index}`);
      quoted = true;
      fieldStarted = true;
      index += 1;
    } else if (character === ",") {
      row.push(field);
      field = "";
      fieldStarted = false;
      index += 1;
    } else if (character === "\r") {
      if (text[index + 1] !== "\n") throw new Error(`CR without LF at ${index}`);
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      fieldStarted = false;
      index += 2;
    } else if (character === "\n") {
      throw new Error(`bare LF at ${index}`);
    } else {
      field += character;
      fieldStarted = true;
      index += 1;
    }
  }
  if (quoted) throw new Error("unterminated quoted field");
  if (fieldStarted || row.length > 0) throw new Error("last record does not end with CRLF");
  return rows;
}
