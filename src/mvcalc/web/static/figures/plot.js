// The default figure: a static plot of {bbox, curves, points, segments, arrows, xlabel, ylabel, title}
// computed by the server (mvcalc.course.figures), drawn with JSXGraph. Other figures export the same draw()
// and describe(): the figure in words, from the same data.
import { board, COLOUR_NAMES, curveSummary, num } from "/static/js/figure-controls.js";

const COLOURS = ["#1f5fbf", "#c2410c", "#15803d", "#7e22ce", "#b91c1c", "#0f766e"];

function pieces(xs, ys) {
  // Split a sampled curve at gaps (null where the function is undefined or huge).
  const out = [];
  let x = [];
  let y = [];
  xs.forEach((value, i) => {
    if (value === null || ys[i] === null) {
      if (x.length > 1) out.push([x, y]);
      x = [];
      y = [];
    } else {
      x.push(value);
      y.push(ys[i]);
    }
  });
  if (x.length > 1) out.push([x, y]);
  return out;
}

export function draw(element, data, tools) {
  const { JXG, renderText } = tools;
  const plot = board(JXG, element, data.bbox, {
    defaultAxes: {
      x: { name: data.xlabel || "x", withLabel: true, label: { position: "rt", offset: [-18, 14] } },
      y: { name: data.ylabel || "y", withLabel: true, label: { position: "rt", offset: [8, -6] } },
    },
  });
  const legend = document.createElement("ul");
  legend.className = "plot-legend";
  (data.curves || []).forEach((curve, i) => {
    const colour = COLOURS[(curve.color ?? i) % COLOURS.length];
    for (const [x, y] of pieces(curve.x, curve.y)) {
      plot.create("curve", [x, y], { strokeColor: colour, strokeWidth: 2, dash: curve.dash ? 2 : 0, highlight: false, fixed: true });
    }
    if (curve.label) {
      const item = document.createElement("li");
      item.style.setProperty("--swatch", colour);
      renderText(item, curve.label);
      legend.appendChild(item);
    }
  });
  for (const s of data.segments || []) {
    plot.create("segment", [s.from, s.to], { strokeColor: "#555", dash: s.dash ? 2 : 0, highlight: false, fixed: true, name: s.label || "", withLabel: Boolean(s.label) });
  }
  for (const a of data.arrows || []) {
    plot.create("arrow", [a.from, a.to], { strokeColor: "#1f5fbf", strokeWidth: 1.5, highlight: false, fixed: true });
  }
  for (const p of data.points || []) {
    plot.create("point", [p.x, p.y], { name: p.label || "", size: p.size ?? 3, fixed: true, color: "#c2410c", withLabel: Boolean(p.label), showInfobox: false });
  }
  if (data.title) {
    const title = document.createElement("p");
    title.className = "plot-title";
    renderText(title, data.title);
    element.parentElement.insertBefore(title, element);
  }
  if (legend.childElementCount) element.after(legend);
  return plot;
}

const colourOf = (curve, i) => COLOUR_NAMES[COLOURS[(curve.color ?? i) % COLOURS.length]];
const at = (p) => `(${num(p[0])}, ${num(p[1])})`;

export function describe(data) {
  const [left, top, right, bottom] = data.bbox;
  const parts = [`${data.xlabel || "x"} from ${num(left)} to ${num(right)}, ${data.ylabel || "y"} from ${num(bottom)} to ${num(top)}.`];
  (data.curves || []).forEach((curve, i) => {
    const name = curve.label ? `${curve.label}, ` : "";
    parts.push(`${curve.dash ? "Dashed" : "Solid"} ${colourOf(curve, i)} curve ${name}${curveSummary(curve.x, curve.y)}.`);
  });
  const points = (data.points || []).filter((p) => p.size === undefined || p.size > 1);
  if (points.length) {
    parts.push(`Points: ${points.map((p) => `${p.label ? `${p.label} ` : ""}${at([p.x, p.y])}`).join(", ")}.`);
  }
  const dots = (data.points || []).filter((p) => p.size !== undefined && p.size <= 1);
  if (dots.length) {
    const xs = dots.map((p) => p.x);
    const ys = dots.map((p) => p.y);
    parts.push(`A curve drawn as ${dots.length} small dots, x from ${num(Math.min(...xs))} to ${num(Math.max(...xs))}, y from ${num(Math.min(...ys))} to ${num(Math.max(...ys))}.`);
  }
  for (const s of data.segments || []) parts.push(`${s.label ? `Line “${s.label}”` : "A line"} from ${at(s.from)} to ${at(s.to)}.`);
  if ((data.arrows || []).length) parts.push(`A field of ${data.arrows.length} arrows on a grid (the longest scaled to fit).`);
  return parts.join(" ");
}
