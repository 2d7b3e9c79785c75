// Shared by the figures: a board that keeps the figure's accessible name and shows its whole range at any width,
// sliders that speak their values, a live readout, a text description and a "values as a table" toggle.
// No formulas: every value comes from the server.

//: the figures' stroke colours and the words a description uses for them.
export const COLOUR_NAMES = {
  "#1f5fbf": "blue", "#c2410c": "orange", "#15803d": "green", "#7e22ce": "purple", "#b91c1c": "red",
  "#0f766e": "teal", "#7c3aed": "violet", "#94a3b8": "grey", "#1e3a8a": "dark blue", "#7c2d12": "dark orange",
};

export const fmt = (v, d = 4) => (v === null || v === undefined ? "undefined" : Number(v).toFixed(d));

// Short numbers for descriptions: 3 significant figures, "−" for minus, no trailing zeros.
export function num(v) {
  if (v === null || v === undefined || !Number.isFinite(Number(v))) return "undefined";
  const n = Number(v);
  const text = Math.abs(n) >= 1e4 || (Math.abs(n) < 1e-3 && n !== 0) ? n.toExponential(2) : String(Number(n.toPrecision(3)));
  return text.replace(/^-/, "−");
}

// The box to draw so that all of `bbox` shows; with equal units (keep) the shorter side grows to the container's shape.
export function fittedBox(element, bbox, keep) {
  const w = element.clientWidth;
  const h = element.clientHeight;
  if (!keep || !(w > 0 && h > 0)) return bbox;
  const [left, top, right, bottom] = bbox;
  const unit = Math.min(w / (right - left), h / (top - bottom));
  const cx = (left + right) / 2;
  const cy = (top + bottom) / 2;
  return [cx - w / unit / 2, cy + h / unit / 2, cx + w / unit / 2, cy - h / unit / 2];
}

// JSXGraph makes its container an unnamed region (one landmark per figure): keep it a named image instead.
export function keepName(element, label) {
  element.setAttribute("role", "img");
  if (label) element.setAttribute("aria-label", label);
  element.removeAttribute("tabindex");
}

// Redraw the whole of `bbox` whenever the container changes size (a phone turned, a window narrowed).
function refitOnResize(b, element, bbox, keep) {
  if (!window.ResizeObserver) return;
  let last = `${element.clientWidth}x${element.clientHeight}`;
  new ResizeObserver(() => {
    const size = `${element.clientWidth}x${element.clientHeight}`;
    if (size === last || !element.clientWidth || !element.clientHeight) return;
    last = size;
    b.resizeContainer(element.clientWidth, element.clientHeight, true, true);
    b.setBoundingBox(fittedBox(element, bbox, keep), false);
    b.fullUpdate();
  }).observe(element);
}

export function board(JXG, element, bbox, options = {}) {
  const label = element.getAttribute("aria-label");
  const { keepAspectRatio: keep = false, ...rest } = options;
  const b = JXG.JSXGraph.initBoard(element.id, {
    boundingbox: fittedBox(element, bbox, keep), axis: true, keepAspectRatio: false, showCopyright: false,
    showNavigation: false, pan: { enabled: false }, zoom: { enabled: false }, keyboard: { enabled: false },
    resize: { enabled: false }, ...rest,
  });
  keepName(element, label);
  refitOnResize(b, element, bbox, keep);
  return b;
}

export function controls(element) {
  const box = document.createElement("div");
  box.className = "figure-controls";
  const out = document.createElement("p");
  out.className = "figure-readout";
  out.id = `${element.id}-readout`;
  out.setAttribute("aria-live", "polite");
  element.after(box, out);
  return { box, out };
}

// A range input over indices 0..max; `text(k)` (optional) is what a screen reader hears for index k.
export function slider(box, label, max, value, onInput, text) {
  const wrap = document.createElement("label");
  const input = document.createElement("input");
  Object.assign(input, { type: "range", min: 0, max, step: 1, value });
  const speak = () => { if (text) input.setAttribute("aria-valuetext", text(Number(input.value))); };
  wrap.append(`${label} `, input);
  box.appendChild(wrap);
  input.addEventListener("input", () => { speak(); onInput(Number(input.value)); });
  speak();
  return input;
}

export function polyline(board, xs, ys, attrs) {
  // split at nulls (undefined or huge values)
  let x = [];
  let y = [];
  const flush = () => {
    if (x.length > 1) board.create("curve", [x, y], { fixed: true, highlight: false, ...attrs });
    x = [];
    y = [];
  };
  xs.forEach((v, i) => {
    if (v === null || ys[i] === null) flush();
    else { x.push(v); y.push(ys[i]); }
  });
  flush();
}

