// Small DOM helpers. Text only ever goes in through textContent or attributes, never as
// markup, so data from the store or the model cannot inject HTML.

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * Creates an element. `props`: className, text, attrs (set with setAttribute), dataset, on (event listeners).
 * Children may be nodes, strings (added as text) or null/undefined (skipped).
 */
export function el(tag, props = {}, ...children) {
  return build(document.createElement(tag), props, children);
}

/** Creates an SVG element; the same props as `el`. */
export function svg(tag, props = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), props, children);
}

function build(node, props, children) {
  if (props.className) node.setAttribute("class", props.className);
  if (props.text !== undefined) node.textContent = String(props.text);
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const [name, value] of Object.entries(props.dataset ?? {})) node.dataset[name] = String(value);
  for (const [name, listener] of Object.entries(props.on ?? {})) node.addEventListener(name, listener);
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

const numberFormat = new Intl.NumberFormat();
const decimalFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const percentFormat = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1 });

/** A whole number with grouping, e.g. 1,234. */
export const formatCount = (value) => (typeof value === "number" ? numberFormat.format(value) : "–");
/** A number with at most two decimals. */
export const formatNumber = (value) => (typeof value === "number" ? decimalFormat.format(value) : "–");
/** A 0–1 share as a percentage. */
export const formatShare = (value) => (typeof value === "number" ? percentFormat.format(value) : "–");

/**
 * A table with a caption. `columns`: [{ label, value(row) → string|number|Node, numeric? }].
 */
export function table(caption, columns, rows, className = "data-table") {
  const head = el("tr", {}, columns.map((column) => el("th", { text: column.label, attrs: { scope: "col" }, className: column.numeric ? "numeric" : undefined })));
  const body = rows.map((row) =>
    el(
      "tr",
      {},
      columns.map((column) => {
        const value = column.value(row);
        const cell = el("td", { className: column.numeric ? "numeric" : undefined });
        if (value instanceof Node) cell.append(value);
        else cell.textContent = value === null || value === undefined ? "–" : String(value);
        return cell;
      }),
    ),
  );
  return el("div", { className: "table-wrap" }, el("table", { className }, el("caption", { text: caption }), el("thead", {}, head), el("tbody", {}, body)));
}
