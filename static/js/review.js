// Daily review: keys 1–4 pick a choice (and check it) on a card, or a rating
// after the answer. Without JavaScript every step is a plain form button.
(function () {
  "use strict";
  document.querySelectorAll(".keyboard-help").forEach(function (el) { el.hidden = false; });
  // A date card has no autofocus of its own (its fields come from the quizzes' template).
  var form = document.getElementById("review-form");
  if (form && !form.contains(document.activeElement)) {
    var first = form.querySelector("fieldset input:not([type=hidden]), fieldset select");
    if (first) first.focus();
  }
  function typing(target) {
    return target && (target.tagName === "INPUT" && target.type !== "radio" || target.tagName === "SELECT" ||
                      target.tagName === "TEXTAREA");
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    var n = parseInt(event.key, 10);
    if (!(n >= 1 && n <= 4)) return;
    var rating = document.querySelector(".rating-form button[name=rating][value='" + n + "']");
    if (rating) { event.preventDefault(); rating.click(); return; }
    var choices = document.querySelectorAll("#review-form input[name=choice]");
    if (choices.length >= n) {
      event.preventDefault();
      choices[n - 1].checked = true;
      document.getElementById("review-form").requestSubmit();
    }
  });
})();
