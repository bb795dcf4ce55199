/* One toast style on every page (UI.md "Toasts", issue 23). The server renders Django's
   messages as .crm-toast elements (crm/templates/unfold/helpers/messages.html); this script
   floats them top-centre, closes success/info toasts after a few seconds (errors and warnings
   stay until their ✕) and offers window.crmToast(text, tone) to page scripts (Kanban,
   calendar) so their feedback looks and behaves the same. Loaded in <head> on every page
   (UNFOLD["SCRIPTS"]); without it the messages stay in the page flow, still readable. */
(function () {
  "use strict";

  var AUTO_DISMISS_MS = 4000;
  var LEAVE_MS = 200; // the fade-out in shell.css
  var MAX_SHOWN = 5; // a stack taller than this pushes the oldest out
  var TONES = {
    success: { role: "status", icon: "check_circle", auto: true },
    info: { role: "status", icon: "info", auto: true },
    warning: { role: "alert", icon: "warning", auto: false },
    error: { role: "alert", icon: "error", auto: false },
  };

  // Marks the page before first paint so the CSS floats the stack only when this script runs.
  document.documentElement.setAttribute("data-crm-toasts-live", "");

  function close(toast) {
    if (!toast.isConnected || toast.classList.contains("crm-toast--leaving")) return;
    clearTimeout(toast._crmTimer);
    toast.classList.add("crm-toast--leaving");
    setTimeout(function () { toast.remove(); }, LEAVE_MS);
  }

  function startTimer(toast) {
    clearTimeout(toast._crmTimer);
    toast._crmTimer = setTimeout(function () { close(toast); }, AUTO_DISMISS_MS);
  }

  function arm(toast) {
    if (toast._crmArmed) return;
    toast._crmArmed = true;
    var button = toast.querySelector("[data-crm-toast-close]");
    if (button) button.addEventListener("click", function () { close(toast); });
    var tone = TONES[toast.getAttribute("data-crm-toast")] || TONES.info;
    if (!tone.auto) return;
    startTimer(toast);
    // Reading or clicking a link in the toast holds it open.
    toast.addEventListener("mouseenter", function () { clearTimeout(toast._crmTimer); });
    toast.addEventListener("mouseleave", function () { startTimer(toast); });
    toast.addEventListener("focusin", function () { clearTimeout(toast._crmTimer); });
    toast.addEventListener("focusout", function () { startTimer(toast); });
  }

  function container() {
    var stack = document.querySelector("[data-crm-toasts]");
    if (!stack) {
      stack = document.createElement("div");
      stack.className = "crm-toasts";
      stack.setAttribute("data-crm-toasts", "");
      document.body.appendChild(stack);
    }
    return stack;
  }

  /* Same markup as crm/templates/crm/includes/toast.html. */
  function crmToast(text, tone) {
    var name = TONES[tone] ? tone : "info";
    var toast = document.createElement("div");
    toast.className = "crm-toast crm-toast--" + name;
    toast.setAttribute("role", TONES[name].role);
    toast.setAttribute("data-crm-toast", name);
    var icon = document.createElement("span");
    icon.className = "material-symbols-outlined crm-toast__icon";
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = TONES[name].icon;
    var body = document.createElement("div");
    body.className = "crm-toast__text";
    body.textContent = text;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "crm-toast__close";
    button.setAttribute("data-crm-toast-close", "");
    button.setAttribute("aria-label", "Close this message");
    button.textContent = "✕";
    toast.append(icon, body, button);
    var stack = container();
    stack.appendChild(toast);
    var shown = stack.querySelectorAll(".crm-toast:not(.crm-toast--leaving)");
    for (var i = 0; i < shown.length - MAX_SHOWN; i++) close(shown[i]);
    arm(toast);
    return toast;
  }

  window.crmToast = crmToast;

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-crm-toasts] .crm-toast").forEach(arm);
  });
  // Escape closes the toast that holds the focus (e.g. after tabbing to its ✕).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !document.activeElement) return;
    var toast = document.activeElement.closest && document.activeElement.closest(".crm-toast");
    if (toast) close(toast);
  });
})();
