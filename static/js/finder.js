// Glossary and timeline: the search box filters the entries in place as the
// reader types. Without JavaScript the same form asks the server (?q=).
(function () {
  "use strict";
  var form = document.querySelector("form.search-form[data-filter]");
  if (!form) return;
  var input = form.querySelector("input[type=search]");
  var status = form.querySelector(".search-count");
  var entries = Array.prototype.slice.call(document.querySelectorAll(form.getAttribute("data-filter")));
  var groups = Array.prototype.slice.call(document.querySelectorAll(form.getAttribute("data-groups")));
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var texts = entries.map(function (entry) { return fold(entry.textContent); });
  function filter() {
    var wanted = fold(input.value.trim()), shown = 0;
    entries.forEach(function (entry, index) {
      var match = !wanted || texts[index].indexOf(wanted) !== -1;
      entry.hidden = !match;
      if (match) shown += 1;
    });
    groups.forEach(function (group) {
      group.hidden = !Array.prototype.some.call(group.querySelectorAll(form.getAttribute("data-filter")),
                                                function (entry) { return !entry.hidden; });
    });
    status.textContent = wanted ? form.getAttribute("data-count").replace("%(count)s", String(shown)) : "";
  }
  input.addEventListener("input", filter);
})();
