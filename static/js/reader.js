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
