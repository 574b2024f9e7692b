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
  function text(name) { return form.getAttribute("data-" + name) || ""; }

  function save() {
    timer = null;
    var data = new FormData(form);
    say(text("saving"));
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
        say(result.ok ? text("saved") + " " + new Date().toLocaleTimeString() : text("fix") + " " + Object.values(errors).join(" "));
      })
      .catch(function () { say(text("offline")); pending = true; });
  }

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