// In words, what a sampled curve does on its range: constant, rising, falling or turning; its extremes; where it
// meets the x-axis. Made from the samples the figure draws, so it says what one sees.
export function curveSummary(xs, ys) {
  const pts = xs.map((x, i) => [x, ys[i]]).filter(([x, y]) => x !== null && y !== null && y !== undefined);
  if (!pts.length) return "undefined on this range";
  let lo = pts[0];
  let hi = pts[0];
  for (const p of pts) {
    if (p[1] < lo[1]) lo = p;
    if (p[1] > hi[1]) hi = p;
  }
  const from = `from x = ${num(pts[0][0])} to ${num(pts[pts.length - 1][0])}`;
  const tiny = 1e-9 * Math.max(1, Math.abs(hi[1]), Math.abs(lo[1]));
  if (hi[1] - lo[1] <= tiny) return `${from}, constant at y = ${num(lo[1])}`;
  const turns = [];
  let trend = 0;
  for (let k = 1; k < pts.length; k++) {
    const d = pts[k][1] - pts[k - 1][1];
    const sign = Math.abs(d) <= tiny ? 0 : Math.sign(d);
    if (sign && trend && sign !== trend) turns.push(pts[k - 1][0]);
    if (sign) trend = sign;
  }
  const zeros = [];
  pts.forEach(([x, y], k) => {
    if (y === 0) zeros.push(x);
    else if (k > 0 && pts[k - 1][1] * y < 0 && pts[k - 1][0] !== null) {
      const [px, py] = pts[k - 1];
      zeros.push(px + (x - px) * (py / (py - y)));
    }
  });
  let shape;
  if (!turns.length) shape = pts[pts.length - 1][1] > pts[0][1] ? "rising throughout" : "falling throughout";
  else if (turns.length <= 4) shape = `turning at x = ${turns.map(num).join(", ")}`;
  else shape = `turning ${turns.length} times`;
  let text = `${from}, ${shape}; lowest y = ${num(lo[1])} at x = ${num(lo[0])}, highest y = ${num(hi[1])} at x = ${num(hi[0])}`;
  if (zeros.length > 6) text += `; meets the x-axis ${zeros.length} times`;
  else if (zeros.length) text += `; meets the x-axis near x = ${zeros.map(num).join(", ")}`;
  return text;
}

// Evenly spaced indices 0..n-1, at most `most` of them (first and last kept).
export function every(n, most) {
  if (n <= most) return [...Array(n).keys()];
  return [...Array(most).keys()].map((k) => Math.round((k * (n - 1)) / (most - 1)));
}

let tables = 0;

// A "Show values as a table" button under the figure and the table it reveals: rows × columns of cell(i, j).
// spec: {caption, corner, rows: [labels], columns: [labels], cell(i, j)}.
export function valuesTable(after, spec) {
  const id = `figure-table-${++tables}`;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "figure-table-toggle";
  button.textContent = "Show values as a table";
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", id);
  const wrap = document.createElement("div");
  wrap.className = "table-scroll figure-table";
  wrap.id = id;
  wrap.hidden = true;
  const table = document.createElement("table");
  const caption = document.createElement("caption");
  caption.textContent = spec.caption;
  const head = document.createElement("tr");
  const corner = document.createElement("th");
  corner.scope = "col";
  corner.textContent = spec.corner;
  head.appendChild(corner);
  for (const c of spec.columns) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = c;
    head.appendChild(th);
  }
  const thead = document.createElement("thead");
  thead.appendChild(head);
  const tbody = document.createElement("tbody");
  spec.rows.forEach((r, i) => {
    const tr = document.createElement("tr");
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = r;
    tr.appendChild(th);
    spec.columns.forEach((c, j) => {
      const td = document.createElement("td");
      td.textContent = spec.cell(i, j);
      tr.appendChild(td);
    });
    tbody.appendChild(tr);
  });
  table.append(caption, thead, tbody);
  wrap.appendChild(table);
  button.addEventListener("click", () => {
    wrap.hidden = !wrap.hidden;
    button.setAttribute("aria-expanded", String(!wrap.hidden));
    button.textContent = wrap.hidden ? "Show values as a table" : "Hide the table";
    // a table wider than its box scrolls there: focusable, so a keyboard can scroll it (no import: the widgets inline this file)
    if (!wrap.hidden && wrap.scrollWidth > wrap.clientWidth + 1) wrap.tabIndex = 0;
  });
  after.after(button, wrap);
  return wrap;
}

// A grid f[j][i] over xs × ys as a table (y down the rows, x across), at most 9 × 9 of its points.
export function gridTable(after, caption, xs, ys, grid, names = ["x", "y"]) {
  const ci = every(xs.length, 9);
  const rj = every(ys.length, 9).reverse(); // y from top to bottom as on the plot
  return valuesTable(after, {
    caption,
    corner: `${names[1]} \\ ${names[0]}`,
    columns: ci.map((i) => `${names[0]} = ${num(xs[i])}`),
    rows: rj.map((j) => `${names[1]} = ${num(ys[j])}`),
    cell: (r, c) => num(grid[rj[r]][ci[c]]),
  });
}

// After a figure is drawn: it stays a named image, gets a text description made by its module's describe(data)
// (shown under it) and is described by that and by its live readout (the slider values as they change).
export function describeFigure(area, label, text, renderText) {
  keepName(area, label);
  const figure = area.closest("figure") || area.parentElement;
  const ids = [];
  if (text) {
    const p = document.createElement("p");
    p.className = "figure-description";
    p.id = `${area.id}-description`;
    renderText(p, text);
    const caption = figure.querySelector(":scope > figcaption");
    if (caption) caption.before(p);
    else figure.appendChild(p);
    ids.push(p.id);
  }
  const readout = figure.querySelector(".figure-readout");
  if (readout && readout.id) ids.push(readout.id);
  if (ids.length) area.setAttribute("aria-describedby", ids.join(" "));
}
