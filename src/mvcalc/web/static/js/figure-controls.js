// Shared by the interactive figures: a board, a slider with a live readout. No formulas: values come from the server.
export function board(JXG, element, bbox, options = {}) {
  return JXG.JSXGraph.initBoard(element.id, {
    boundingbox: bbox, axis: true, keepAspectRatio: false, showCopyright: false, showNavigation: false,
    pan: { enabled: false }, zoom: { enabled: false }, ...options,
  });
}

export function controls(element) {
  const box = document.createElement("div");
  box.className = "figure-controls";
  const out = document.createElement("p");
  out.className = "figure-readout";
  out.setAttribute("aria-live", "polite");
  element.after(box, out);
  return { box, out };
}

export function slider(box, label, max, value, onInput) {
  const wrap = document.createElement("label");
  const input = document.createElement("input");
  Object.assign(input, { type: "range", min: 0, max, step: 1, value });
  wrap.append(`${label} `, input);
  box.appendChild(wrap);
  input.addEventListener("input", () => onInput(Number(input.value)));
  return input;
}

export const fmt = (v, d = 4) => (v === null || v === undefined ? "undefined" : Number(v).toFixed(d));

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
