// Quiz attempt: autosave as the student answers, reorder without a page
// load, and a countdown that warns a minute before time runs out. Without
// JavaScript the page still works: Save, Up/Down and Submit are real buttons.
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  if (!form || !window.fetch) return;
  var status = document.getElementById("save-status");
  var saveUrl = form.getAttribute("data-autosave");
  var timer = null, pending = false;

  function say(text) { if (status) status.textContent = text; }
  // Strings come from Django's JavaScript catalog (i18n/catalog.js, loaded before this file).
  var gettext = window.gettext || function (message) { return message; };
  var interpolate = window.interpolate || function (format, values) { return format.replace("%s", values[0]); };

  function save() {
    timer = null;
    var data = new FormData(form);
    say(gettext("Saving…"));
    return fetch(saveUrl, { method: "POST", body: data, credentials: "same-origin",
                            headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        return response.json().then(function (json) { return { ok: response.ok, status: response.status, json: json }; });
      })
      .then(function (result) {
        if (result.json.closed && result.json.review) { window.location = result.json.review; return; }
        var errors = result.json.errors || {};
        document.querySelectorAll(".question").forEach(function (q) { q.classList.remove("question-error"); });
        Object.keys(errors).forEach(function (position) {
          var q = document.getElementById("question-" + position);
          if (q) q.classList.add("question-error");
        });
        var incomplete = result.json.incomplete;
        if (incomplete) {
          document.querySelectorAll(".answer-incomplete").forEach(function (note) {
            var position = note.id.replace("incomplete-", "");
            if (incomplete[position]) { note.textContent = incomplete[position]; note.hidden = false; }
            else if (!errors[position]) note.hidden = true;
          });
        }
        if (result.json.answered) showAnswered(result.json.answered);
        if (result.json.flagged) showFlagged(result.json.flagged);
        var time = new Date().toLocaleTimeString(document.documentElement.lang || undefined);
        say(result.ok ? interpolate(gettext("Saved at %s"), [time])
                      : gettext("Some answers need fixing:") + " " + Object.values(errors).join(" "));
      })
      .catch(function () { say(gettext("Not saved: check your connection. Your answers will be saved when it returns.")); pending = true; });
  }

  // The navigator: answered (as saved on the server), flagged (as ticked),
  // and the question the student is in (aria-current).
  var nav = document.getElementById("quiz-nav");
  function navLink(position) {
    return nav && nav.querySelector('.quiz-nav-link[data-position="' + position + '"]');
  }
  function showAnswered(positions) {
    if (!nav) return;
    var answered = positions.map(String);
    nav.querySelectorAll(".quiz-nav-link").forEach(function (link) {
      var yes = answered.indexOf(link.getAttribute("data-position")) !== -1;
      link.classList.toggle("is-answered", yes);
      link.querySelector(".quiz-nav-state").textContent = nav.getAttribute(yes ? "data-answered" : "data-unanswered");
    });
    var count = document.getElementById("answered-count");
    if (count) count.textContent = String(answered.length);
  }
  function showFlag(position, flagged) {
    var link = navLink(position);
    if (!link) return;
    link.classList.toggle("is-flagged", flagged);
    link.querySelector(".quiz-nav-flag").hidden = !flagged;
  }
  function showFlagged(positions) {
    if (!nav) return;
    nav.querySelectorAll(".quiz-nav-link").forEach(function (link) {
      var position = link.getAttribute("data-position");
      var box = form.querySelector('input[name="q' + position + '-flag"]');
      // A flag ticked since this save was sent is newer than the server's list.
      showFlag(position, box ? box.checked : positions.map(String).indexOf(position) !== -1);
    });
  }
  function markCurrent(position) {
    if (!nav) return;
    nav.querySelectorAll(".quiz-nav-link[aria-current]").forEach(function (link) { link.removeAttribute("aria-current"); });
    var link = navLink(position);
    if (link) link.setAttribute("aria-current", "location");
  }
  form.addEventListener("change", function (event) {
    var match = event.target.name && event.target.name.match(/^q(\d+)-flag$/);
    if (match) showFlag(match[1], event.target.checked);
  });
  if (nav) {
    nav.addEventListener("click", function (event) {
      var link = event.target.closest(".quiz-nav-link");
      if (link) markCurrent(link.getAttribute("data-position"));
    });
  }

  // Keep the focused element clear of the sticky Save/Finish bar:
  // WCAG 2.2, 2.4.11 Focus Not Obscured.
  var bar = form.querySelector(".attempt-actions");
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    var question = target.closest && target.closest(".question");
    if (question) markCurrent(question.id.replace("question-", ""));
    if (!bar || bar.contains(target) || !target.getBoundingClientRect) return;
    var rect = target.getBoundingClientRect(), limit = bar.getBoundingClientRect().top - 8;
    if (rect.bottom > limit) window.scrollBy(0, rect.bottom - limit);
  });

  // A date missing a part the question asks for is saved as typed, but the
  // student hears at once that it is incomplete (the server says so again).
  function checkDate(entry) {
    var note = entry.closest(".question") && entry.closest(".question").querySelector(".answer-incomplete");
    if (!note) return;
    var value = function (part) {
      var field = entry.querySelector('[name$="-' + part + '"]');
      return field ? field.value.trim() : "";
    };
    var precision = entry.getAttribute("data-precision");
    var typed = value("year") || value("month") || value("day");
    var missing = (precision !== "year" && !value("month")) || (precision === "day" && !value("day"));
    if (typed && missing) {
      note.textContent = entry.getAttribute("data-incomplete");
      note.hidden = false;
    } else {
      note.hidden = true;
    }
  }
  function dateChanged(event) {
    var entry = event.target.closest && event.target.closest(".date-entry");
    if (entry) checkDate(entry);
  }
  form.addEventListener("input", dateChanged);
  form.addEventListener("change", dateChanged);

  function schedule() { if (timer) clearTimeout(timer); timer = setTimeout(save, 600); }
  form.addEventListener("change", schedule);
  form.addEventListener("input", function (event) { if (event.target.type === "text" || event.target.type === "number" || event.target.type === "textarea") schedule(); });
  window.addEventListener("online", function () { if (pending) { pending = false; save(); } });

  // Ordering: Up/Down move the item on the page and renumber the selects;
  // a move is an answer, so it ticks "This order is my answer".
  function renumber(list) {
    var confirm = form.querySelector('input[name="' + list.getAttribute("data-ordering") + '-confirm"]');
    if (confirm) confirm.checked = true;
    var items = list.querySelectorAll(".ordering-item");
    items.forEach(function (item, index) {
      item.querySelector("select").value = String(index + 1);
      var up = item.querySelector(".move-up"), down = item.querySelector(".move-down");
      if (up) up.disabled = index === 0;
      if (down) down.disabled = index === items.length - 1;
    });
  }
  form.addEventListener("click", function (event) {
    var button = event.target.closest(".move-up, .move-down");
    if (!button) return;
    event.preventDefault();
    var item = button.closest(".ordering-item"), list = item.parentNode;
    if (button.classList.contains("move-up") && item.previousElementSibling) {
      list.insertBefore(item, item.previousElementSibling);
    } else if (button.classList.contains("move-down") && item.nextElementSibling) {
      list.insertBefore(item.nextElementSibling, item);
    }
    renumber(list);
    var same = item.querySelector(button.classList.contains("move-up") ? ".move-up" : ".move-down");
    (same && !same.disabled ? same : item.querySelector("button:not([disabled])")).focus();
    schedule();
  });
  // Choosing a position in a select moves the item there.
  form.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches(".ordering select")) return;
    var item = select.closest(".ordering-item"), list = item.parentNode;
    var items = Array.prototype.slice.call(list.children);
    var target = Math.max(0, Math.min(items.length - 1, parseInt(select.value, 10) - 1));
    list.removeChild(item);
    list.insertBefore(item, list.children[target] || null);
    renumber(list);
    select.focus();
  });

  // Countdown: the server holds the deadline; this only shows it.
  var clock = document.getElementById("timer");
  if (clock) {
    var left = parseInt(clock.getAttribute("data-seconds"), 10);
    var value = document.getElementById("timer-value"), warning = document.getElementById("timer-warning");
    var end = Date.now() + left * 1000;
    var tick = function () {
      var seconds = Math.max(0, Math.round((end - Date.now()) / 1000));
      var m = Math.floor(seconds / 60), s = seconds % 60;
      value.textContent = m + ":" + (s < 10 ? "0" : "") + s;
      if (seconds <= 60 && warning.hidden) { warning.hidden = false; save(); }
      if (seconds <= 0) {
        clearInterval(handle);
        save().then(function () { window.location.reload(); });
      }
    };
    var handle = setInterval(tick, 1000);
    tick();
  }
})();
