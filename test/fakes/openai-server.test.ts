import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeOpenAiServer, reply } from "./openai-server.ts";

let server: FakeOpenAiServer;

beforeEach(async () => {
  server = await FakeOpenAiServer.start();
});

afterEach(async () => {
  await server.close();
});

function post(path: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(`${server.baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
    ...(signal === undefined ? {} : { signal }),
  });
}

/** The JSON payloads of an SSE body, `[DONE]` kept as a string. */
function events(text: string): unknown[] {
  return text
    .split("\n\n")
    .filter((block) => block.startsWith("data: "))
    .map((block) => block.slice("data: ".length))
    .map((data) => (data === "[DONE]" ? data : JSON.parse(data)));
}

describe("FakeOpenAiServer", () => {
  it("answers a scripted text reply as a chat.completion and records the request without the key", async () => {
    server.script(reply.text(["Hel", "lo"]));
    const response = await post("/chat/completions", { model: "m", messages: [{ role: "user", content: "Hi" }] }, { authorization: "Bearer sk-secret" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      object: "chat.completion",
      model: "m",
      choices: [{ message: { role: "assistant", content: "Hello" }, finish_reason: "stop" }],
    });
    const [recorded] = server.requests;
    expect(recorded).toMatchObject({ method: "POST", path: "/v1/chat/completions", hasAuthorization: true });
    expect(recorded?.headers.authorization).toBe("[present]");
    expect(JSON.stringify(server.requests)).not.toContain("sk-secret");
    expect(server.chatRequests[0]?.messages).toEqual([{ role: "user", content: "Hi" }]);
  });

  it("sends tool calls with ids, names and JSON (or verbatim malformed) arguments", async () => {
    server.script(reply.toolCalls({ id: "call_1", name: "find", arguments: { q: "mug" } }, { id: "call_2", name: "find", arguments: '{"q": ' }));
    const body = (await (await post("/chat/completions", { model: "m", messages: [] })).json()) as {
      choices: Array<{ message: { tool_calls: Array<{ id: string; function: { name: string; arguments: string } }> }; finish_reason: string }>;
    };
    expect(body.choices[0]?.finish_reason).toBe("tool_calls");
    expect(body.choices[0]?.message.tool_calls.map((call) => [call.id, call.function.name, call.function.arguments])).toEqual([
      ["call_1", "find", '{"q":"mug"}'],
      ["call_2", "find", '{"q": '],
    ]);
  });

  it("streams SSE chunks with text deltas, tool-call deltas, usage when asked, and [DONE]", async () => {
    server.script(reply.text(["A", "B"]), reply.toolCalls({ id: "call_1", name: "find", arguments: { q: "mug" } }));
    const text = await (await post("/chat/completions", { stream: true, stream_options: { include_usage: true } })).text();
    const textEvents = events(text);
    expect(textEvents.at(-1)).toBe("[DONE]");
    const contents = textEvents.flatMap((event) =>
      typeof event === "string" ? [] : (event as { choices: Array<{ delta: { content?: string } }> }).choices.map((choice) => choice.delta.content),
    );
    expect(contents.filter((content) => content !== undefined && content !== "")).toEqual(["A", "B"]);
    expect(textEvents.at(-2)).toMatchObject({ choices: [], usage: { total_tokens: 15 } });

    const toolEvents = events(await (await post("/chat/completions", { stream: true })).text()) as Array<
      { choices: Array<{ delta: { tool_calls?: Array<{ id?: string; function: { name?: string; arguments: string } }> }; finish_reason: string | null }> } | string
    >;
    const deltas = toolEvents.flatMap((event) => (typeof event === "string" ? [] : (event.choices[0]?.delta.tool_calls ?? [])));
    expect(deltas[0]).toMatchObject({ id: "call_1", function: { name: "find", arguments: "" } });
    expect(deltas.map((delta) => delta.function.arguments).join("")).toBe('{"q":"mug"}');
    const last = toolEvents.at(-2);
    expect(typeof last === "string" ? undefined : last?.choices[0]?.finish_reason).toBe("tool_calls");
  });

  it("answers scripted HTTP errors with OpenAI-shaped bodies and headers", async () => {
    server.script(reply.rateLimited(2), reply.error(500, "boom"));
    const limited = await post("/chat/completions", {});
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(await limited.json()).toMatchObject({ error: { message: expect.any(String) } });
    const failed = await post("/chat/completions", {});
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ error: { message: "boom", type: "server_error", code: null, param: null } });
  });

  it("never answers a hang", async () => {
    server.script(reply.hang());
    await expect(post("/chat/completions", {}, {}, AbortSignal.timeout(100))).rejects.toThrow();
  });

  it("says so when the script runs out, refuses unknown paths and answers embeddings without using the script", async () => {
    server.script(reply.text("only one"));
    const embeddings = (await (await post("/embeddings", { model: "e", input: ["ab", "abc"] })).json()) as { data: Array<{ embedding: number[] }> };
    expect(embeddings.data.map((item) => item.embedding)).toEqual([
      [2, 1, 0],
      [3, 1, 0],
    ]);
    expect(server.pending).toBe(1);
    expect((await post("/responses", {})).status).toBe(404);
    await post("/chat/completions", {});
    const extra = await post("/chat/completions", {});
    expect(extra.status).toBe(500);
    expect(await extra.json()).toMatchObject({ error: { message: "fake server: no scripted reply left for chat request 2" } });
  });
});
