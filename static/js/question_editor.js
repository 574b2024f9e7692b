// The question editor: add and remove answer rows in place, and offer the
// chosen lesson's headings. Without JavaScript the "Add a row" and "Remove
// row" buttons post the form and the server answers with the rows changed.
(function () {
  "use strict";
  var strings = document.getElementById("editor-strings");
  var parts = document.getElementById("parts");

  function text(name) { return strings ? strings.getAttribute("data-" + name) || "" : ""; }

  function say(message) {
    var status = document.getElementById("rows-status");
    if (status) status.textContent = message;
  }

  if (parts) {
    var list = parts.querySelector(".part-rows");
    var total = parts.querySelector("input[name$='-TOTAL_FORMS']");
    var initial = parts.querySelector("input[name$='-INITIAL_FORMS']");
    var template = document.getElementById("part-template");
    var addButton = parts.querySelector(".add-row");
    var prefix = total.name.replace("-TOTAL_FORMS", "");
    var max = parseInt(parts.getAttribute("data-max"), 10);
    var rowName = new RegExp(prefix + "-(\\d+|__prefix__)-");

    var renumber = function () {
      var rows = list.querySelectorAll(".part-row");
      rows.forEach(function (row, index) {
        row.querySelectorAll("[id], [name], [for], input[type=radio]").forEach(function (el) {
          ["id", "name", "for"].forEach(function (attribute) {
            var value = el.getAttribute(attribute);
            if (value && rowName.test(value)) el.setAttribute(attribute, value.replace(rowName, prefix + "-" + index + "-"));
          });
          if (el.type === "radio" && rowName.test(el.value)) el.value = el.value.replace(rowName, prefix + "-" + index + "-");
        });
        var remove = row.querySelector(".remove-row");
        remove.value = String(index);
        remove.textContent = text("remove").replace("%s", String(index + 1));
      });
      total.value = String(rows.length);
      addButton.disabled = rows.length >= max;
    };

    addButton.addEventListener("click", function (event) {
      event.preventDefault();
      var count = list.querySelectorAll(".part-row").length;
      if (count >= max) return;
      var row = template.content.firstElementChild.cloneNode(true);
      list.appendChild(row);
      renumber();
      var first = row.querySelector("input:not([type=radio]):not([type=checkbox]), textarea");
      if (first) first.focus();
      say(text("added"));
    });

    list.addEventListener("click", function (event) {
      var remove = event.target.closest(".remove-row");
      if (!remove) return;
      event.preventDefault();
      var row = remove.closest(".part-row");
      var index = Array.prototype.indexOf.call(list.children, row);
      var next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      if (index < parseInt(initial.value, 10)) initial.value = String(parseInt(initial.value, 10) - 1);
      renumber();
      var target = next ? next.querySelector("textarea, input:not([type=hidden])") : addButton;
      (target || addButton).focus();
      say(text("removed"));
    });
  }

  var lesson = document.getElementById("id_lesson");
  var anchor = document.getElementById("id_anchor");
  var data = document.getElementById("lesson-headings");
  if (lesson && anchor && data) {
    var headings = JSON.parse(data.getAttribute("data-headings") || "{}");
    lesson.addEventListener("change", function () {
      anchor.replaceChildren();
      anchor.appendChild(new Option(text("top"), ""));
      (headings[lesson.value] || []).forEach(function (pair) {
        anchor.appendChild(new Option(pair[1], pair[0]));
      });
    });
  }
})();
