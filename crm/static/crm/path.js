/* Path chevrons (crm/templates/crm/includes/path.html): a click selects the chevron and shows
   its buttons ("Mark as Current Stage") without reloading; clicking it again, or the current
   chevron, goes back to "Mark Stage as Complete". Without this script the chevron links do the
   same through ?path=<value>. Moving is always the button's POST, never the chevron. */
(function () {
  "use strict";

  function select(path, item) {
    const value = item ? item.querySelector("[data-path-select]").dataset.stage : "";
    path.querySelectorAll(".crm-path__stage").forEach(function (stage) {
      const on = stage === item;
      stage.classList.toggle("crm-path__stage--selected", on);
      const link = stage.querySelector("[data-path-select]");
      if (on) link.setAttribute("aria-pressed", "true");
      else link.removeAttribute("aria-pressed");
    });
    path.querySelectorAll("[data-path-panel]").forEach(function (panel) {
      panel.hidden = panel.dataset.pathPanel !== value;
    });
  }

  document.addEventListener("click", function (event) {
    const link = event.target.closest("[data-crm-path] [data-path-select]");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    const path = link.closest("[data-crm-path]");
    const item = link.closest(".crm-path__stage");
    const deselect =
      item.classList.contains("crm-path__stage--current") ||
      item.classList.contains("crm-path__stage--selected");
    select(path, deselect ? null : item);
    const url = deselect ? path.dataset.clearUrl : link.getAttribute("href");
    if (window.history && window.history.replaceState) window.history.replaceState(null, "", url);
  });
})();
