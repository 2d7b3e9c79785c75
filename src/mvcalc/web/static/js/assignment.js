// Assignment page: send the file without leaving the page, then poll the submission's status until graded.
// Without JavaScript the form posts normally and the page links to itself for the result.
const form = document.getElementById("upload");
const errorBox = document.getElementById("upload-error");
const current = document.getElementById("current");
const token = document.querySelector('meta[name="csrf-token"]')?.content || "";

function showError(message) {
  errorBox.textContent = message;
  errorBox.hidden = false;
}

function showProgress(status) {
  const stage = current.querySelector(".stage");
  if (stage) {
    const what = status.status === "queued" ? "Waiting for a grader" : "Grading";
    stage.textContent = `${what}${status.stage ? ": " + status.stage : ""}…`;
  }
  const warning = current.querySelector(".no-grader");
  if (warning) warning.hidden = !status.no_grader;
}

async function poll(url) {
  for (;;) {
    let status;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      status = await response.json();
      if (!response.ok) { showError(status.error || "The submission could not be found."); return; }
    } catch (err) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      continue;  // the server may be restarting: keep asking
    }
    if (status.finished) { window.location.assign(status.page_url); return; }
    showProgress(status);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

if (form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errorBox.hidden = true;
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST", body: new FormData(form),
        headers: { Accept: "application/json", "X-CSRF-Token": token },
      });
      const answer = await response.json().catch(() => ({ error: `The server answered ${response.status}.` }));
      if (!response.ok || !answer.ok) { showError(answer.error || `The server answered ${response.status}.`); return; }
      current.innerHTML = "";
      const p = document.createElement("p");
      p.className = "grading"; p.setAttribute("role", "status");
      const bar = document.createElement("progress"); bar.setAttribute("aria-label", "Grading");
      const stage = document.createElement("span"); stage.className = "stage";
      p.append(bar, " ", stage);
      current.append(p);
      showProgress(answer);
      await poll(answer.status_url);
    } catch (err) {
      showError("The file could not be sent; check your connection and try again.");
    } finally {
      button.disabled = false;
    }
  });
}

if (current && current.dataset.poll) poll(current.dataset.poll);
