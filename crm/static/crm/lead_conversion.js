/* Convert lead page: picking a record in a "Search another …" box also selects that option,
   so the user never converts with a choice they did not mean. Select2 fires jQuery events. */
window.addEventListener("load", function () {
  var $ = window.django && window.django.jQuery;
  if (!$) return;
  $(".crm-convert select[data-choice]").on("change", function () {
    if (!this.value) return;
    var radio = document.querySelector('input[name="' + this.dataset.choice + '"][value="other"]');
    if (radio) radio.checked = true;
  });
});
