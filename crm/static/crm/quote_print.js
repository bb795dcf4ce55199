/* The printable quote's "Print / Save as PDF" button (no inline handler: CSP). */
"use strict";
document.addEventListener("click", (event) => {
    if (event.target.closest("[data-print-quote]")) {
        window.print();
    }
});
