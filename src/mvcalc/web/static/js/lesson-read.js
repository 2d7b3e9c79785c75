// "I have read this lesson": sent without leaving the page (the form posts normally without JavaScript).
const form = document.querySelector("form[data-lesson-read]");
if (form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const status = form.querySelector(".lesson-read-status");
    try {
      const response = await fetch(form.action, {
        method: "POST",
        headers: { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(new FormData(form)),
      });
      const data = await response.json().catch(() => ({}));
      if (!response.ok || !data.ok) throw new Error(data.error || data.detail || `the server answered ${response.status}`);
      form.querySelector("button").hidden = true;
      status.textContent = "Marked as read. With its practice attempted, this lesson counts as done.";
      form.dataset.done = "yes";
    } catch (error) {
      status.textContent = `This could not be saved: ${error.message}. Please try again.`;
    }
  });
}
