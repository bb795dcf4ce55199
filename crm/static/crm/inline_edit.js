/* Inline edit in lists (issue 23 item 5): the pencil in a list cell. The page carries the
   editable columns and, in the table's order, each row's version and raw values
   (#crm-inline-edit, crm/admin/kit/inline_edit.py); this script wraps those cells in a pencil cell.
   Clicking the pencil (or Enter on the focused cell) swaps in an input with ✓ / ✕. Enter
   saves (a same-origin POST with the CSRF token), Esc cancels. A refusal restores the cell
   and shows the server's message as an error toast; nothing else on the page changes. */
(function () {
  "use strict";

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function toast(text, tone) {
    if (window.crmToast) window.crmToast(text, tone);
  }

  function buildInput(cell) {
    var kind = cell.dataset.kind;
    var input;
    if (kind === "select") {
      input = document.createElement("select");
      JSON.parse(cell.dataset.choices || "[]").forEach(function (pair) {
        var option = document.createElement("option");
        option.value = pair[0];
        option.textContent = pair[1];
        input.appendChild(option);
      });
    } else {
      input = document.createElement("input");
      input.type = kind === "date" ? "date" : "text";
    }
    input.value = cell.dataset.value || "";
    input.className = "crm-inline__input";
    input.setAttribute("aria-label", cell.dataset.label || "Value");
    return input;
  }

  function button(text, label, cls) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.className = "crm-inline__btn " + cls;
    b.setAttribute("aria-label", label);
    return b;
  }

  function close(cell) {
    var editor = cell.querySelector(".crm-inline__editor");
    if (editor) editor.remove();
    cell.classList.remove("crm-inline--editing");
    cell.focus();
  }

  function post(cell, fields) {
    var body = new URLSearchParams(fields);
    body.set("column", cell.dataset.column);
    return fetch(cell.dataset.inlineUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch" },
      body: body,
    }).then(function (response) {
      return response.json().catch(function () {
        return { ok: false, error: "The change could not be saved (" + response.status + ")." };
      });
    });
  }

  function show(cell, data) {
    cell.querySelector(".crm-inline__value").innerHTML = data.html;
    cell.dataset.value = data.value;
    rowVersion(cell, data.version);
  }

  function failed() {
    toast("The change could not be saved. Check your connection and try again.", "error");
  }

  function save(cell, input) {
    cell.classList.add("crm-inline--saving");
    post(cell, { value: input.value, version: cell.dataset.version })
      .then(function (data) {
        if (data.ok) {
          show(cell, data);
          toast(cell.dataset.label + " saved.", "success");
        } else {
          toast(data.error, "error");
        }
      }, failed)
      .finally(function () {
        cell.classList.remove("crm-inline--saving");
        close(cell);
      });
  }

  // The same column's cell in every selected row (and the edited one), keyed by record id.
  function selectedCells(cell) {
    var cells = {};
    cells[cell.dataset.pk] = cell;
    var table = cell.closest("table");
    if (!table) return cells;
    table.querySelectorAll("input.action-select:checked").forEach(function (box) {
      var row = box.closest("tr");
      var other = row && row.querySelector('.crm-inline[data-column="' + cell.dataset.column + '"]');
      if (other) cells[other.dataset.pk] = other;
    });
    return cells;
  }

  function saveSelected(cell, input, cells) {
    var rows = Object.keys(cells).map(function (pk) { return pk + ":" + cells[pk].dataset.version; });
    post(cell, { value: input.value, rows: rows.join(",") })
      .then(function (data) {
        var saved = 0;
        Object.keys(data.rows || {}).forEach(function (pk) {
          if (data.rows[pk].ok && cells[pk]) { show(cells[pk], data.rows[pk]); saved += 1; }
        });
        if (saved) toast(cell.dataset.label + " saved on " + saved + " record(s).", "success");
        (data.errors || [data.error]).forEach(function (message) {
          if (message) toast(message, "error");
        });
      }, failed)
      .finally(function () { close(cell); });
  }

  function open(cell) {
    if (cell.classList.contains("crm-inline--editing")) return;
    cell.classList.add("crm-inline--editing");
    var editor = document.createElement("span");
    editor.className = "crm-inline__editor";
    var input = buildInput(cell);
    var ok = button("✓", "Save", "crm-inline__save");
    var cancel = button("✕", "Cancel", "crm-inline__cancel");
    editor.append(input, ok, cancel);
    var cells = selectedCells(cell);
    var count = Object.keys(cells).length;
    if (count > 1) {
      var all = button("Apply to " + count + " selected", "Apply to " + count + " selected", "crm-inline__all");
      editor.appendChild(all);
      all.addEventListener("click", function (e) { e.stopPropagation(); saveSelected(cell, input, cells); });
    }
    cell.appendChild(editor);
    input.focus();
    ok.addEventListener("click", function (e) { e.stopPropagation(); save(cell, input); });
    cancel.addEventListener("click", function (e) { e.stopPropagation(); close(cell); });
    editor.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); e.stopPropagation(); save(cell, input); }
      if (e.key === "Escape") { e.preventDefault(); e.stopPropagation(); close(cell); }
    });
    editor.addEventListener("click", function (e) { e.stopPropagation(); });
  }

  // Turn each editable cell of each row into a pencil cell (the server rendered it as usual).
  function decorate() {
    var source = document.getElementById("crm-inline-edit");
    if (!source) return;
    var config = JSON.parse(source.textContent);
    var rows = document.querySelectorAll("#result_list tr.data-row");
    if (rows.length !== config.rows.length) return;  // not the table the data describes
    config.rows.forEach(function (data, index) {
      var row = rows[index];
      var pk = data.pk;
      Object.keys(config.columns).forEach(function (column) {
        var spec = config.columns[column];
        var td = row.querySelector(".field-" + column);
        if (!td) return;
        var cell = document.createElement("span");
        cell.className = "crm-inline";
        cell.tabIndex = 0;
        cell.dataset.inlineUrl = config.url + pk + "/" + spec.field + "/";
        cell.dataset.version = data.version;
        cell.dataset.column = column;
        cell.dataset.kind = spec.kind;
        cell.dataset.value = data.values[spec.field];
        cell.dataset.choices = JSON.stringify(spec.choices);
        cell.dataset.label = spec.label;
        cell.dataset.pk = pk;
        var value = document.createElement("span");
        value.className = "crm-inline__value";
        while (td.firstChild) value.appendChild(td.firstChild);
        var pencil = document.createElement("span");
        pencil.className = "crm-inline__pencil material-symbols-outlined";
        pencil.setAttribute("aria-hidden", "true");
        pencil.textContent = "edit";
        cell.append(value, pencil);
        td.appendChild(cell);
      });
    });
  }

  // One save moves the row's version on: every editable cell of that row follows it.
  function rowVersion(cell, version) {
    var row = cell.closest("tr");
    if (!row) return;
    row.querySelectorAll(".crm-inline").forEach(function (other) { other.dataset.version = version; });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", decorate);
  else decorate();

  document.addEventListener("click", function (e) {
    var pencil = e.target.closest && e.target.closest(".crm-inline__pencil");
    if (pencil) { e.preventDefault(); open(pencil.closest(".crm-inline")); }
  });
  document.addEventListener("keydown", function (e) {
    var cell = e.target.classList && e.target.classList.contains("crm-inline") ? e.target : null;
    if (cell && e.key === "Enter") { e.preventDefault(); open(cell); }
  });
})();
