// Intake: the read-back follows what the agent picks and types, in words (never codes).
(function () {
  const form = document.getElementById("intake");
  if (!form) return;
  const put = (key, text, empty) => {
    const element = form.querySelector(`[data-readback="${key}"]`);
    if (element) element.textContent = text || empty;
  };
  const optionText = (select) => {
    const option = select && select.selectedOptions[0];
    if (!option || !option.value) return "";
    const group = option.parentElement.tagName === "OPTGROUP" ? option.parentElement.label : "";
    const text = option.textContent.trim();
    return group && !text.startsWith(group) ? `${group} · ${text}` : text;
  };
  const update = () => {
    put("category", optionText(form.elements.category), "…");
    put("remedy", optionText(form.elements.remedy_sought), "…");
    put("description", form.elements.description.value.trim(), "…");
    put("waybill", form.elements.waybill_no.value.trim().toUpperCase(), "—");
  };
  form.addEventListener("input", update);
  form.addEventListener("change", update);
})();
