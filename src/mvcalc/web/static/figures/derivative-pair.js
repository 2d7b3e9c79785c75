// A function and its derivative, linked: one slider (or dragging along x) moves the point on both (server values).
import { board, controls, curveSummary, fmt, polyline, slider } from "/static/js/figure-controls.js";

export function draw(element, data, tools) {
  const b = board(tools.JXG, element, data.bbox);
  polyline(b, data.x, data.f, { strokeColor: "#1f5fbf", strokeWidth: 2 });
  polyline(b, data.x, data.df, { strokeColor: "#c2410c", strokeWidth: 2, dash: 2 });
  const { box, out } = controls(element);
  const onF = b.create("point", [0, 0], { name: "f", fixed: true, color: "#1f5fbf", showInfobox: false });
  const onD = b.create("point", [0, 0], { name: "f′", fixed: true, color: "#c2410c", showInfobox: false });
  b.create("segment", [onF, onD], { strokeColor: "#999", dash: 2, fixed: true, highlight: false });
  let input;
  function update(k) {
    const x = data.marks[k];
    onF.setPosition(tools.JXG.COORDS_BY_USER, [x, data.f_at[k] ?? 0]);
    onD.setPosition(tools.JXG.COORDS_BY_USER, [x, data.df_at[k] ?? 0]);
    b.update();
    const trend = data.df_at[k] > 0 ? "rising" : data.df_at[k] < 0 ? "falling" : "flat";
    out.textContent = `x = ${fmt(x, 2)}: f(x) = ${fmt(data.f_at[k], 4)} (blue, ${trend}), f′(x) = ${fmt(data.df_at[k], 4)} (orange, dashed).`;
    element.dataset.index = k;
  }
  input = slider(box, "x", data.marks.length - 1, 60, update, (k) => `x = ${fmt(data.marks[k], 2)}`);
  // dragging on the board moves the shared x too
  b.on("down", (event) => {
    const [x] = b.getUsrCoordsOfMouse(event);
    const step = data.marks[1] - data.marks[0];
    const k = Math.max(0, Math.min(data.marks.length - 1, Math.round((x - data.marks[0]) / step)));
    input.value = k;
    input.setAttribute("aria-valuetext", `x = ${fmt(data.marks[k], 2)}`);
    update(k);
  });
  update(60);
}

export function describe(data) {
  return `Two curves on the same axes. Solid blue: $f(x) = ${data.latex[0]}$, ${curveSummary(data.x, data.f)}. `
    + `Dashed orange: its derivative $f'(x) = ${data.latex[1]}$, ${curveSummary(data.x, data.df)}. `
    + "The x slider moves a point along both: where f rises, f′ is above zero; where f falls, below.";
}
