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
  const kind = input.dataset.kind || null;
  let sequence = 0;
  const run = debounce(async (text) => {
    const mine = ++sequence;
    try {
      const result = await post("/api/preview", { text, variables, integers, kind });
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

// Hints opened are counted in the answer form and, on a practice page, recorded on the issued question.
function setUpHints(container) {
  const counter = document.getElementById(container.dataset.counter);
  for (const details of container.querySelectorAll("details")) {
    details.addEventListener("toggle", () => {
      const opened = container.querySelectorAll("details[open]").length;
      const before = Number(counter?.value) || 0;
      if (counter) counter.value = String(Math.max(before, opened));
      if (opened > before && container.dataset.record && container.dataset.issued) {
        post(container.dataset.record, { issued: container.dataset.issued, hints_used: opened }).catch(() => {});
      }
    });
  }
}

function solutionNode(data, opened) {
  const details = document.createElement("details");
  details.className = "solution";
  details.open = opened;
  const summary = document.createElement("summary");
  summary.textContent = "Worked solution";
  const answer = document.createElement("p");
  renderText(answer, `Answer: $${data.answer_latex}$`);
  const solution = document.createElement("div");
  solution.innerHTML = data.solution_html || ""; // rendered by the server's Markdown (raw HTML escaped)
  details.append(summary, answer, solution);
  renderMath(details);
  return details;
}

// The worked solution on request (the reveal policy: offered after two wrong tries, asked for at any time).
function solutionRequest(data, section) {
  const box = document.createElement("p");
  box.className = `solution-request${data.solution === "offered" ? " offered" : ""}`;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button";
  button.textContent = "Show the worked solution";
  const note = document.createElement("span");
  note.className = "note";
  note.textContent = " This question then stops counting toward your mastery; the next one counts again.";
  box.append(data.solution === "offered" ? "Still stuck after two tries? " : "Stuck? ", button, note);
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const shown = await post(data.solution_action, { issued: data.issued });
      if (!shown.ok) throw new Error(shown.error || "no solution");
      const details = solutionNode(shown, true);
      box.replaceWith(details);
      details.querySelector("summary").focus();
    } catch (error) {
      button.disabled = false;
      note.textContent = " The solution could not be loaded; try again.";
    }
  });
  section.appendChild(box);
}

function verdictNode(data, uid) {
  const g = data.grade;
  const titles = { correct: "Correct", partial: "Partly right", incorrect: "Not quite", invalid: "Cannot read that", undecided: "Cannot decide" };
  const section = document.createElement("section");
  section.className = `verdict ${g.status}`;
  section.id = `${uid}-verdict`;
  section.setAttribute("role", "status");
  section.setAttribute("aria-labelledby", `${uid}-verdict-title`);
  section.tabIndex = -1;
  const h = document.createElement("h4");
  h.className = "verdict-status";
  h.id = `${uid}-verdict-title`;
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
  const echo = data.echo_latex || g.latex;
  if (echo && g.status !== "invalid") {
    const read = document.createElement("p");
    read.className = "read-as";
    renderText(read, `Your answer was read as $${echo}$`);
    section.appendChild(read);
  }
  if (data.hint && !g.message.includes(data.hint)) {
    const hint = document.createElement("p");
    hint.className = "note input-hint";
    renderText(hint, data.hint);
    section.appendChild(hint);
  }
  if (data.not_counted) {
    const note = document.createElement("p");
    note.className = "note not-counted";
    note.textContent = `This answer is recorded, but it does not count toward your mastery: ${data.not_counted}.`;
    section.appendChild(note);
  }
  if (data.answer_latex) section.appendChild(solutionNode(data, false));
  else if (g.status !== "invalid" && (data.solution === "offered" || data.solution === "on_request")) solutionRequest(data, section);
  renderMath(section);
  return section;
}

// Lesson pages: an answer checked in place; later tries, hints and the solution refer to the issued question.
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
        p.setAttribute("role", "alert");
        p.tabIndex = -1;
        p.textContent = data.error || "The answer could not be checked.";
        out.appendChild(p);
        p.focus();
      } else {
        let issued = form.querySelector('input[name="issued"]');
        if (!issued) {
          issued = document.createElement("input");
          issued.type = "hidden";
          issued.name = "issued";
          form.appendChild(issued);
        }
        issued.value = data.issued;
        const hints = form.closest(".question").querySelector(".hints");
        if (hints) {
          hints.dataset.issued = data.issued;
          hints.dataset.record = form.action.replace(/\/?$/, "/hint");
        }
        const node = verdictNode(data, (form.querySelector('input[name="hints_used"]')?.id || "q-hints").replace(/-hints$/, ""));
        out.appendChild(node);
        node.focus();
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
  // after a full-page answer the verdict (or the solution asked for) has autofocus; make sure it has focus
  const focused = document.querySelector(".verdict[autofocus], .solution-shown[autofocus]");
  if (focused && document.activeElement !== focused) focused.focus();
  document.querySelectorAll("input[data-preview]").forEach(setUpPreview);
  document.querySelectorAll(".hints[data-counter]").forEach(setUpHints);
  document.querySelectorAll("form[data-inline]").forEach(setUpInlineForm);
  drawFigures();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
