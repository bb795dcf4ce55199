/* Log Payment / edit payment: the switch "Is this for a retainer service period?" reveals the
   two period dates (the server ignores them while the switch is off). */
(function () {
  "use strict";
  const NAMES = ["service_period_start", "service_period_end"];

  function wrappers(form) {
    return NAMES.map((name) => form.querySelector(`[name="${name}"]`))
      .filter(Boolean)
      .map(
        (input) =>
          input.closest("[data-service-period]") ||
          input.closest('[class*="field-service_period"]') ||
          input.closest(".form-field") ||
          input.parentElement,
      );
  }

  function sync(toggle) {
    const form = toggle.form;
    if (!form) return;
    for (const wrapper of wrappers(form)) wrapper.hidden = !toggle.checked;
  }

  function init() {
    for (const toggle of document.querySelectorAll('input[name="is_retainer"]')) {
      sync(toggle);
      toggle.addEventListener("change", () => sync(toggle));
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
