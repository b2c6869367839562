// The Bullseye page: chat with the assistant, plus what is in the store, which tools are
// installed, and the API key this browser sends.
import { ApiError, getJson, saveApiKey, savedApiKey } from "./api.js";
import { describeError, startChat } from "./chat.js";
import { el, formatCount } from "./dom.js";

const labels = { customers: "Customers", products: "Products", orders: "Orders", orderItems: "Order lines", reviews: "Reviews" };
const byId = (id) => document.getElementById(id);

async function showHealth() {
  const status = byId("status");
  const counts = byId("counts");
  try {
    const health = await getJson("/health");
    const total = Object.values(health.data).reduce((sum, value) => sum + value, 0);
    status.textContent =
      total === 0
        ? `Bullseye ${health.version} is running on an empty store. Import data or run "npx bullseye demo".`
        : `Bullseye ${health.version} is running.`;
    counts.replaceChildren(
      ...Object.entries(labels).map(([key, label]) =>
        el("div", { dataset: { count: key } }, el("dt", { text: label }), el("dd", { text: formatCount(health.data[key] ?? 0) })),
      ),
    );
  } catch (error) {
    status.textContent = `Could not reach the server: ${error.message}`;
    status.className = "error";
  }
}

/** The first sentence of a description, ending with one full stop. */
function firstSentence(text) {
  const sentence = text.split(/(?<=[.!?])\s/)[0] ?? text;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

async function showTools() {
  const list = byId("tools");
  try {
    const { tools } = await getJson("/api/tools");
    list.replaceChildren(
      ...(tools.length === 0
        ? [el("li", { text: "No tools are installed yet." })]
        : tools.map((tool) => el("li", {}, el("code", { text: tool.name }), ` — ${firstSentence(tool.description)}`))),
    );
  } catch (error) {
    list.replaceChildren(el("li", { className: "error", text: `Could not list tools: ${describeError(error)}` }));
    if (error instanceof ApiError && error.needsKey) askForKey();
  }
}

const keyForm = byId("key-form");
const keyInput = byId("api-key");
const keyStatus = byId("key-status");

function showKeyState() {
  keyStatus.textContent = savedApiKey() ? "A key is saved in this browser." : "No key saved: fine on a local install, needed when the server has keys.";
}

/** Opens the key settings and points at the key box. */
function askForKey() {
  byId("key-settings").open = true;
  keyStatus.textContent = "Enter your API key to continue.";
  keyStatus.className = "error";
  keyInput.focus();
}

keyInput.value = savedApiKey();
keyForm.addEventListener("submit", (event) => {
  event.preventDefault();
  saveApiKey(keyInput.value.trim());
  keyStatus.className = "";
  showKeyState();
  void showTools();
});
byId("forget-key").addEventListener("click", () => {
  keyInput.value = "";
  saveApiKey("");
  keyStatus.className = "";
  showKeyState();
});
showKeyState();

const chat = startChat({
  form: byId("chat-form"),
  input: byId("message"),
  sendButton: byId("send"),
  stopButton: byId("stop"),
  newChatButton: byId("new-chat"),
  transcript: byId("transcript"),
  status: byId("chat-status"),
  onNeedsKey: askForKey,
});

await Promise.all([showHealth(), showTools(), chat.restore()]);
