// mvcalc pages: typeset maths with KaTeX, live preview of answers (the server's parser reads them),
// hints counting, answers checked in place on lesson pages, figures drawn by their registry module.
import { describeFigure } from "/static/js/figure-controls.js";
import { fitWideMath } from "/static/js/wide-math.js";
import "/static/js/math-keys.js";

const csrf = document.querySelector('meta[name="csrf-token"]').content;

export function renderMath(root = document) {
  if (!window.katex) return;
  for (const el of root.querySelectorAll(".math:not([data-typeset])")) {
    const tex = el.textContent;
    el.dataset.typeset = "1";
    el.setAttribute("data-tex", tex);
    // htmlAndMathml: the HTML is what one sees, the MathML what a screen reader reads
    window.katex.render(tex, el, { displayMode: el.classList.contains("display"), throwOnError: false, output: "htmlAndMathml" });
  }
  fitWideMath(root);
}

// Text with $…$ pieces (figure legends) -> safe DOM, maths typeset.
export function renderText(el, text) {
  el.textContent = "";
  String(text).split(/(\$[^$]+\$)/).forEach((part) => {
    if (part.length > 2 && part.startsWith("$") && part.endsWith("$")) {
      const span = document.createElement("span");
      span.className = "math inline";
      span.textContent = part.slice(1, -1);
      el.appendChild(span);
    } else if (part) {
      el.appendChild(document.createTextNode(part));
    }
  });
  renderMath(el);
}

export async function post(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, Accept: "application/json" },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  return response.json();
}

function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

function showPreview(box, result) {
  box.textContent = "";
  box.className = "preview";
  if (!result || result.empty) return;
  if (!result.ok) {
    box.classList.add("preview-error");
    const p = document.createElement("p");
    p.textContent = (result.column ? `At character ${result.column}: ` : "") + (result.message || result.error || "");
    box.appendChild(p);
    if (result.hint) {
      const hint = document.createElement("p");
      hint.className = "note";
      hint.textContent = result.hint;
      box.appendChild(hint);
    }
    return;
  }
  const label = document.createElement("span");
  label.className = "preview-label";
  label.textContent = "Read as ";
  const maths = document.createElement("span");
  maths.className = "math inline";
  maths.textContent = result.latex;
  box.append(label, maths);
  for (const note of result.notes || []) {
    const p = document.createElement("p");
    p.className = "note";
    p.textContent = note;
    box.appendChild(p);
  }
  renderMath(box);
}

function gridText(fieldset) {
  const cells = [...fieldset.querySelectorAll("input")].map((i) => i.value.trim());
  if (cells.some((c) => !c)) return "";
  const cols = Number(getComputedStyle(fieldset).getPropertyValue("--cols")) || 1;
  if (fieldset.dataset.kind === "vector") return `[${cells.join(", ")}]`;
  const rows = [];
  for (let i = 0; i < cells.length; i += cols) rows.push(`[${cells.slice(i, i + cols).join(", ")}]`);
  return `[${rows.join(", ")}]`;
}

function setUpPreview(input) {
  if (input.dataset.nopreview) return;
  const box = document.getElementById(input.dataset.preview);
  const variables = input.dataset.variables ? input.dataset.variables.split(",") : null;
  const integers = input.dataset.integers ? input.dataset.integers.split(",") : null;
  let sequence = 0;
  const run = debounce(async (text) => {
    const mine = ++sequence;
    try {
      const result = await post("/api/preview", { text, variables, integers });
      if (mine === sequence) showPreview(box, result);
    } catch (error) {
      if (mine === sequence) showPreview(box, { ok: false, message: "The preview is not available right now." });
    }
  }, 250);
  input.addEventListener("input", () => run(input.value));
  if (input.value.trim()) run(input.value);
  const grid = input.closest("form")?.querySelector(`.grid-input[data-target="${input.id}"]`);
  if (grid) grid.addEventListener("input", () => { if (!input.value.trim()) run(gridText(grid)); });
}

function setUpHints(container) {
  const counter = document.getElementById(container.dataset.counter);
  for (const details of container.querySelectorAll("details")) {
    details.addEventListener("toggle", () => {
      const opened = container.querySelectorAll("details[open]").length;
      if (counter) counter.value = String(Math.max(Number(counter.value) || 0, opened));
    });
  }
}

function verdictNode(data) {
  const g = data.grade;
  const titles = { correct: "Correct", partial: "Partly right", incorrect: "Not quite", invalid: "Cannot read that", undecided: "Cannot decide" };
  const section = document.createElement("section");
  section.className = `verdict ${g.status}`;
  section.setAttribute("role", "status");
  const h = document.createElement("h3");
  h.className = "verdict-status";
  h.textContent = titles[g.status] || g.status;
  section.appendChild(h);
  if ((!g.diagnosis || g.diagnosis.message !== g.message) && g.message !== "Correct.") {
    const message = document.createElement("p");
    message.className = "verdict-message";
    renderText(message, g.message);
    section.appendChild(message);
  }
  if (g.diagnosis) {
    const d = document.createElement("p");
    d.className = "diagnosis";
    const strong = document.createElement("strong");
    strong.textContent = "What went wrong: ";
    const text = document.createElement("span");
    renderText(text, g.diagnosis.message);
    d.append(strong, text);
    section.appendChild(d);
  }
  if (g.latex) {
    const read = document.createElement("p");
    read.className = "read-as";
    renderText(read, `Your answer was read as $${g.latex}$`);
    section.appendChild(read);
  }
  if (data.answer_latex) {
    const details = document.createElement("details");
    details.className = "solution";
    details.open = g.status !== "correct";
    const summary = document.createElement("summary");
    summary.textContent = "Worked solution";
    const answer = document.createElement("p");
    renderText(answer, `Answer: $${data.answer_latex}$`);
    const solution = document.createElement("div");
    solution.innerHTML = data.solution_html || ""; // rendered by the server's Markdown (raw HTML escaped)
    details.append(summary, answer, solution);
    section.appendChild(details);
  }
  renderMath(section);
  return section;
}

function setUpInlineForm(form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const out = form.closest(".question").querySelector(".inline-verdict");
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const data = await response.json();
      out.textContent = "";
      if (!data.ok) {
        const p = document.createElement("p");
        p.className = "error-message";
        p.textContent = data.error || "The answer could not be checked.";
        out.appendChild(p);
      } else {
        out.appendChild(verdictNode(data));
      }
    } finally {
      button.disabled = false;
    }
  });
}

async function drawFigures() {
  const areas = [...document.querySelectorAll(".plot-area[data-figure-script]")];
  let n = 0;
  for (const area of areas) {
    const data = JSON.parse(area.parentElement.querySelector("script.figure-data").textContent);
    area.id = area.id || `figure-${++n}`;
    try {
      const label = area.getAttribute("aria-label");
      const module = await import(area.dataset.figureScript);
      module.draw(area, data, { JXG: window.JXG, katex: window.katex, renderMath, renderText, post });
      describeFigure(area, label, module.describe ? module.describe(data) : "", renderText);
    } catch (error) {
      area.textContent = "This figure could not be drawn.";
      console.warn(error);
    }
  }
}

function start() {
  renderMath();
  document.querySelectorAll("input[data-preview]").forEach(setUpPreview);
  document.querySelectorAll(".hints[data-counter]").forEach(setUpHints);
  document.querySelectorAll("form[data-inline]").forEach(setUpInlineForm);
  drawFigures();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
