// A 1-2-1 network: sliders send the weights to the server, which returns the autodiff graph with values and
// gradients (the backprop flow); the page lays the graph out and labels it, computing nothing itself.
import { controls } from "/static/js/figure-controls.js";

const NS = "http://www.w3.org/2000/svg";
const SLIDERS = [["w1", 0, "W1[0]"], ["w1", 1, "W1[1]"], ["b1", 0, "b1[0]"], ["b1", 1, "b1[1]"],
  ["w2", 0, "W2[0]"], ["w2", 1, "W2[1]"], ["b2", null, "b2"]];

function short(v) {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return v.toFixed(3);
  if (Array.isArray(v)) return `[${v.flat().map((x) => x.toFixed(2)).join(", ")}]`;
  return `mean ${v.mean.toFixed(2)}`;
}

function el(name, attrs, parent) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  parent.appendChild(node);
  return node;
}

function drawGraph(svg, graph) {
  svg.replaceChildren();
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const depth = new Map();
  const deep = (n) => {
    if (!depth.has(n.id)) depth.set(n.id, n.parents.length ? 1 + Math.max(...n.parents.map((p) => deep(byId.get(p)))) : 0);
    return depth.get(n.id);
  };
  graph.nodes.forEach(deep);
  const columns = [];
  graph.nodes.forEach((n) => { (columns[depth.get(n.id)] ||= []).push(n); });
  const where = new Map();
  columns.forEach((col, c) => col.forEach((n, r) => where.set(n.id, [60 + c * 120, 40 + r * 70])));
  const width = 120 * columns.length;
  const height = 70 * Math.max(...columns.map((c) => c.length)) + 20;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  for (const n of graph.nodes) {
    for (const p of n.parents) {
      const [x1, y1] = where.get(p);
      const [x2, y2] = where.get(n.id);
      el("line", { x1, y1, x2, y2, stroke: "#94a3b8", "stroke-width": 1.5 }, svg);
    }
  }
  for (const n of graph.nodes) {
    const [x, y] = where.get(n.id);
    const g = el("g", { class: `node op-${n.op}`, "data-name": n.name || n.op }, svg);
    el("circle", { cx: x, cy: y, r: 9, fill: n.op === "var" ? "#1f5fbf" : n.op === "constant" ? "#cbd5e1" : "#f59e0b" }, g);
    const label = el("text", { x, y: y - 14, "text-anchor": "middle", "font-size": 10 }, g);
    label.textContent = n.name || n.op;
    const value = el("text", { x, y: y + 20, "text-anchor": "middle", "font-size": 8, fill: "#1c2430" }, g);
    value.textContent = short(n.value);
    if (n.grad !== null) {
      const grad = el("text", { x, y: y + 30, "text-anchor": "middle", "font-size": 8, fill: "#b91c1c" }, g);
      grad.textContent = `∂C: ${short(n.grad)}`;
    }
  }
}

export function draw(element, data, tools) {
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("class", "network-graph");
  svg.style.width = "100%";
  svg.style.height = "100%";
  element.appendChild(svg);
  const { box, out } = controls(element);
  const params = structuredClone(data.params);
  let pending = 0;
  function show(result) {
    drawGraph(svg, result.graph);
    out.textContent = `Input a0 = ${result.params.x}, target y = ${result.params.y}: output a2 = ${result.output.toFixed(4)}, cost C = ${result.cost.toFixed(4)}. Black: values; red: ∂C/∂(node), flowing back from C.`;
    element.dataset.cost = result.cost;
  }
  for (const [key, index, label] of SLIDERS) {
    const wrap = document.createElement("label");
    const input = document.createElement("input");
    const current = index === null ? params[key] : params[key][index];
    Object.assign(input, { type: "range", min: -4, max: 4, step: 0.1, value: current });
    input.dataset.param = label;
    wrap.append(`${label} `, input);
    box.appendChild(wrap);
    input.addEventListener("input", async () => {
      if (index === null) params[key] = Number(input.value);
      else params[key][index] = Number(input.value);
      const mine = ++pending;
      const result = await tools.post(data.endpoint, params);
      if (mine !== pending) return; // a later slider move wins
      if (result.ok) show(result);
      else out.textContent = result.error;
    });
  }
  show(data);
}

export function describe(data) {
  const names = data.graph.nodes.filter((n) => n.op === "var").map((n) => n.name).filter(Boolean);
  return `The computation graph of a network with one input, two hidden neurons and one output: ${data.graph.nodes.length} nodes `
    + `in columns from the input and parameters (${names.join(", ")}) on the left to the cost C on the right. Under each node, its value in black and, in red, `
    + "the derivative of C with respect to it, flowing back from C. Seven sliders set the weights and biases.";
}
