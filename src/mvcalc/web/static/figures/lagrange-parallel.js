// Lagrange multipliers: a point moves along g = 0; ∇f and ∇g (server values) line up at the solutions (server's Lagrange).
import { board, controls, fmt, polyline, slider } from "/static/js/figure-controls.js";

export function draw(element, data, tools) {
  const b = board(tools.JXG, element, data.bbox, { keepAspectRatio: true });
  data.contours.forEach((lines) => lines.forEach(([xs, ys]) => polyline(b, xs, ys, { strokeColor: "#94a3b8", strokeWidth: 1 })));
  polyline(b, data.curve[0], data.curve[1], { strokeColor: "#15803d", strokeWidth: 3 });
  data.solutions.forEach((s) => b.create("point", [s.x, s.y], { name: s.kind, size: 3, fixed: true, color: "#7c3aed", showInfobox: false }));
  const { box, out } = controls(element);
  const scale = (data.bbox[2] - data.bbox[0]) / 8;
  let drawn = [];
  function update(k) {
    drawn.forEach((o) => b.removeObject(o));
    const x = data.points[0][k];
    const y = data.points[1][k];
    const arrow = (g, colour) => {
      const n = Math.hypot(g[0], g[1]) || 1;
      return b.create("arrow", [[x, y], [x + (g[0] / n) * scale, y + (g[1] / n) * scale]], { strokeColor: colour, strokeWidth: 2, fixed: true });
    };
    const gf = [data.grad_f[0][k], data.grad_f[1][k]];
    const gg = [data.grad_g[0][k], data.grad_g[1][k]];
    drawn = [b.create("point", [x, y], { name: "", fixed: true, color: "#c2410c", showInfobox: false }), arrow(gf, "#b91c1c"), arrow(gg, "#15803d")];
    const sine = data.cross[k] / ((Math.hypot(...gf) * Math.hypot(...gg)) || 1);
    out.textContent = `At (${fmt(x, 3)}, ${fmt(y, 3)}) on g = 0: f = ${fmt(data.f[k], 4)}, ∇f = [${fmt(gf[0], 3)}, ${fmt(gf[1], 3)}] (red), ∇g = [${fmt(gg[0], 3)}, ${fmt(gg[1], 3)}] (green); sin of the angle between them ${fmt(sine, 3)} (0 when parallel: a solution).`;
    element.dataset.index = k;
  }
  slider(box, "position on g = 0", data.points[0].length - 1, 0, update);
  update(0);
}
