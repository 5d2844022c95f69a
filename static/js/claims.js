// The new-claim form: what the rules allow, shown as the agent types (the server computes it).
(function () {
  const form = document.querySelector("form[data-cap-url]");
  if (!form) return;
  const output = form.querySelector("#claim-cap");
  let timer = null;
  let asked = 0;
  const ask = async () => {
    const type = form.elements.claim_type.value;
    const loss = form.elements.actual_loss.value.trim();
    if (!type || !loss) {
      output.textContent = "";
      return;
    }
    const mine = ++asked;
    const url = `${form.dataset.capUrl}?${new URLSearchParams({ claim_type: type, actual_loss: loss })}`;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      const body = await response.json();
      if (mine !== asked) return; // an answer to an older question
      output.classList.toggle("error", !response.ok);
      if (response.ok) {
        // The server read the type and the amount: an error it gave them before is out of date.
        for (const name of ["claim_type", "actual_loss"]) {
          const field = form.elements[name].closest(".field");
          field.classList.remove("has-error");
          field.querySelectorAll("p.error").forEach((p) => p.remove());
        }
      }
      output.textContent = response.ok ? body.text : Object.values(body.errors || {}).flat().join(" ");
    } catch (error) {
      output.textContent = "";
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(ask, 250);
  };
  form.addEventListener("input", later);
  form.addEventListener("change", later);
})();
