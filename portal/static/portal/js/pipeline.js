/* Pipeline Kanban: drag a card to another stage → POST to change_stage. On success the card
   keeps its new place and every column header refreshes; on any refusal (stale version,
   illegal move, no permission, expired session) the card snaps back and the reason shows. */
(function () {
  "use strict";

  const root = document.querySelector(".pipeline");
  if (!root || typeof Sortable === "undefined") return;
  const toast = root.querySelector(".pipeline__toast");
  const dialog = document.getElementById("loss-reason-dialog");
  let toastTimer = null;

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function showToast(text, tone) {
    toast.textContent = text;
    toast.className = "pipeline__toast pipeline__toast--" + tone;
    toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { toast.hidden = true; }, tone === "error" ? 9000 : 4000);
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
      column.querySelector('[data-role="total"]').textContent = data.total;
      column.querySelector('[data-role="weighted"]').textContent = data.weighted;
    });
  }

  function askLossReason() {
    return new Promise(function (resolve) {
      if (!dialog || typeof dialog.showModal !== "function") { resolve(""); return; }
      const field = dialog.querySelector("textarea");
      field.value = "";
      dialog.addEventListener("close", function onClose() {
        dialog.removeEventListener("close", onClose);
        resolve(dialog.returnValue === "confirm" ? field.value : null);
      });
      dialog.showModal();
      field.focus();
    });
  }

  async function move(evt) {
    const card = evt.item;
    const stage = evt.to.dataset.stage;
    if (evt.from === evt.to) return;
    let lossReason = "";
    if (stage === "closed_lost") {
      lossReason = await askLossReason();
      if (lossReason === null) { snapBack(evt); return; }
    }
    card.classList.add("pipeline__card--saving");
    let response, data;
    try {
      response = await fetch(root.dataset.moveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({
          id: card.dataset.id, version: card.dataset.version, stage: stage,
          loss_reason: lossReason, owner: root.dataset.owner, period: root.dataset.period,
          search: root.dataset.search,
        }),
      });
      data = await response.json();
    } catch (error) {
      data = { error: "The server could not be reached. Nothing was changed." };
      response = { ok: false };
    } finally {
      card.classList.remove("pipeline__card--saving");
    }
    if (!response.ok || !data.ok) {
      snapBack(evt);
      showToast(data.error || "The move was refused. Nothing was changed.", "error");
      return;
    }
    card.dataset.version = data.card.version;
    refreshHeaders(data.columns);
    showToast(data.message, "success");
  }

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
      onEnd: function (evt) { root.classList.remove("pipeline--dragging"); move(evt); },
    });
  });
})();
