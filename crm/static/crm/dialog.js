/* Actions as dialogs (UI.md "Dialogs", issue 24). A header action marked data-crm-dialog (and a
   path step that opens an action's page rather than moving at once) is fetched with the
   X-CRM-Dialog header; the page's [data-crm-dialog-body] is shown in a modal <dialog> over the
   dimmed record. Its form is posted from the dialog: a form error comes back as the same body
   (shown in place), success as an X-CRM-Location header (crm.middleware.DialogRedirectMiddleware)
   that this script follows, so the toast appears on the page it lands on. Esc, ✕ and Cancel
   close it. Without this script every link and form works as a full page. Loaded on every
   page (UNFOLD["SCRIPTS"]); no inline code (CSP). */
(function () {
  "use strict";

  var HEADERS = { "X-CRM-Dialog": "1" };
  // Header actions that ask something, and a path step that opens its own page (Close …).
  var TRIGGERS = "a[data-crm-dialog], .crm-path a[data-path-target], .crm-path button[formaction]";
  var dialog = null;
  var opener = null;

  function isPathMove(button) {
    // A chevron posting to .../path/<stage>/ moves at once: leave it to the page.
    return button.tagName === "BUTTON" && /\/path\/[^/]+\/?$/.test(button.getAttribute("formaction") || "");
  }

  function build() {
    if (dialog) return dialog;
    dialog = document.createElement("dialog");
    dialog.className = "crm-dialog";
    dialog.setAttribute("aria-labelledby", "crm-dialog-title");
    dialog.innerHTML =
      '<div class="crm-dialog__head"><h2 class="crm-dialog__title" id="crm-dialog-title"></h2>' +
      '<button type="button" class="crm-dialog__close" data-crm-dialog-close aria-label="Close">✕</button></div>' +
      '<div class="crm-dialog__body"></div>';
    document.body.appendChild(dialog);
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) { dialog.close(); return; } // the dimmed backdrop
      var close = event.target.closest("[data-crm-dialog-close], [data-crm-dialog-cancel]");
      if (close) { event.preventDefault(); dialog.close(); }
    });
    dialog.addEventListener("close", function () {
      dialog.querySelector(".crm-dialog__body").innerHTML = "";
      if (opener && opener.isConnected) opener.focus();
    });
    dialog.addEventListener("submit", submit);
    return dialog;
  }

  function toasts(doc) {
    if (typeof window.crmToast !== "function") return;
    doc.querySelectorAll("[data-crm-toast]").forEach(function (toast) {
      var text = toast.querySelector(".crm-toast__text");
      window.crmToast((text || toast).textContent.trim(), toast.getAttribute("data-crm-toast"));
    });
  }

  function show(body, url) {
    var box = build();
    box.querySelector(".crm-dialog__title").textContent = body.getAttribute("data-crm-dialog-title") || "";
    var slot = box.querySelector(".crm-dialog__body");
    slot.innerHTML = "";
    body.classList.remove("crm-card");
    slot.appendChild(document.importNode(body, true));
    var form = slot.querySelector("form");
    if (form && !form.getAttribute("action")) form.setAttribute("action", url);
    if (!box.open) box.showModal();
    // Focus the first field (the one in error after a refused submit) without scrolling the
    // record's identity out of view; the dialog opens at its top.
    var error = slot.querySelector(".crm-field-error");
    var field = error && error.parentElement.querySelector("input:not([type=hidden]), select, textarea");
    var first = field || slot.querySelector("input:not([type=hidden]):checked, select, textarea, input:not([type=hidden])") ||
      slot.querySelector("button[type=submit]");
    if (first) first.focus({ preventScroll: true });
    if (!field) box.scrollTop = 0;
  }

  // fetch → dialog, or a redirect to follow, or (anything else) ``fallback()``.
  function load(url, init, fallback) {
    var options = Object.assign({ credentials: "same-origin", headers: HEADERS }, init || {});
    return fetch(url, options).then(function (response) {
      var location = response.headers.get("X-CRM-Location");
      if (location) { window.location.assign(location); return; }
      return response.text().then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var body = doc.querySelector("[data-crm-dialog-body]");
        if (!body) { fallback(); return; }
        toasts(doc);
        show(body, response.url || url);
      });
    }).catch(fallback);
  }

  function submit(event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !dialog.contains(form)) return;
    event.preventDefault();
    var data = new FormData(form);
    var submitter = event.submitter;
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = true; });
    load(form.action, { method: "POST", body: data }, function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = false; });
      if (typeof window.crmToast === "function") {
        window.crmToast("The action could not be sent. Check your connection and try again.", "error");
      }
    });
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    var trigger = event.target.closest(TRIGGERS);
    if (!trigger || isPathMove(trigger) || typeof HTMLDialogElement !== "function") return;
    event.preventDefault();
    opener = trigger;
    if (trigger.tagName === "A") {
      var href = trigger.href;
      load(href, null, function () { window.location.assign(href); });
      return;
    }
    // A path chevron: post what its form carries (the version), which only asks.
    var form = trigger.form;
    var url = trigger.getAttribute("formaction");
    load(url, { method: "POST", body: new FormData(form) }, function () {
      form.action = url;
      form.submit();
    });
  });
})();
