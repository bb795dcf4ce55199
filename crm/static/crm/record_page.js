/* Record forms (crm.admin.kit.read_edit): while a record is being edited or created, leaving
   with unsaved changes asks first: the browser's own question when the tab is closed or
   reloaded (beforeunload) and a confirm on the app's links (Cancel, the sidebar, a breadcrumb).
   Saving never asks. The read view's pencils are server-rendered links to the form;
   crm/static/crm/field_edit.js turns them into editors in place. */
(function () {
  "use strict";

  var QUESTION = "You have unsaved changes. Leave this page and lose them?";

  function snapshot(form) {
    var parts = [];
    new FormData(form).forEach(function (value, key) {
      parts.push(key + "=" + (typeof value === "string" ? value : value.name + ":" + value.size));
    });
    return parts.join("&");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var marker = document.querySelector("[data-crm-editing]");
    var form = marker && marker.closest("form");
    if (!form) return;
    var initial = null;
    var leaving = false;
    // A form shown again with errors holds input that is not saved yet.
    var refused = marker.hasAttribute("data-crm-dirty");
    // Widgets (select2, date shortcuts) settle after DOMContentLoaded.
    window.addEventListener("load", function () { initial = snapshot(form); });

    function dirty() {
      if (leaving) return false;
      return refused || (initial !== null && snapshot(form) !== initial);
    }
    window.crmFormIsDirty = dirty;

    form.addEventListener("submit", function () { leaving = true; });
    window.addEventListener("beforeunload", function (event) {
      if (!dirty()) return;
      event.preventDefault();
      event.returnValue = "";
    });
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (!link || event.defaultPrevented || event.button !== 0) return;
      if (event.ctrlKey || event.metaKey || event.shiftKey || link.target === "_blank") return;
      var href = link.getAttribute("href");
      if (!href || href.charAt(0) === "#" || href.indexOf("javascript:") === 0) return;
      if (!dirty()) return;
      if (window.confirm(QUESTION)) {
        leaving = true; // asked once: the page's own beforeunload stays quiet
        return;
      }
      event.preventDefault();
    });
  });
})();
