// The Sandpit's drawing and words, shared by the page (sandpit.js) and the notebook widget (inlined there).
const NS = "http://www.w3.org/2000/svg";

export function svgEl(name, attrs, parent) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

export const fmt = (v) => Number(v).toFixed(2);

// "1 probe", "2 probes": a count and its noun, singular for exactly one
export const counted = (n, noun, plural = `${noun}s`) => `${n} ${n === 1 ? noun : plural}`;

export function colour(depth) {
  const t = (depth + 9) / 8; // −9 (deep) … −1 (high)
  return `hsl(${40 - 20 * (1 - t)}, 70%, ${25 + 55 * t}%)`;
}

export function describe(p) {
  let text = `Probe ${p.number} at (${fmt(p.x)}, ${fmt(p.y)}): depth ${fmt(p.depth)}.`;
  if (p.arrow) {
    const len = Math.hypot(p.arrow[0], p.arrow[1]);
    const angle = Math.round((Math.atan2(p.arrow[1], p.arrow[0]) * 180) / Math.PI);
    text += len > 0 ? ` Downhill arrow of length ${fmt(len)} at ${angle}° from the x axis.` : " The ground is flat here.";
  }
  return text;
}
