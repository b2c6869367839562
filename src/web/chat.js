// The chat: sends a message, streams the answer (Server-Sent Events over fetch), shows each
// tool call as a chip with its arguments, summary or error, and renders the artifacts.
import { ApiError, getJson, readEvents, request } from "./api.js";
import { renderArtifact } from "./artifacts.js";
import { el, formatNumber } from "./dom.js";

const CONVERSATION_STORAGE = "bullseye.conversationId";

const KEY_HELP =
  "This server needs an API key. Paste yours in the “API key” box and save it. " +
  "No key yet? An admin creates one with: npx bullseye keys create --role viewer";

/** The message to show for a failed request. */
export function describeError(error) {
  if (error instanceof ApiError) {
    if (error.needsKey) return error.code === "invalid_api_key" ? `The saved API key was refused: ${error.message}` : KEY_HELP;
    if (error.status === 429) return `${error.message}`;
    return error.message;
  }
  if (error?.name === "AbortError") return "Stopped.";
  return `Could not reach the server (${error?.message ?? error}). Check that Bullseye is running.`;
}

function storedConversationId() {
  try {
    return localStorage.getItem(CONVERSATION_STORAGE) ?? undefined;
  } catch {
    return undefined;
  }
}

function storeConversationId(id) {
  try {
    if (id) localStorage.setItem(CONVERSATION_STORAGE, id);
    else localStorage.removeItem(CONVERSATION_STORAGE);
  } catch {
    // Storage may be unavailable; the conversation then lasts for this page only.
  }
}

/** One tool call chip: a <details> whose summary shows the tool and its state. */
class ToolChip {
  constructor(name, args) {
    this.state = el("span", { className: "chip-state", text: "running…" });
    this.body = el("div", { className: "chip-body" }, el("h4", { text: "Arguments" }), el("pre", { text: JSON.stringify(args ?? {}, null, 2) }));
    this.node = el(
      "details",
      { className: "tool-chip", dataset: { tool: name, state: "running" } },
      el("summary", {}, el("span", { className: "chip-icon", attrs: { "aria-hidden": "true" } }), el("code", { text: name }), " ", this.state),
      this.body,
    );
  }

  succeeded(summary, timingMs) {
    this.node.dataset.state = "ok";
    this.state.textContent = timingMs === undefined ? "done" : `done in ${formatNumber(timingMs)} ms`;
    this.body.append(el("h4", { text: "Result" }), el("p", { className: "chip-summary", text: summary }));
  }

  failed(error) {
    this.node.dataset.state = "error";
    this.state.textContent = "failed";
    this.body.append(el("h4", { text: "Error" }), el("p", { className: "chip-error", text: `${error?.message ?? "The tool failed."}${error?.code ? ` (${error.code})` : ""}` }));
  }
}

/** One assistant turn in the transcript. */
class AssistantTurn {
  constructor(transcript) {
    this.answer = el("div", { className: "answer", attrs: { "aria-live": "polite", "aria-busy": "true" } });
    this.tools = el("div", { className: "tool-chips" });
    this.artifacts = el("div", { className: "artifacts" });
    this.notice = el("p", { className: "notice", attrs: { role: "alert", hidden: true } });
    this.chips = new Map();
    this.node = el("article", { className: "message assistant" }, el("h3", { className: "visually-hidden", text: "Bullseye" }), this.tools, this.answer, this.artifacts, this.notice);
    transcript.append(this.node);
  }

  text(delta) {
    this.answer.textContent += delta;
  }

  toolCall(id, name, args) {
    const chip = new ToolChip(name, args);
    this.chips.set(id, chip);
    this.tools.append(chip.node);
  }

  toolResult(id, name, summary, output, timingMs) {
    this.chipFor(id, name).succeeded(summary, timingMs);
    if (output !== undefined) this.artifacts.append(renderArtifact(name, output));
  }

  toolError(id, name, error) {
    this.chipFor(id, name).failed(error);
  }

  chipFor(id, name) {
    let chip = this.chips.get(id);
    if (chip === undefined) {
      this.toolCall(id, name, undefined);
      chip = this.chips.get(id);
    }
    return chip;
  }

  finish(answer) {
    // Agents that do not stream text still send the whole answer in `done`.
    if (this.answer.textContent === "" && answer) this.answer.textContent = answer;
    this.answer.setAttribute("aria-busy", "false");
    for (const chip of this.chips.values()) {
      if (chip.node.dataset.state === "running") chip.failed({ message: "No result: the turn ended first." });
    }
  }

  fail(message, { needsKey = false } = {}) {
    this.notice.hidden = false;
    this.notice.textContent = message;
    if (needsKey) this.notice.dataset.kind = "needs-key";
    this.finish("");
  }
}

