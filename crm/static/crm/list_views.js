/* Filters apply as they change (issue 23): a choice in the filter drawer submits it at once.
   Unfold's dropdowns are select2 widgets, which announce a change through jQuery only, hence
   the jQuery listener. The Apply button stays only where a value is typed (dates, numbers). */
"use strict";
(function () {
    const CHOICES = "#filter-form select, #filter-form input[type=radio], #filter-form input[type=checkbox]";
    const TYPED = "input:not([type=hidden]):not([type=radio]):not([type=checkbox]):not(.select2-search__field)";

    function submit(field) {
        const form = field.closest("#filter-form");
        if (form) {
            form.requestSubmit();
        }
    }

    if (window.django && window.django.jQuery) {
        window.django.jQuery(document).on("change", CHOICES, function () {
            submit(this);
        });
    } else {
        document.addEventListener("change", (event) => {
            if (event.target.matches(CHOICES)) {
                submit(event.target);
            }
        });
    }

    function hideApply() {
        const form = document.getElementById("filter-form");
        if (form && !form.querySelector(TYPED)) {
            form.querySelectorAll("button[type=submit]").forEach((button) => {
                button.style.display = "none";
            });
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", hideApply);
    } else {
        hideApply();
    }
    // The drawer's form arrives when the drawer is first wanted (list_filters.js).
    document.addEventListener("crm:filters-loaded", hideApply);

    // Deleting a saved view asks first (the ✕ sits right beside the view's name).
    document.addEventListener("submit", (event) => {
        const form = event.target.closest("form[data-crm-confirm]");
        if (form && !window.confirm(form.dataset.crmConfirm)) {
            event.preventDefault();
        }
    });
})();
