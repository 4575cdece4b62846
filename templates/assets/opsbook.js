/* opsbook handbook: the sidebar tree and the phone menu.
   Loaded by a plain <script> tag right after the sidebar, so it works from file:// and the full tree
   is in place before the page is first painted. The tree comes from nav.js (window.OPSBOOK_NAV). */
(function () {
  "use strict";
  var sidebar = document.getElementById("sidebar");
  var nav = window.OPSBOOK_NAV;

  function encodePath(path) {
    return path.split("/").map(encodeURIComponent).join("/");
  }

  function pageItem(title, path, root, current) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = root + encodePath(path);
    a.textContent = title;
    if (path === current) a.setAttribute("aria-current", "page");
    li.appendChild(a);
    return li;
  }

  function contains(section, current) {
    if (section.index === current) return true;
    for (var i = 0; i < section.pages.length; i++) if (section.pages[i][1] === current) return true;
    for (var j = 0; j < section.sections.length; j++) if (contains(section.sections[j], current)) return true;
    return false;
  }

  function sectionItem(section, root, current, overview) {
    var li = document.createElement("li");
    li.className = "nav-section";
    var details = document.createElement("details");
    if (contains(section, current)) details.open = true;
    var summary = document.createElement("summary");
    summary.textContent = section.title;
    details.appendChild(summary);
    var list = document.createElement("ul");
    if (section.index) list.appendChild(pageItem(overview, section.index, root, current)).className = "nav-overview";
    section.pages.forEach(function (page) { list.appendChild(pageItem(page[0], page[1], root, current)); });
    section.sections.forEach(function (sub) { list.appendChild(sectionItem(sub, root, current, overview)); });
    details.appendChild(list);
    li.appendChild(details);
    return li;
  }

  if (sidebar && nav) {
    var root = sidebar.getAttribute("data-root") || "";
    var current = sidebar.getAttribute("data-current") || "";
    var tree = document.createElement("ul");
    tree.className = "nav-tree";
    var home = pageItem(sidebar.getAttribute("data-home") || "Home", "index.html", root, current);
    home.className = "nav-home";
    tree.appendChild(home);
    var old = sidebar.querySelector(".nav-tree");
    // The link to the day sheets is not part of the handbook's tree: keep the page's own.
    var days = old && old.querySelector(".nav-days");
    if (days) tree.appendChild(days);
    nav.pages.forEach(function (page) {
      if (page[1] !== "index.html") tree.appendChild(pageItem(page[0], page[1], root, current));
    });
    nav.sections.forEach(function (section) {
      tree.appendChild(sectionItem(section, root, current, sidebar.getAttribute("data-overview") || ""));
    });
    if (old) sidebar.replaceChild(tree, old); else sidebar.appendChild(tree);
  }

  var toggle = document.querySelector(".menu-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var open = document.body.classList.toggle("nav-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  var marked = sidebar && sidebar.querySelector('[aria-current="page"]');
  if (marked && sidebar.scrollHeight > sidebar.clientHeight) {
    sidebar.scrollTop = marked.offsetTop - sidebar.clientHeight / 2;
  }
})();
