// Standard replies: insert the chosen text into the text box the agent used last.
(function () {
  let last = null;
  document.addEventListener("focusin", (event) => {
    if (event.target.matches("textarea")) last = event.target;
  });
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-reply]");
    if (!button) return;
    const target = last || document.querySelector("details[open] textarea") || document.querySelector("textarea");
    if (!target) return;
    const text = button.dataset.reply;
    const start = target.selectionStart ?? target.value.length;
    target.value = target.value.slice(0, start) + text + target.value.slice(target.selectionEnd ?? start);
    target.focus();
  });
})();

// Without inline handlers (the Content-Security-Policy allows no inline script):
// a select marked data-autosubmit sends its form when changed (the language menu) …
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
});
// … and a link marked data-print prints the page.
document.addEventListener("click", (event) => {
  if (!event.target.closest("[data-print]")) return;
  event.preventDefault();
  window.print();
});

// Forms that list only the chosen department's staff: each option is tagged with its department.
(function () {
  document.querySelectorAll("select[data-follows]").forEach((select) => {
    const leader = select.form && select.form.elements[select.dataset.follows];
    if (!leader) return;
    const apply = () => {
      for (const option of select.options) {
        const hidden = Boolean(option.dataset.tag) && option.dataset.tag !== leader.value;
        option.hidden = hidden;
        option.disabled = hidden;
      }
      const chosen = select.selectedOptions[0];
      if (chosen && chosen.disabled) select.value = "";
    };
    leader.addEventListener("change", apply);
    apply();
  });
})();
