/* <select data-autosubmit> submits its form when changed (no inline onchange: CSP). */
"use strict";
document.addEventListener("change", (event) => {
    const field = event.target.closest("[data-autosubmit]");
    if (field && field.form) {
        field.form.submit();
    }
});
