/* opsbook handbook: the phone menu. Loaded by a plain <script> tag so it works from file://. */
(function () {
  "use strict";
  var toggle = document.querySelector(".menu-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var open = document.body.classList.toggle("nav-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  var current = document.querySelector('.sidebar [aria-current="page"]');
  if (current && current.scrollIntoView) {
    current.scrollIntoView({ block: "center" });
    window.scrollTo(0, 0);
  }
})();
