/* Add Product / quote line / contract line: choosing a product fills the price with its list
   price at once, from the map the form rendered once (data-crm-list-prices on the price
   input). The price stays editable; a price the user typed is never overwritten. A product
   priced in another currency than the parent's leaves the price for the user to enter (lines
   are never converted) and says so under the field. */
(function () {
  "use strict";

  function priceFor(select) {
    const form = select.closest("form");
    return form ? form.querySelector("input[data-crm-list-prices]") : null;
  }

  function hintFor(price) {
    let hint = price.parentElement.querySelector("[data-crm-list-price-hint]");
    if (!hint) {
      hint = document.createElement("div");
      hint.setAttribute("data-crm-list-price-hint", "");
      hint.setAttribute("aria-live", "polite");
      hint.className = "crm-muted";
      hint.style.fontSize = ".8125rem";
      hint.style.marginTop = ".25rem";
      price.insertAdjacentElement("afterend", hint);
    }
    return hint;
  }

  function fill(select) {
    const price = priceFor(select);
    if (!price) return;
    let prices;
    try { prices = JSON.parse(price.dataset.crmListPrices || "{}"); } catch (error) { return; }
    const listed = prices[select.value];
    const hint = hintFor(price);
    const ours = price.dataset.crmFilled === "1" || !price.value;
    if (!listed) { hint.textContent = ""; return; }
    const currency = price.dataset.crmCurrency;
    if (currency && listed.currency !== currency) {
      if (ours) { price.value = ""; delete price.dataset.crmFilled; }
      hint.textContent = "List price " + listed.amount + " " + listed.currency +
        ": enter the price in " + currency + ".";
      return;
    }
    if (ours) {
      price.value = listed.amount;
      price.dataset.crmFilled = "1";
    }
    hint.textContent = "List price " + listed.amount + " " + listed.currency + ".";
  }

  function isProduct(target) {
    return target && target.tagName === "SELECT" && /(^|-)product$/.test(target.name || "");
  }

  document.addEventListener("change", function (event) {
    if (isProduct(event.target)) fill(event.target);
  });
  document.addEventListener("input", function (event) {
    // Typed by the user: theirs from now on.
    if (event.target && event.target.matches && event.target.matches("input[data-crm-list-prices]")) {
      delete event.target.dataset.crmFilled;
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    // Select2 (the product lookup) fires jQuery events, not native ones; django.jQuery
    // exists only once admin/js/jquery.init.js (loaded after this file) has run.
    if (window.django && window.django.jQuery) {
      window.django.jQuery(document).on("select2:select", function (event) {
        if (isProduct(event.target)) fill(event.target);
      });
    }
    document.querySelectorAll("select").forEach(function (select) {
      if (isProduct(select) && select.value) fill(select);
    });
  });
})();