/** Wires the chat form, transcript and buttons. `onNeedsKey` is called when the server asks for a key. */
export function startChat({ form, input, sendButton, stopButton, newChatButton, transcript, status, onNeedsKey }) {
  let conversationId = storedConversationId();
  let running;

  const setStatus = (text) => {
    status.textContent = text;
  };

  const setRunning = (controller) => {
    running = controller;
    sendButton.disabled = controller !== undefined;
    stopButton.hidden = controller === undefined;
    form.setAttribute("aria-busy", controller === undefined ? "false" : "true");
  };

  const addUserMessage = (text) => {
    const node = el("article", { className: "message user" }, el("h3", { className: "visually-hidden", text: "You" }), el("p", { text }));
    transcript.append(node);
    return node;
  };

  async function send(message) {
    addUserMessage(message).scrollIntoView({ block: "start", behavior: "smooth" });
    const turn = new AssistantTurn(transcript);
    const controller = new AbortController();
    setRunning(controller);
    setStatus("Bullseye is working…");
    try {
      const response = await request("/api/chat", {
        method: "POST",
        accept: "text/event-stream",
        body: conversationId ? { conversationId, message } : { message },
        signal: controller.signal,
      });
      let finished = false;
      for await (const { event, data } of readEvents(response)) {
        if (event === "text-delta") turn.text(data.text);
        else if (event === "tool-call") turn.toolCall(data.id, data.name, data.args);
        else if (event === "tool-result") turn.toolResult(data.id, data.name, data.summary, data.output, data.timingMs);
        else if (event === "tool-error") turn.toolError(data.id, data.name, data.error);
        else if (event === "done") {
          conversationId = data.conversationId;
          storeConversationId(conversationId);
          turn.finish(data.answer);
          if (data.stepLimitReached) turn.fail("The assistant stopped at its step limit; ask a narrower question to continue.");
          finished = true;
        } else if (event === "error") {
          turn.fail(data.error?.message ?? "The answer failed.");
          finished = true;
        }
      }
      if (!finished) turn.fail("The answer was cut off; please ask again.");
      setStatus("");
    } catch (error) {
      const needsKey = error instanceof ApiError && error.needsKey;
      if (error instanceof ApiError && error.status === 404) {
        // The conversation is gone (another server, or the store was reset): start afresh.
        conversationId = undefined;
        storeConversationId(undefined);
      }
      turn.fail(describeError(error), { needsKey });
      setStatus("");
      if (needsKey) onNeedsKey?.();
    } finally {
      setRunning(undefined);
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const message = input.value.trim();
    if (message === "" || running) return;
    input.value = "";
    void send(message);
  });
  input.addEventListener("keydown", (event) => {
    // Enter sends, Shift+Enter starts a new line.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  stopButton.addEventListener("click", () => running?.abort());
  newChatButton.addEventListener("click", () => {
    running?.abort();
    conversationId = undefined;
    storeConversationId(undefined);
    transcript.replaceChildren();
    setStatus("New conversation.");
    input.focus();
  });

  /** Shows the stored conversation again after a reload. */
  async function restore() {
    if (!conversationId) return;
    try {
      const view = await getJson(`/api/conversations/${encodeURIComponent(conversationId)}`);
      let turn;
      const shown = new Set();
      for (const message of view.messages) {
        if (message.role === "user") {
          turn?.finish("");
          turn = undefined;
          addUserMessage(message.content);
          continue;
        }
        turn ??= new AssistantTurn(transcript);
        for (const call of message.toolCalls ?? []) {
          if (!turn.chips.has(call.id)) turn.toolCall(call.id, call.name, call.args);
          const chip = turn.chips.get(call.id);
          if (chip.node.dataset.state === "running") {
            if (call.ok) chip.succeeded(call.summary, call.timingMs);
            else chip.failed(call.error ?? { message: call.summary });
          }
          // Tool messages carry the full output: show its tables and charts again, once.
          if (call.output !== undefined && !shown.has(call.id)) {
            shown.add(call.id);
            turn.artifacts.append(renderArtifact(call.name, call.output));
          }
        }
        if (message.role === "assistant" && message.content) {
          turn.text(turn.answer.textContent === "" ? message.content : `\n\n${message.content}`);
        }
      }
      turn?.finish("");
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        conversationId = undefined;
        storeConversationId(undefined);
        return;
      }
      if (error instanceof ApiError && error.needsKey) onNeedsKey?.();
      setStatus(`Could not load the previous conversation: ${describeError(error)}`);
    }
  }

  return { restore };
}
