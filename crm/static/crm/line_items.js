/* Opportunity line items: picking a product pre-fills an empty "Sale price" with the
   product's list price (the server applies the same default when the field stays blank). */
(function () {
  "use strict";
  const priceUrl = (id) => `${window.location.pathname.split("/crm/")[0]}/crm/product/${id}/price/`;

  async function prefill(select) {
    const id = select.value;
    const row = select.closest("tr, .form-row, .inline-related");
    const price = row && row.querySelector("[data-crm-line-price]");
    if (!id || !price || price.value) return;
    try {
      const response = await fetch(priceUrl(id), { credentials: "same-origin" });
      if (!response.ok) return;
      const data = await response.json();
      if (!price.value) price.value = data.amount;
      price.placeholder = `${data.amount} ${data.currency}`;
    } catch (error) {
      /* Offline or refused: the server still defaults a blank price to the list price. */
    }
  }

  function onChange(event) {
    const target = event.target;
    if (target && target.name && /^line_items-\d+-product$/.test(target.name)) prefill(target);
  }

  document.addEventListener("change", onChange);
  if (window.django && window.django.jQuery) {
    // Select2 (autocomplete) fires jQuery events, not native ones.
    window.django.jQuery(document).on("select2:select", (event) => onChange(event));
  }
})();
