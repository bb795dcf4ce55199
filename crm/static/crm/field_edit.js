/* Edit in place on a record's Details tab (crm/admin/kit/field_edit.py, UI.md "Editing in
   place"). Each editable value has a pencil that links to the full form (?edit=1); for the
   fields that can be edited in place this script opens, instead, the field's own input right
   where the value was, with Save / Cancel (Enter / Esc). The input is fetched from the server
   (the admin's widget) and posted with the version the page was opened at. Saved: the new
   value, the new version for the next save, the highlights panel refreshed and the toast
   "Save successful". Refused: the input stays open with the message under it; a stale record
   shows the concurrency message and the value someone else saved. */
(function () {
  "use strict";

  var SAVE_FAILED = "The change could not be saved. Reload the page and try again.";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function versionInput() {
    var marker = document.querySelector("[data-crm-read-mode]");
    var form = marker && marker.closest("form");
    return form && form.querySelector("input[name=version]");
  }

  function fragment(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    return holder.firstElementChild;
  }

  function collect(editor) {
    var data = new URLSearchParams();
    editor.querySelectorAll("[name]").forEach(function (el) {
      if (el.disabled || el.tagName === "BUTTON") return;
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) return;
      if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.selectedOptions, function (option) {
          data.append(el.name, option.value);
        });
        return;
      }
      data.append(el.name, el.value);
    });
    var version = versionInput();
    data.set("version", version ? version.value : "");
    return data;
  }

  function refreshHighlights(result) {
    var values = document.querySelectorAll(".crm-highlights__field dd");
    (result.highlights || []).forEach(function (html, index) {
      if (values[index]) values[index].innerHTML = html;
    });
    var title = document.querySelector(".crm-highlights__title");
    if (title && title.firstChild && title.firstChild.nodeType === Node.TEXT_NODE) {
      title.firstChild.textContent = result.title + " ";
    }
  }

  function shareVersion(version) {
    var input = versionInput();
    if (input) input.value = version;
    // The path's chevrons post the record's version too.
    document.querySelectorAll(".crm-path input[name=version]").forEach(function (el) {
      el.value = version;
    });
  }

  function open(pencil) {
    var holder = pencil.parentElement;
    var value = holder.querySelector(".readonly");
    if (!value || holder.querySelector("[data-crm-field-edit]")) return;
    document.querySelectorAll("[data-crm-field-edit] [data-crm-field-cancel]").forEach(function (b) {
      b.click(); // one field at a time
    });
    pencil.classList.add("crm-pencil--busy");
    fetch(pencil.dataset.crmInPlace, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) { show(pencil, value, fragment(html)); })
      .catch(function () { window.location.href = pencil.href; }) // the full form still works
      .finally(function () { pencil.classList.remove("crm-pencil--busy"); });
  }

  function show(pencil, value, editor) {
    var old = pencil.parentElement.querySelector("[data-crm-field-edit]");
    if (old) old.remove();
    value.hidden = true;
    pencil.hidden = true;
    pencil.closest(".field-line").classList.add("crm-field--editing");
    value.after(editor);
    var input = editor.querySelector("input:not([type=hidden]), select, textarea");
    if (input) {
      input.focus();
      var error = editor.querySelector(".crm-field-edit__errors");
      if (error) input.setAttribute("aria-invalid", "true");
    }
    editor.querySelector("[data-crm-field-cancel]").addEventListener("click", function () {
      close(pencil, value, editor);
    });
    editor.querySelector("[data-crm-field-save]").addEventListener("click", function () {
      save(pencil, value, editor);
    });
    editor.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        close(pencil, value, editor);
      } else if (event.key === "Enter" && event.target.tagName !== "TEXTAREA" && event.target.tagName !== "BUTTON") {
        event.preventDefault(); // never the record form's own submit
        save(pencil, value, editor);
      }
    });
  }

  function close(pencil, value, editor) {
    editor.remove();
    value.hidden = false;
    pencil.hidden = false;
    pencil.closest(".field-line").classList.remove("crm-field--editing");
    pencil.focus();
  }

  function save(pencil, value, editor) {
    if (editor.classList.contains("crm-field-edit--saving")) return;
    editor.classList.add("crm-field-edit--saving");
    editor.setAttribute("aria-busy", "true");
    fetch(editor.dataset.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch" },
      body: collect(editor),
    })
      .then(function (response) {
        return response.json().then(function (result) { return result; });
      })
      .then(function (result) {
        if (result.ok) {
          var shown = fragment(result.html);
          value.replaceWith(shown);
          shareVersion(result.version);
          refreshHighlights(result);
          close(pencil, shown, editor);
          if (window.crmToast) window.crmToast(result.message, "success");
        } else if (result.html) {
          show(pencil, value, fragment(result.html));
        } else {
          if (window.crmToast) window.crmToast(result.error || SAVE_FAILED, "error");
          editor.classList.remove("crm-field-edit--saving");
        }
      })
      .catch(function () {
        if (window.crmToast) window.crmToast(SAVE_FAILED, "error");
        editor.classList.remove("crm-field-edit--saving");
        editor.removeAttribute("aria-busy");
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var marker = document.querySelector("[data-crm-read-mode]");
    var form = marker && marker.closest("form");
    if (!form) return;
    // The read view has no submit button; an Enter that slips through never posts the form.
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    document.querySelectorAll(".crm-pencil[data-crm-in-place]").forEach(function (pencil) {
      pencil.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        open(pencil);
      });
    });
  });
})();
