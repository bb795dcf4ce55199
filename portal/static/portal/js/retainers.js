/* The retainer report opens on the month at hand (issue 25): when the grid is wider than its
   card, it is scrolled so that the current month and the next one end at its right edge: the
   months just past (where payments are overdue) are in view, the earlier ones a scroll away.
   No inline code (CSP). */
(function () {
  "use strict";

  function showCurrentMonth() {
    var scroller = document.querySelector("[data-grid-scroll]");
    if (!scroller || scroller.scrollWidth <= scroller.clientWidth) return;
    var head = scroller.querySelector("th[data-current-month]");
    if (!head) return;
    scroller.scrollLeft = Math.max(0, head.offsetLeft + 2 * head.offsetWidth - scroller.clientWidth);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showCurrentMonth);
  } else {
    showCurrentMonth();
  }
})();
