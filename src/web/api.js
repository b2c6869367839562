// Talking to the Bullseye API: the API key (kept in localStorage, sent as a Bearer token),
// JSON requests, errors with the server's message, and Server-Sent Events read from a
// fetch body stream (EventSource cannot POST or send headers).

const KEY_STORAGE = "bullseye.apiKey";

/** The saved API key, or "" when none is saved. */
export function savedApiKey() {
  try {
    return localStorage.getItem(KEY_STORAGE) ?? "";
  } catch {
    return "";
  }
}

/** Saves the API key (an empty value forgets it). */
export function saveApiKey(key) {
  try {
    if (key) localStorage.setItem(KEY_STORAGE, key);
    else localStorage.removeItem(KEY_STORAGE);
  } catch {
    // Private modes may refuse storage; the key then lasts for this page only.
  }
  sessionKey = key;
}

let sessionKey = savedApiKey();

/** An error answer of the API: the status and the server's code and message. */
export class ApiError extends Error {
  constructor(status, body) {
    const error = body?.error ?? {};
    super(error.message ?? `The server answered ${status}.`);
    this.name = "ApiError";
    this.status = status;
    this.code = error.code ?? "http_error";
    this.details = error.details;
  }

  /** True when the request needs a (valid) API key. */
  get needsKey() {
    return this.status === 401;
  }
}

/** fetch with the API key and JSON body; throws ApiError for error answers. */
export async function request(path, { method = "GET", body, accept = "application/json", signal } = {}) {
  const headers = { accept };
  if (sessionKey) headers.authorization = `Bearer ${sessionKey}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  if (!response.ok) {
    let parsed;
    try {
      parsed = await response.json();
    } catch {
      parsed = undefined;
    }
    throw new ApiError(response.status, parsed);
  }
  return response;
}

/** GET (or another method) and parse the JSON answer. */
export async function getJson(path, options) {
  return (await request(path, options)).json();
}

/**
 * The events of a text/event-stream response, as { event, data } with data parsed as JSON.
 * Comment lines (heartbeats) are skipped.
 */
export async function* readEvents(response) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let boundary;
      while ((boundary = buffer.search(/\r?\n\r?\n/)) !== -1) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary).replace(/^\r?\n\r?\n/, "");
        const parsed = parseBlock(block);
        if (parsed) yield parsed;
      }
    }
    const last = parseBlock(buffer);
    if (last) yield last;
  } finally {
    reader.releaseLock();
  }
}

function parseBlock(block) {
  let event = "message";
  const data = [];
  for (const line of block.split(/\r?\n/)) {
    if (line === "" || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  if (data.length === 0) return undefined;
  return { event, data: JSON.parse(data.join("\n")) };
}
