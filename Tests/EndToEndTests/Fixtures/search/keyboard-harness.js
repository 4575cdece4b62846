/* Injected by SearchBrowserTests at the end of a built page (after search.js): presses keys the way
   a trainee would and leaves what it saw in the page, which Chromium's --dump-dom then prints.
   With ?enter=1 it ends by pressing Enter, which should open the chosen result. */
(function () {
  "use strict";
  var box = document.querySelector(".topbar-search input");
  var log = [];
  function key(target, name) {
    target.dispatchEvent(new KeyboardEvent("keydown", { key: name, bubbles: true, cancelable: true }));
  }
  function state(step) {
    var selected = document.querySelector('#search-dropdown [aria-selected="true"] .search-result-title');
    log.push(step + ": focus=" + (document.activeElement === box ? "box" : "elsewhere")
      + " expanded=" + box.getAttribute("aria-expanded")
      + " selected=" + (selected ? selected.textContent : "none"));
  }
  function finish() {
    var report = document.createElement("pre");
    report.id = "harness-report";
    report.textContent = log.join("\n");
    document.body.appendChild(report);
  }
  key(document.body, "/");
  state("slash");
  box.value = "快递";
  box.dispatchEvent(new Event("input", { bubbles: true }));
  var tries = 0;
  (function waitForResults() {
    if (!document.querySelector("#search-dropdown [role=option]") && tries++ < 200) {
      setTimeout(waitForResults, 25);
      return;
    }
    state("typed");
    key(box, "ArrowDown");
    state("down");
    key(box, "ArrowDown");
    state("down");
    key(box, "ArrowUp");
    state("up");
    if (/enter=1/.test(window.location.search)) {
      key(box, "Enter");
    } else {
      key(box, "Escape");
      state("escape");
      finish();
    }
  })();
})();
