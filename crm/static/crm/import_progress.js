/* The progress bar of a big import on the worker (crm/includes/import_job.html, issue 26):
   polls the job's JSON every 2 s, moves the bar and the counts, and reloads the page once the
   job has finished so the server shows the outcome. No inline script: CSP. */
(function () {
  "use strict";

  var EVERY_MS = 2000;

  function describe(job) {
    if (job.status === "queued") return "Waiting for the worker to start…";
    var total = job.total_rows === null ? "?" : job.total_rows.toLocaleString();
    return job.rows_done.toLocaleString() + " of " + total + " rows checked";
  }

  function show(panel, job) {
    var bar = panel.querySelector("[data-job-bar]");
    if (bar && job.total_rows) {
      bar.max = job.total_rows;
      bar.value = job.rows_done;
    }
    var text = panel.querySelector("[data-job-text]");
    if (text && text.firstChild) {
      text.firstChild.textContent = describe(job) + " · ";
    }
    var errors = panel.querySelector("[data-job-errors]");
    if (errors) errors.textContent = job.error_count.toLocaleString();
  }

  function poll(panel) {
    fetch(panel.getAttribute("data-import-job"), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (job) {
        show(panel, job);
        if (job.finished) {
          window.location.reload();
        } else {
          setTimeout(function () { poll(panel); }, EVERY_MS);
        }
      })
      .catch(function () {
        // A network hiccup: try again a little later rather than giving up.
        setTimeout(function () { poll(panel); }, EVERY_MS * 2);
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var panel = document.querySelector("[data-import-job]");
    if (panel) setTimeout(function () { poll(panel); }, EVERY_MS);
  });
})();
