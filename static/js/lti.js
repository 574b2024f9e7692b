// LTI launch helpers (no inline script: the CSP forbids it).
// 1. The login page checks that this frame may keep cookies; if it may, the
//    launch continues here, else it offers a new window (Safari, Chrome's
//    tracking protection block third-party cookies).
// 2. The deep-linking return page posts the signed choice back to the LMS.
(function () {
  "use strict";
  var check = document.getElementById("lti-cookie-check");
  if (check) {
    var secure = window.location.protocol === "https:";
    document.cookie = "casebook_lti_check=1; path=/" + (secure ? "; SameSite=None; Secure" : "");
    if (document.cookie.indexOf("casebook_lti_check=1") !== -1) {
      document.cookie = "casebook_lti_check=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT" +
        (secure ? "; SameSite=None; Secure" : "");
      window.location.replace(check.dataset.continueUrl);
    } else {
      document.getElementById("lti-blocked").hidden = false;
    }
  }
  var form = document.getElementById("lti-deep-link-return");
  if (form) {
    form.submit();
  }
})();
