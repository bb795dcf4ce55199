/* The filter drawer's contents load when it is first wanted (issue 23 item 8): pointing at or
   focusing "Filters" starts the fetch, so the drawer is usually filled by the time it opens;
   clicking it does too. The answer is the drawer's form alone (crm.admin.kit.list_rendering,
   ?_filters=1). Widgets that Unfold and Django set up on page load are set up here for the
   new form: select2 dropdowns and the date inputs' calendar shortcuts. list_views.js hears
   "crm:filters-loaded" and makes the choices apply at once. */
"use strict";
(function () {
    const BUTTON = ".filter-open-button";
    const FAILED = "The filters could not be loaded. ";

    function drawer() {
        return document.querySelector("#changelist-filter[data-crm-filters]");
    }

    function setUp(body) {
        const $ = window.django && window.django.jQuery;
        if ($) {
            if ($.fn.djangoCustomSelect2) {
                $(body).find(".unfold-admin-autocomplete").djangoCustomSelect2();
            }
            if ($.fn.djangoFilterSelect2) {
                $(body).find(".unfold-filter-autocomplete").djangoFilterSelect2();
            }
            if ($.fn.djangoAdminSelect2) {
                $(body).find(".admin-autocomplete").djangoAdminSelect2();
            }
        }
        if (window.DateTimeShortcuts) {
            body.querySelectorAll("input.vDateField").forEach((input) => {
                window.DateTimeShortcuts.addCalendar(input);
            });
        }
        document.dispatchEvent(new CustomEvent("crm:filters-loaded", { detail: { body } }));
    }

    function failed(panel, body, url) {
        delete panel.dataset.crmFiltersState;
        body.replaceChildren();
        const note = document.createElement("p");
        note.className = "crm-filters-loading";
        note.setAttribute("role", "alert");
        note.append(FAILED);
        const retry = document.createElement("a");
        retry.href = url;
        retry.textContent = "Try again";
        retry.addEventListener("click", (event) => {
            event.preventDefault();
            load();
        });
        note.append(retry);
        body.append(note);
    }

    function load() {
        const panel = drawer();
        if (!panel || panel.dataset.crmFiltersState) {
            return;
        }
        panel.dataset.crmFiltersState = "loading";
        const body = panel.querySelector("[data-crm-filters-body]");
        const url = panel.dataset.crmFilters;
        fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "XMLHttpRequest" } })
            .then((response) => {
                const type = response.headers.get("Content-Type") || "";
                if (!response.ok || response.redirected || !type.startsWith("text/html")) {
                    throw new Error(String(response.status));
                }
                return response.text();
            })
            .then((html) => {
                body.innerHTML = html;
                panel.dataset.crmFiltersState = "loaded";
                setUp(body);
            })
            .catch(() => failed(panel, body, url));
    }

    for (const type of ["pointerover", "focusin", "click"]) {
        document.addEventListener(type, (event) => {
            if (event.target.closest && event.target.closest(BUTTON)) {
                load();
            }
        });
    }
})();
