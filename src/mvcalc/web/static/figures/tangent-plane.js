// Linearisation: at (x₀, y₀) the tangent plane L; the error |f − L| a step (Δx, Δy) away (all values from the server).
import { board, controls, fmt, slider } from "/static/js/figure-controls.js";

export function draw(element, data, tools) {
  const b = board(tools.JXG, element, data.bbox, { keepAspectRatio: true });
  const { box, out } = controls(element);
  const mid = Math.floor(data.offsets.length / 2);
  const state = { i: 6, j: 4, p: mid + 2, q: mid + 1 };
  let drawn = [];
  function update() {
    drawn.forEach((o) => b.removeObject(o));
    const x0 = data.x0[state.i];
    const y0 = data.y0[state.j];
    const dx = data.offsets[state.p];
    const dy = data.offsets[state.q];
    const f = data.true[state.j][state.i][state.q][state.p];
    const l = data.linear[state.j][state.i][state.q][state.p];
    drawn = [
      b.create("point", [x0, y0], { name: "(x₀, y₀)", fixed: true, color: "#c2410c", showInfobox: false }),
      b.create("point", [x0 + dx, y0 + dy], { name: "step", fixed: true, color: "#15803d", showInfobox: false }),
      b.create("arrow", [[x0, y0], [x0 + data.fx[state.j][state.i] / 4, y0 + data.fy[state.j][state.i] / 4]], { strokeColor: "#b91c1c", fixed: true }),
    ];
    out.textContent = `At (${fmt(x0, 2)}, ${fmt(y0, 2)}): f = ${fmt(data.f0[state.j][state.i], 4)}, J = [${fmt(data.fx[state.j][state.i], 3)}, ${fmt(data.fy[state.j][state.i], 3)}]. A step (${fmt(dx, 2)}, ${fmt(dy, 2)}) away: f = ${fmt(f, 4)}, the plane gives L = ${fmt(l, 4)}, error |f − L| = ${fmt(Math.abs(f - l), 4)}.`;
    element.dataset.error = Math.abs(f - l);
  }
  slider(box, "x₀", data.x0.length - 1, state.i, (v) => { state.i = v; update(); });
  slider(box, "y₀", data.y0.length - 1, state.j, (v) => { state.j = v; update(); });
  slider(box, "Δx", data.offsets.length - 1, state.p, (v) => { state.p = v; update(); });
  slider(box, "Δy", data.offsets.length - 1, state.q, (v) => { state.q = v; update(); });
  update();
}
