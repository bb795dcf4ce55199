/* Pipeline Kanban: each column shows its first cards; "Show more" fetches the next page of a
   column. Drag a card (first page or loaded later) to another stage → POST to change_stage.
   Moving a Closed Won deal back to an open stage asks first (Cancel leaves it where it was).
   On success the card keeps its new place and the two touched column headers refresh; on any
   refusal (stale version, illegal move, no permission, expired session, bad token, server
   down) the card snaps back and the reason shows in a toast. */
(function () {
  "use strict";

  const root = document.querySelector(".pipeline");
  if (!root || typeof Sortable === "undefined") return;
  const dialog = document.getElementById("loss-reason-dialog");
  const reopenDialog = document.getElementById("reopen-dialog");
  const OPEN_STAGES = ["qualifying", "needs_analysis", "proposal", "negotiation"];
  const JSON_HEADERS = { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" };

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  /* The shell's one toast style (crm/static/crm/toasts.js, loaded on every page). */
  function showToast(text, tone) {
    window.crmToast(text, tone);
  }

  /* fetch() that always resolves to {ok, data}: the server's JSON message when there is one,
     a plain explanation otherwise (network down, an HTML error page). */
  async function requestJson(url, options) {
    let response;
    try {
      response = await fetch(url, Object.assign({ credentials: "same-origin" }, options));
    } catch (error) {
      return { ok: false, data: { error: "The server could not be reached. Nothing was changed." } };
    }
    let data = null;
    try { data = await response.json(); } catch (error) { data = null; }
    if (!data || typeof data !== "object") {
      data = { error: "The server answered with an error (" + response.status + "). Nothing was changed." };
    }
    return { ok: response.ok && data.ok !== false, data: data };
  }

  function filterParams() {
    return { owner: root.dataset.owner, period: root.dataset.period, q: root.dataset.search };
  }

  function snapBack(evt) {
    const reference = evt.from.children[evt.oldIndex] || null;
    evt.from.insertBefore(evt.item, reference);
  }

  function refreshHeaders(columns) {
    Object.keys(columns).forEach(function (stage) {
      const column = root.querySelector('.pipeline__column[data-stage="' + stage + '"]');
      if (!column) return;
      const data = columns[stage];
      column.querySelector('[data-role="count"]').textContent = "(" + data.count + ")";
      const total = column.querySelector('[data-role="total"]');
      const weighted = column.querySelector('[data-role="weighted"]');
      total.textContent = data.total;
      total.title = "Total " + data.total_exact;
      weighted.textContent = data.weighted;
      weighted.title = "Weighted " + data.weighted_exact;
    });
  }

  function askLossReason() {
    return new Promise(function (resolve) {
      // Without a dialog the server refuses the move and says a reason is needed.
      if (!dialog || typeof dialog.showModal !== "function") { resolve({ reason: "", details: "" }); return; }
      const reason = dialog.querySelector("select");
      const details = dialog.querySelector("textarea");
      reason.value = "";
      details.value = "";
      dialog.returnValue = "";
      dialog.addEventListener("close", function onClose() {
        dialog.removeEventListener("close", onClose);
        const confirmed = dialog.returnValue === "confirm";
        resolve(confirmed ? { reason: reason.value, details: details.value } : null);
      });
      dialog.showModal();
      reason.focus();
    });
  }

  /* Reopening a won deal takes it out of the won figures: ask first (Cancel keeps the card). */
  function confirmReopen(card, stageLabel) {
    return new Promise(function (resolve) {
      if (!reopenDialog || typeof reopenDialog.showModal !== "function") {
        resolve(window.confirm("Reopen this Closed Won opportunity and move it to " + stageLabel + "?"));
        return;
      }
      const name = card.querySelector(".pipeline__card-name, a");
      reopenDialog.querySelector('[data-role="deal"]').textContent = name ? name.textContent.trim() : "";
      reopenDialog.querySelector('[data-role="stage"]').textContent = stageLabel;
      reopenDialog.addEventListener("close", function onClose() {
        reopenDialog.removeEventListener("close", onClose);
        resolve(reopenDialog.returnValue === "confirm");
      });
      reopenDialog.returnValue = "";
      reopenDialog.showModal();
    });
  }

  function clearTargets() {
    root.querySelectorAll(".pipeline__cards--target").forEach(function (list) {
      list.classList.remove("pipeline__cards--target");
    });
  }

  async function move(evt) {
    const card = evt.item;
    const stage = evt.to.dataset.stage;
    if (evt.from === evt.to) return;
    if (evt.from.dataset.stage === "closed_won" && OPEN_STAGES.indexOf(stage) !== -1) {
      const column = evt.to.closest(".pipeline__column");
      const confirmed = await confirmReopen(card, column ? column.dataset.label : stage);
      if (!confirmed) { snapBack(evt); return; }
    }
    let loss = { reason: "", details: "" };
    if (stage === "closed_lost") {
      loss = await askLossReason();
      if (loss === null) { snapBack(evt); return; }
    }
    card.classList.add("pipeline__card--saving");
    const params = filterParams();
    const result = await requestJson(root.dataset.moveUrl, {
      method: "POST",
      headers: Object.assign({ "Content-Type": "application/json", "X-CSRFToken": csrfToken() }, JSON_HEADERS),
      body: JSON.stringify({
        id: card.dataset.id, version: card.dataset.version, stage: stage,
        loss_reason: loss.reason, loss_details: loss.details, owner: params.owner, period: params.period, search: params.q,
      }),
    });
    card.classList.remove("pipeline__card--saving");
    if (!result.ok) {
      snapBack(evt);
      showToast(result.data.error || "The move was refused. Nothing was changed.", "error");
      return;
    }
    card.dataset.version = result.data.card.version;
    // The source column's server-side list lost a card: its next page starts one earlier.
    evt.from.dataset.offset = Math.max(0, Number(evt.from.dataset.offset || 0) - 1);
    refreshHeaders(result.data.columns);
    showToast(result.data.message, "success");
  }

  async function showMore(button) {
    const list = button.parentElement.querySelector(".pipeline__cards");
    const params = new URLSearchParams(Object.assign(filterParams(), {
      stage: button.dataset.stage, offset: list.dataset.offset || "0",
    }));
    button.disabled = true;
    const result = await requestJson(root.dataset.columnUrl + "?" + params.toString(), {
      headers: JSON_HEADERS,
    });
    button.disabled = false;
    if (!result.ok) {
      showToast(result.data.error || "More cards could not be loaded.", "error");
      return;
    }
    const holder = document.createElement("ol");
    holder.innerHTML = result.data.html;
    let loaded = 0;
    Array.from(holder.children).forEach(function (card) {
      loaded += 1;
      // A card dragged here earlier may come again with its column's later page: keep one.
      if (!root.querySelector('.pipeline__card[data-id="' + card.dataset.id + '"]')) {
        list.appendChild(card);
      }
    });
    list.dataset.offset = Number(list.dataset.offset || 0) + loaded;
    if (result.data.next_offset === null) button.remove();
  }

  root.querySelectorAll(".pipeline__more").forEach(function (button) {
    button.addEventListener("click", function () { showMore(button); });
  });

  const canMove = root.dataset.canMove === "true";
  root.querySelectorAll(".pipeline__cards").forEach(function (list) {
    Sortable.create(list, {
      group: "pipeline",
      sort: false,
      disabled: !canMove,
      animation: 150,
      ghostClass: "pipeline__card--ghost",
      chosenClass: "pipeline__card--chosen",
      dragClass: "pipeline__card--drag",
      onStart: function () { root.classList.add("pipeline--dragging"); },
      onMove: function (evt) {
        clearTargets();
        if (evt.to !== evt.from) evt.to.classList.add("pipeline__cards--target");
      },
      onEnd: function (evt) {
        root.classList.remove("pipeline--dragging");
        clearTargets();
        move(evt);
      },
    });
  });
})();
