// The instructor area without page reloads. Every form marked data-live is
// sent with fetch; the page the server answers with (the same one a browser
// without JavaScript gets) replaces the live sections, and focus returns to
// the control that was used (or its section's heading). Without JavaScript
// the forms post and reload as usual.
(function () {
  "use strict";
  var LIVE = ["#questions", "#picker", "#publish-problems"];

  function sameControl(doc, submitter) {
    if (!submitter || !submitter.name) return null;
    var found = null;
    doc.querySelectorAll("button[name], input[name]").forEach(function (el) {
      if (!found && el.name === submitter.name && el.value === submitter.value) found = el;
    });
    return found;
  }

  function swap(html, submitter, section) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    LIVE.forEach(function (selector) {
      var old = document.querySelector(selector);
      var fresh = doc.querySelector(selector);
      if (old && fresh) old.replaceWith(document.importNode(fresh, true));
      else if (old) old.remove();
      else if (fresh && document.querySelector(".editor-grid")) {
        document.querySelector(".editor-grid").before(document.importNode(fresh, true));
      }
    });
    bind();
    var status = document.getElementById("live-status");
    var messages = doc.querySelector(".messages");
    if (status) status.textContent = messages ? messages.textContent.trim() : "";
    var target = sameControl(document, submitter);
    if (target && target.disabled && submitter.value.indexOf("up:") === 0) {
      target = sameControl(document, {name: "action", value: submitter.value.replace("up:", "down:")});
    } else if (target && target.disabled && submitter.value.indexOf("down:") === 0) {
      target = sameControl(document, {name: "action", value: submitter.value.replace("down:", "up:")});
    }
    if (!target || target.disabled) {
      var heading = section && document.querySelector("#" + section + " h2");
      target = heading;
    }
    if (target) target.focus();
  }

  function send(event) {
    var form = event.currentTarget;
    var submitter = event.submitter || null;
    var section = form.closest("section") ? form.closest("section").id : "";
    var data = new FormData(form, submitter);
    var request;
    if (form.method.toLowerCase() === "get") {
      var url = new URL(form.getAttribute("action") || "", window.location.href);
      url.search = new URLSearchParams(data).toString();
      url.hash = "";
      request = fetch(url.toString(), {credentials: "same-origin"});
    } else {
      // getAttribute: a control named "action" shadows form.action.
      request = fetch(form.getAttribute("action") || window.location.href, {method: "POST", body: data, credentials: "same-origin"});
    }
    event.preventDefault();
    form.setAttribute("aria-busy", "true");
    request.then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      var landed = new URL(response.url);
      landed.hash = "";
      window.history.replaceState(null, "", landed.toString());
      return response.text();
    }).then(function (html) {
      swap(html, submitter, section);
    }).catch(function () {
      form.removeAttribute("aria-busy");
      form.submit();  // the plain path: the server answers with the whole page
    });
  }

  function bind() {
    document.querySelectorAll("form[data-live]").forEach(function (form) {
      if (form.dataset.bound) return;
      form.dataset.bound = "1";
      form.addEventListener("submit", send);
    });
  }

  bind();
})();
