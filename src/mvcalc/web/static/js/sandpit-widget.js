// The Sandpit as a notebook widget (anywidget): the pit is drawn here, every probe is answered by the kernel's
// `mvcalc.games` round (the same rules as the web page), and the pit is revealed only after the round.
import { colour, describe, fmt, svgEl } from "/static/js/sandpit-draw.js";

function render({ model, el }) {
  const size = model.get("size");
  const sy = (y) => size - y;
  const box = document.createElement("div");
  box.style.maxWidth = "420px";
  box.style.fontFamily = "system-ui, sans-serif";
  el.appendChild(box);
  const svg = svgEl("svg", { viewBox: `-0.2 -0.2 ${size + 0.4} ${size + 0.4}`, role: "application", tabindex: "0",
    "aria-label": "The sand pit: click to probe; arrow keys move the cursor and Enter probes" }, box);
  svg.style.width = "100%";
  svg.style.aspectRatio = "1";
  svg.style.cursor = "crosshair";
  const defs = svgEl("defs", {}, svg);
  const head = svgEl("marker", { id: "mvcalc-sandpit-head", viewBox: "0 0 10 10", refX: 8, refY: 5,
    markerWidth: 4, markerHeight: 4, orient: "auto" }, defs);
  svgEl("path", { d: "M0,0 L10,5 L0,10 z", fill: "#b91c1c" }, head);
  svgEl("rect", { x: 0, y: 0, width: size, height: size, fill: "#f3e3b5", stroke: "#8a6d2b", "stroke-width": 0.03 }, svg);
  const contour = svgEl("g", {}, svg);
  const marks = svgEl("g", {}, svg);
  const cursor = svgEl("circle", { r: 0.08, cx: 3, cy: 3, fill: "none", stroke: "#1f5fbf", "stroke-width": 0.03 }, svg);
  const status = document.createElement("p");
  status.setAttribute("role", "status");
  box.appendChild(status);
  const again = document.createElement("button");
  again.type = "button";
  again.textContent = "New round";
  again.addEventListener("click", () => model.send({ action: "new" }));
  box.appendChild(again);
  const list = document.createElement("ol");
  list.setAttribute("aria-label", "Probes so far");
  box.appendChild(list);
  const point = { x: 3, y: 3 };

  function draw() {
    const probes = model.get("probes");
    marks.replaceChildren();
    contour.replaceChildren();
    list.replaceChildren();
    const revealed = model.get("revealed");
    if (revealed && revealed.contour) {
      const { x, y, depth } = revealed.contour;
      const dx = x[1] - x[0];
      for (let j = 0; j < y.length; j++) {
        for (let i = 0; i < x.length; i++) {
          svgEl("rect", { x: x[i] - dx / 2, y: sy(y[j]) - dx / 2, width: dx, height: dx, fill: colour(depth[j][i]) }, contour);
        }
      }
      svgEl("circle", { cx: revealed.phone.x, cy: sy(revealed.phone.y), r: 0.1, fill: "#b91c1c", stroke: "#fff",
        "stroke-width": 0.03 }, marks);
    }
    probes.forEach((p, index) => {
      svgEl("circle", { cx: p.x, cy: sy(p.y), r: 0.06, fill: "#1c2430" }, marks);
      if (p.arrow) {
        svgEl("line", { x1: p.x, y1: sy(p.y), x2: p.x + p.arrow[0], y2: sy(p.y + p.arrow[1]), stroke: "#b91c1c",
          "stroke-width": 0.035, "marker-end": "url(#mvcalc-sandpit-head)" }, marks);
      }
      if (index >= probes.length - 3) { // label only the last three probes; the list below has them all
        const label = svgEl("text", { x: p.x + 0.08, y: sy(p.y) - 0.08, "font-size": 0.22, fill: "#1c2430" }, marks);
        label.textContent = `${p.number}: ${fmt(p.depth)}`;
      }
      const item = document.createElement("li");
      item.textContent = describe(p);
      list.appendChild(item);
    });
    const over = model.get("status") !== "playing";
    status.textContent = model.get("message") || (over ? "" : "Click the pit to probe its depth.");
    again.hidden = !over;
  }

  function probe(x, y) {
    if (model.get("status") === "playing") model.send({ action: "probe", x, y });
  }

  function moveCursor(x, y) {
    point.x = Math.min(size, Math.max(0, x));
    point.y = Math.min(size, Math.max(0, y));
    cursor.setAttribute("cx", point.x);
    cursor.setAttribute("cy", sy(point.y));
  }

  svg.addEventListener("pointerup", (event) => {
    const rect = svg.getBoundingClientRect();
    const view = svg.viewBox.baseVal;
    const x = view.x + ((event.clientX - rect.left) / rect.width) * view.width;
    const y = size - (view.y + ((event.clientY - rect.top) / rect.height) * view.height);
    moveCursor(x, y);
    probe(point.x, point.y);
  });
  svg.addEventListener("keydown", (event) => {
    const step = event.shiftKey ? 0.5 : 0.1;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (moves[event.key]) {
      event.preventDefault();
      moveCursor(point.x + moves[event.key][0], point.y + moves[event.key][1]);
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      probe(point.x, point.y);
    }
  });
  for (const name of ["probes", "status", "message", "revealed"]) model.on(`change:${name}`, draw);
  draw();
}

export default { render };
