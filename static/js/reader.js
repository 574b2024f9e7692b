// Lesson reader: report time on the page, counting only while the page is
// visible and the reader has been active in the last two minutes.
(function () {
  "use strict";
  var article = document.querySelector("[data-heartbeat-url]");
  if (!article || !window.fetch) return;
  var url = article.getAttribute("data-heartbeat-url");
  var token = (document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/) || [])[1] || "";
  var IDLE_AFTER = 120, BEAT = 30;
  var counted = 0, lastActivity = Date.now();
  ["scroll", "keydown", "mousemove", "touchstart", "click"].forEach(function (name) {
    window.addEventListener(name, function () { lastActivity = Date.now(); }, { passive: true });
  });
  function active() {
    return document.visibilityState === "visible" && (Date.now() - lastActivity) / 1000 < IDLE_AFTER;
  }
  function send() {
    if (!counted) return;
    var body = new URLSearchParams({ seconds: String(counted) });
    counted = 0;
    fetch(url, { method: "POST", body: body, credentials: "same-origin", keepalive: true,
                 headers: { "X-CSRFToken": token } }).catch(function () {});
  }
  setInterval(function () {
    if (active()) counted += 1;
    if (counted >= BEAT) send();
  }, 1000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") send();
  });
})();

// Lesson reader: the side panels (this page's headings, the chapter's lessons)
// are open beside the text on a wide screen and folded above it on a phone.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 901px)");
  function fit() {
    document.querySelectorAll("details[data-open-wide]").forEach(function (panel) { panel.open = wide.matches; });
  }
  fit();
  if (wide.addEventListener) wide.addEventListener("change", fit);
})();

// Glossary terms: a tap, click or Enter shows the definition in place (with a
// link to the glossary entry, where the term's own link leads without
// JavaScript); Esc closes it, and hides a definition shown on hover or focus.
(function () {
  "use strict";
  var article = document.querySelector("article.lesson");
  if (!article) return;
  var open = null;
  function close() {
    if (!open) return;
    open.link.setAttribute("aria-expanded", "false");
    open.tip.classList.remove("is-open");
    open = null;
  }
  function show(link) {
    var tip = document.getElementById(link.getAttribute("aria-describedby"));
    if (!tip) return;
    if (!tip.querySelector(".term-tip-more")) {
      var more = document.createElement("a");
      more.className = "term-tip-more";
      more.href = link.getAttribute("href");
      more.textContent = article.getAttribute("data-glossary-link");
      tip.appendChild(document.createTextNode(" "));
      tip.appendChild(more);
    }
    close();
    link.classList.remove("tip-dismissed");
    link.setAttribute("aria-expanded", "true");
    tip.classList.add("is-open");
    open = { link: link, tip: tip };
  }
  article.querySelectorAll("a.term").forEach(function (link) {
    link.setAttribute("aria-expanded", "false");
    link.addEventListener("blur", function () { link.classList.remove("tip-dismissed"); });
    link.addEventListener("mouseleave", function () { link.classList.remove("tip-dismissed"); });
  });
  article.addEventListener("click", function (event) {
    var link = event.target.closest("a.term");
    if (link) {
      event.preventDefault();
      if (open && open.link === link) close(); else show(link);
      return;
    }
    if (open && !open.tip.contains(event.target)) close();
  });
  document.addEventListener("click", function (event) {
    if (open && !article.contains(event.target)) close();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var returnTo = open && open.tip.contains(document.activeElement) ? open.link : null;
    close();
    article.querySelectorAll("a.term:hover, a.term:focus").forEach(function (link) { link.classList.add("tip-dismissed"); });
    if (returnTo) { returnTo.focus(); returnTo.classList.add("tip-dismissed"); }
  });
})();
