// Essays: a live word count against the question's limits (the server counts
// the same way and enforces them), and a preview of the Markdown, rendered
// and sanitised by the server. Strings come from Django's JavaScript catalog.
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  if (!form) return;
  var t = window.gettext || function (s) { return s; };
  var nt = window.ngettext || function (s, p, n) { return n === 1 ? s : p; };
  var fmt = window.interpolate || function (s) { return s; };

  // As the server counts (quizzes/types/essay.py): a Chinese, Japanese or Korean character is a word of its own,
  // and full-width punctuation separates words like a space.
  var CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff";
  var WORD = new RegExp("[" + CJK + "]|[^\\s\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65" + CJK + "]+", "g");
  function words(text) { var found = text.match(WORD); return found ? found.length : 0; }

  function count(box) {
    var area = box.querySelector("textarea"), out = box.querySelector(".word-count");
    var n = words(area.value), low = parseInt(box.getAttribute("data-min"), 10), high = parseInt(box.getAttribute("data-max"), 10);
    var text = fmt(nt("%s word", "%s words", n), [n]);
    out.classList.remove("over", "under");
    if (high && n > high) { text += " · " + fmt(t("%s over the limit"), [n - high]); out.classList.add("over"); }
    else if (low && n < low) { text += " · " + fmt(t("at least %s asked for"), [low]); out.classList.add("under"); }
    out.textContent = text;
    out.hidden = false;
  }

  document.querySelectorAll(".essay").forEach(function (box) {
    var area = box.querySelector("textarea");
    count(box);
    area.addEventListener("input", function () { count(box); });
    var button = box.querySelector(".essay-preview-button"), preview = box.querySelector(".essay-preview");
    var url = form.getAttribute("data-preview");
    if (!button || !url || !window.fetch) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var data = new FormData();
      data.append("content", area.value);
      data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      fetch(url, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(); })
        .then(function (html) { preview.innerHTML = html; preview.hidden = false; })
        .catch(function () { preview.textContent = t("The preview could not be shown."); preview.hidden = false; });
    });
  });
})();
