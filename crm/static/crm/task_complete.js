/* The task checkbox that completes in place (My tasks, Home's "My tasks" card): a form marked
   [data-task-complete] posts to portal.views.tasks.complete with the row's version. Here it is
   sent with fetch instead: the row greys (it stays where it is, so the page does not jump),
   the shared toast (window.crmToast, toasts.js) says "Task 'X' completed." with an Undo that
   reopens it through the reopen endpoint with the version and previous status the server
   returned. A refusal or a stale version shows the server's message as an error toast and
   leaves the row as it was. Without this script the form submits and the page reloads. */
(function () {
  "use strict";

  var BUSY = "crm-task-check--busy";
  var DONE = "crm-task-row--done";
  var FAILED = "The task could not be changed. Reload the page and try again.";

  function toast(text, tone) {
    if (window.crmToast) return window.crmToast(text, tone);
    window.alert(text);
    return null;
  }

  function send(url, fields, csrf) {
    var body = new FormData();
    Object.keys(fields).forEach(function (name) { body.append(name, fields[name]); });
    body.append("csrfmiddlewaretoken", csrf);
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrf },
    }).then(function (response) {
      return response.json().catch(function () { return { ok: false, error: FAILED }; });
    }, function () {
      return { ok: false, error: FAILED };
    });
  }

  function rowOf(form) {
    return form.closest("[data-task-row]") || form.closest("[data-activity]") || form;
  }

  function setStatus(row, text) {
    var cell = row.querySelector("[data-task-status]");
    if (cell && text) cell.textContent = text;
  }

  function offerUndo(note, form, data, csrf) {
    if (!note) return;
    var undo = document.createElement("button");
    undo.type = "button";
    undo.className = "crm-toast__undo";
    undo.setAttribute("data-task-undo", "");
    undo.textContent = "Undo";
    var text = note.querySelector(".crm-toast__text") || note;
    text.appendChild(undo);
    undo.addEventListener("click", function () {
      undo.disabled = true;
      send(data.reopen_url, { version: data.version, status: data.previous_status }, csrf)
        .then(function (result) {
          var row = rowOf(form);
          if (!result.ok) {
            undo.disabled = false;
            toast(result.error || FAILED, "error");
            return;
          }
          row.classList.remove(DONE);
          form.hidden = false;
          form.querySelector("[name=version]").value = result.version;
          setStatus(row, form.getAttribute("data-status-label"));
          var close = note.querySelector("[data-crm-toast-close]");
          if (close) close.click();
          toast(result.message, "success");
        });
    });
  }

  function complete(form) {
    if (form.classList.contains(BUSY)) return;
    var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
    var version = form.querySelector("[name=version]").value;
    var row = rowOf(form);
    form.classList.add(BUSY);
    send(form.action, { version: version }, csrf).then(function (data) {
      form.classList.remove(BUSY);
      if (!data.ok) {
        toast(data.error || FAILED, "error");
        return;
      }
      var status = row.querySelector("[data-task-status]");
      if (status) form.setAttribute("data-status-label", status.textContent);
      row.classList.add(DONE);
      form.hidden = true;
      setStatus(row, "Completed");
      offerUndo(toast(data.message, "success"), form, data, csrf);
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest && event.target.closest("form[data-task-complete]");
    if (!form || !window.fetch) return;
    event.preventDefault();
    complete(form);
  });
})();
