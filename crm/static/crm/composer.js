/* The activity composer (issue 25): New Task / New Event / Log a Call without leaving the page.
   A link marked data-crm-composer opens the form fetched from the server (X-CRM-Composer: 1):
   data-crm-composer="inline" in the Activity tab's panel, anything else in a modal <dialog>
   (the calendar, Home). An /add/ link's form comes from /compose/. Saving posts the form; the
   answer is JSON: ok → a toast, the Activity tab reloaded in place and a "crm-activity-saved"
   event (the calendar refetches); refused → the form again with its errors. The Related To /
   Name pickers search as you type. Without this script every link opens the full-page form.
   window.crmComposer.open(url) opens the modal from other scripts. No inline code (CSP). */
(function () {
  "use strict";

  var HEADERS = { "X-CRM-Composer": "1", "X-Requested-With": "XMLHttpRequest" };
  var dialog = null;

  function toast(text, tone) {
    if (text && typeof window.crmToast === "function") window.crmToast(text, tone);
  }

  function composerUrl(href) {
    var url = new URL(href, window.location.href);
    url.pathname = url.pathname.replace(/\/add\/$/, "/compose/");
    return url.toString();
  }

  function modal() {
    if (dialog) return dialog;
    dialog = document.createElement("dialog");
    dialog.className = "crm-dialog crm-composer-dialog";
    dialog.setAttribute("aria-labelledby", "crm-composer-title");
    dialog.innerHTML =
      '<div class="crm-dialog__head"><h2 class="crm-dialog__title" id="crm-composer-title"></h2>' +
      '<button type="button" class="crm-dialog__close" data-crm-composer-cancel aria-label="Close">✕</button></div>' +
      '<div class="crm-dialog__body"></div>';
    document.body.appendChild(dialog);
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close(); // the dimmed backdrop
    });
    dialog.addEventListener("close", function () {
      dialog.querySelector(".crm-dialog__body").innerHTML = "";
    });
    return dialog;
  }

  function close(container) {
    if (dialog && container === dialog.querySelector(".crm-dialog__body")) {
      dialog.close();
      return;
    }
    container.innerHTML = "";
    container.hidden = true;
  }

  function show(container, html) {
    container.innerHTML = html;
    container.hidden = false;
    var body = container.querySelector("[data-crm-composer-body]");
    if (dialog && container === dialog.querySelector(".crm-dialog__body")) {
      dialog.querySelector(".crm-dialog__title").textContent = body ? body.getAttribute("data-title") : "";
      if (!dialog.open) dialog.showModal();
    }
    container.querySelectorAll("[data-crm-picker]").forEach(picker);
    var error = container.querySelector(".crm-field-error");
    var field = error && error.parentElement.querySelector("input:not([type=hidden]), select, textarea");
    var first = field || container.querySelector("input:not([type=hidden]), select, textarea");
    if (first) first.focus({ preventScroll: Boolean(dialog && dialog.open) });
  }

  function answer(response) {
    return response.json().catch(function () {
      return { ok: false, error: "The server answered with an error (" + response.status + "). Nothing was saved." };
    });
  }

  function open(url, container) {
    var target = container || modal().querySelector(".crm-dialog__body");
    return fetch(composerUrl(url), { credentials: "same-origin", headers: HEADERS })
      .then(answer)
      .then(function (data) {
        if (!data.html) throw new Error(data.error || "no form");
        show(target, data.html);
      })
      .catch(function () { window.location.assign(url); });
  }

  // The record's Activity tab (from its inline panel, or under a modal) shows the new item.
  function reloadTab(container) {
    var panel = container.closest("[data-tab-panel]") ||
      document.querySelector('[data-tab-panel="activity"][data-state="loaded"]');
    if (!panel || !panel.dataset.src) return;
    fetch(panel.dataset.src, { credentials: "same-origin", headers: { "X-Requested-With": "XMLHttpRequest" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) { panel.innerHTML = html; })
      .catch(function () { window.location.reload(); });
  }

  function submit(event) {
    var form = event.target;
    var container = form.closest("[data-crm-composer-panel], .crm-composer-dialog .crm-dialog__body");
    if (!container || !form.matches(".crm-composer__form")) return;
    event.preventDefault();
    var buttons = form.querySelectorAll("button[type=submit]");
    buttons.forEach(function (button) { button.disabled = true; });
    fetch(form.action, { method: "POST", credentials: "same-origin", headers: HEADERS, body: new FormData(form) })
      .then(answer)
      .then(function (data) {
        if (data.ok) {
          toast(data.message, "success");
          close(container);
          reloadTab(container);
          document.dispatchEvent(new CustomEvent("crm-activity-saved", { detail: data }));
          return;
        }
        if (data.html) show(container, data.html);
        else toast(data.error, "error");
      })
      .catch(function () { toast("The activity could not be sent. Check your connection and try again.", "error"); })
      .finally(function () { buttons.forEach(function (button) { button.disabled = false; }); });
  }

  /* One search box over several kinds of record: the hidden field holds "<field>:<id>". */
  function picker(box) {
    var hidden = box.querySelector("input[type=hidden]");
    var search = box.querySelector(".crm-picker__search");
    var list = box.querySelector(".crm-picker__results");
    var timer = null;
    var asked = 0;

    function hide() { list.hidden = true; search.setAttribute("aria-expanded", "false"); }

    function render(results) {
      list.innerHTML = "";
      if (!results.length) {
        var none = document.createElement("li");
        none.className = "crm-picker__none";
        none.textContent = "No matches";
        list.appendChild(none);
      }
      results.forEach(function (row) {
        var item = document.createElement("li");
        item.setAttribute("role", "option");
        item.tabIndex = -1;
        item.className = "crm-picker__option";
        item.dataset.value = row.value;
        item.dataset.title = row.title;
        var kind = document.createElement("span");
        kind.className = "crm-picker__kind";
        kind.textContent = row.kind;
        var title = document.createElement("span");
        title.className = "crm-picker__title";
        title.textContent = row.title;
        var detail = document.createElement("span");
        detail.className = "crm-picker__detail crm-muted";
        detail.textContent = row.detail;
        item.append(kind, title, detail);
        list.appendChild(item);
      });
      list.hidden = false;
      search.setAttribute("aria-expanded", "true");
    }

    function choose(item) {
      hidden.value = item.dataset.value;
      search.value = item.dataset.title;
      hide();
    }

    search.addEventListener("input", function () {
      hidden.value = ""; // typed text names nothing until a record is chosen
      clearTimeout(timer);
      var term = search.value.trim();
      if (term.length < 3) { hide(); return; }
      timer = setTimeout(function () {
        var ticket = ++asked;
        var url = new URL(box.dataset.url, window.location.href);
        url.searchParams.set("q", term);
        fetch(url, { credentials: "same-origin", headers: HEADERS })
          .then(function (response) { return response.json(); })
          .then(function (data) { if (ticket === asked) render(data.results || []); })
          .catch(hide);
      }, 200);
    });
    search.addEventListener("keydown", function (event) {
      var options = Array.from(list.querySelectorAll(".crm-picker__option"));
      if (event.key === "ArrowDown" && options.length) { event.preventDefault(); options[0].focus(); }
      if (event.key === "Escape" && !list.hidden) { event.preventDefault(); event.stopPropagation(); hide(); }
    });
    list.addEventListener("keydown", function (event) {
      var item = event.target.closest(".crm-picker__option");
      if (!item) return;
      if (event.key === "Enter") { event.preventDefault(); choose(item); search.focus(); }
      if (event.key === "ArrowDown" && item.nextElementSibling) { event.preventDefault(); item.nextElementSibling.focus(); }
      if (event.key === "ArrowUp") { event.preventDefault(); (item.previousElementSibling || search).focus(); }
    });
    list.addEventListener("mousedown", function (event) {
      var item = event.target.closest(".crm-picker__option");
      if (item) { event.preventDefault(); choose(item); }
    });
    search.addEventListener("blur", function () { setTimeout(function () { if (!box.contains(document.activeElement)) hide(); }, 150); });
  }

  document.addEventListener("submit", submit);
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    var cancel = event.target.closest("[data-crm-composer-cancel]");
    if (cancel) {
      var container = cancel.closest("[data-crm-composer-panel], .crm-dialog__body") || (dialog && dialog.querySelector(".crm-dialog__body"));
      if (container) { event.preventDefault(); close(container); }
      return;
    }
    var trigger = event.target.closest("a[data-crm-composer]");
    if (!trigger || typeof HTMLDialogElement !== "function") return;
    event.preventDefault();
    var panel = null;
    if (trigger.getAttribute("data-crm-composer") === "inline") {
      var tab = trigger.closest(".crm-activity-tab");
      panel = tab && tab.querySelector("[data-crm-composer-panel]");
    }
    open(trigger.href, panel);
  });
  // The composer as a page (opened on its own): its pickers too.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".crm-composer-page [data-crm-picker]").forEach(picker);
  });

  window.crmComposer = { open: function (url) { return open(url, null); } };
})();
