/* Related-object "+" / edit / lookup links open Django's popup window, not Unfold's iframe.
 *
 * The app forbids framing (X-Frame-Options: DENY, CSP frame-ancestors 'none'), so Unfold's
 * modal iframe would stay blank. This listener runs in the window's capture phase, before
 * Unfold's document-level one, and hands the click to Django's RelatedObjectLookups.js.
 */
"use strict";
window.addEventListener(
    "click",
    (event) => {
        const link = event.target.closest(
            'a.related-widget-wrapper-link[data-popup="yes"], a.related-lookup',
        );
        if (!link || !link.href) {
            return;
        }
        const isLookup = link.classList.contains("related-lookup");
        const open = isLookup ? window.showRelatedObjectLookupPopup : window.showRelatedObjectPopup;
        if (typeof open !== "function") {
            return; // not an admin form page: let the link behave as a link
        }
        event.preventDefault();
        event.stopImmediatePropagation();
        open(link);
    },
    { capture: true },
);
