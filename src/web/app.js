// Status page: shows what is in the store and which tools are installed.
const labels = { customers: "Customers", products: "Products", orders: "Orders", orderItems: "Order lines", reviews: "Reviews" };
const numberFormat = new Intl.NumberFormat();

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

async function getJson(path) {
  const response = await fetch(path, { headers: { accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body?.error?.message ?? `${path} answered ${response.status}`);
  return body;
}

async function showHealth() {
  const status = document.getElementById("status");
  const counts = document.getElementById("counts");
  try {
    const health = await getJson("/health");
    const total = Object.values(health.data).reduce((sum, value) => sum + value, 0);
    status.textContent = total === 0
      ? `Bullseye ${health.version} is running on an empty store. Import data or run "npx bullseye demo".`
      : `Bullseye ${health.version} is running.`;
    for (const [key, label] of Object.entries(labels)) {
      const item = element("div");
      item.append(element("dt", label), element("dd", numberFormat.format(health.data[key] ?? 0)));
      item.dataset.count = key;
      counts.append(item);
    }
  } catch (error) {
    status.textContent = `Could not reach the server: ${error.message}`;
    status.className = "error";
  }
}

async function showTools() {
  const list = document.getElementById("tools");
  try {
    const { tools } = await getJson("/api/tools");
    if (tools.length === 0) list.append(element("li", "No tools are installed yet."));
    for (const tool of tools) {
      const item = element("li");
      item.append(element("code", tool.name), document.createTextNode(` — ${tool.description.split(". ")[0]}.`));
      list.append(item);
    }
  } catch (error) {
    list.append(element("li", `Could not list tools: ${error.message}`, "error"));
  }
}

await Promise.all([showHealth(), showTools()]);
