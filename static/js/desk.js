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
