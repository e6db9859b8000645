/* The remark form's place filter (the form works without it: a section, then its places).
 *
 * The 該当箇所 list of a section may hold hundreds of places (every item of every file, every
 * 委託事項, every option). The filter box, hidden in the page until this script shows it, keeps
 * in the list only the places whose label holds every word typed (spaces separate words; full-
 * and half-width forms compare equal); the first place left is chosen when the chosen one is
 * filtered out (when none is left, the choice stays), and the count beside the box says how
 * many are left. After htmx replaces the
 * form (another section chosen), the box is set up again.
 * No inline script or style: served as a static file under the Content-Security-Policy. */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFKC").toLowerCase();
  }

  function setUp() {
    var row = document.getElementById("place-filter-row");
    var box = document.getElementById("place-filter");
    var select = document.getElementById("path");
    var count = document.getElementById("place-filter-count");
    if (!row || !box || !select || box.dataset.ready) {
      return;
    }
    box.dataset.ready = "1";
    row.hidden = false;
    box.addEventListener("input", function () {
      var words = fold(box.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      var first = null;
      Array.prototype.forEach.call(select.options, function (option) {
        var label = fold(option.textContent);
        var keep = words.every(function (word) { return label.indexOf(word) >= 0; });
        option.hidden = !keep; // never disabled: a disabled chosen option would post no place at all
        if (keep) {
          shown += 1;
          first = first || option;
        }
      });
      if (select.selectedOptions.length && select.selectedOptions[0].hidden && first) {
        first.selected = true;
      }
      count.textContent = words.length ? shown + "か所が該当します。" : "";
    });
  }

  document.addEventListener("DOMContentLoaded", setUp);
  document.addEventListener("htmx:afterSettle", setUp);
})();
