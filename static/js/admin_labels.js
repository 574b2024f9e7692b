// Select2's search boxes (admin's autocomplete fields) come without a label: give each the name of its field.
(function () {
  "use strict";
  function name(search) {
    // A multiple select's box sits right after its <select>; a single select's dropdown is at the end of the
    // page and names its select in aria-controls ("select2-<id>-results").
    const container = search.closest(".select2-container");
    const match = /^select2-(.+)-results$/.exec(search.getAttribute("aria-controls") || "");
    const select = match ? document.getElementById(match[1]) : container && container.previousElementSibling;
    if (!select || select.tagName !== "SELECT") return null;
    const label = select.id && document.querySelector('label[for="' + select.id + '"]');
    return select.getAttribute("aria-label") || (label && label.textContent.replace(/:$/, "").trim()) || null;
  }
  function label(root) {
    root.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (search) {
      const text = name(search);
      if (text) search.setAttribute("aria-label", text);
    });
  }
  new MutationObserver(function () { label(document); }).observe(document.documentElement, {childList: true, subtree: true});
  window.addEventListener("load", function () { label(document); });
})();
