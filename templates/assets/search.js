/* opsbook handbook search: the box in the top bar, its dropdown of results and search.html.
 *
 * A plain script (no modules, no fetch) so it works when the handbook is opened from file://.
 * The index (assets/search-index.js and its parts, written by `opsbook build`) holds the text of every page cut
 * at its headings; a query is a substring scan with indexOf, so any Chinese run of two or more
 * characters is found without a dictionary. Everything shown is built with textContent.
 */
(function () {
  "use strict";

  /* ---------- The engine ---------- */

  var DROPDOWN_SIZE = 8;
  var PAGE_SIZE = 50;
  var SNIPPET_BEFORE = 24;
  var SNIPPET_LENGTH = 110;
  var BODY_HITS_CAP = 20;

  /* Lowercase, and full-width letters and digits (ＤＳＲ, ７) as ASCII; the length never changes, so
     a position in the folded text is a position in the text. */
  function fold(text) {
    var folded = text.toLowerCase();
    if (folded.length !== text.length) {
      folded = text.replace(/[A-Z]+/g, function (run) { return run.toLowerCase(); });
    }
    if (/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/.test(folded)) {
      folded = folded.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, function (c) {
        return String.fromCharCode(c.charCodeAt(0) - 0xfee0).toLowerCase();
      });
    }
    return folded;
  }

  /* The heading ids of one page, as `opsbook build` makes them (HeadingAnchors): the index leaves
     out those this works out from the heading text (DerivedAnchors). */
  function anchorMaker() {
    var used = {};
    var taken = {};
    return {
      derive: function (heading) {
        var base = heading.toLowerCase().replace(/[ \t]/g, "-").replace(/[^\p{L}\p{N}\p{Mn}_-]/gu, "") || "section";
        var candidate = base;
        var counter = used[base] || 0;
        while (taken[candidate]) {
          counter++;
          candidate = base + "-" + counter;
        }
        used[base] = counter;
        taken[candidate] = true;
        return candidate;
      },
      given: function (id) {
        taken[id] = true;
        return id;
      }
    };
  }

  /* The index (see SearchIndex+Script.swift) as documents with their passages, each text folded
     once. URLs come without ".html". In a document's passages string U+1E ends a passage and U+1F its heading; the heading
     U+1C repeats the title, one starting with U+1D has no anchor. */
  function prepare(raw) {
    var docs = [];
    for (var d = 0; d < raw.docs.length; d++) {
      var entry = raw.docs[d];
      var doc = {
        order: d, url: /(^|\/)[^.\/]+$/.test(entry[0]) ? entry[0] + ".html" : entry[0], title: entry[1], label: raw.labels[entry[2]] || "",
        foldedTitle: fold(entry[1]), passages: []
      };
      var given = entry[4] || {};
      var anchors = anchorMaker();
      var parts = entry[3].split("\u001e");
      for (var i = 0; i < parts.length; i++) {
        var cut = parts[i].indexOf("\u001f");
        var heading = parts[i].slice(0, cut);
        var text = parts[i].slice(cut + 1);
        var anchor = null;
        if (heading.charAt(0) === "\u001d") {
          heading = heading.slice(1);
        } else {
          if (heading === "\u001c") heading = doc.title;
          anchor = given[i] !== undefined ? anchors.given(given[i]) : anchors.derive(heading);
        }
        doc.passages.push({
          anchor: anchor, heading: heading, text: text,
          foldedHeading: fold(heading), foldedText: fold(text)
        });
      }
      docs.push(doc);
    }
    return docs;
  }

  /* The distinct terms of a query, folded: words split at spaces (full-width ones too). */
  function terms(query) {
    var seen = {};
    var result = [];
    var words = fold(query).split(/\s+/);
    for (var i = 0; i < words.length; i++) {
      if (words[i] && !seen[words[i]]) {
        seen[words[i]] = true;
        result.push(words[i]);
      }
    }
    return result;
  }

  function countIn(text, term, cap) {
    var count = 0;
    var at = text.indexOf(term);
    while (at !== -1 && count < cap) {
      count++;
      at = text.indexOf(term, at + term.length);
    }
    return count;
  }

  /* Results for `query`: pages holding every term, those with terms in the title, then in a
     heading, first, then by how often the terms occur, then in reading order. A query of single
     characters (退, a) looks at titles and headings only: in the text it would match nearly all. */
  function search(docs, query) {
    var words = terms(query);
    var titlesOnly = words.length > 0;
    for (var w = 0; w < words.length; w++) if (words[w].length > 1) titlesOnly = false;
    var results = [];
    if (words.length === 0) return { terms: words, titlesOnly: false, results: results };
    for (var d = 0; d < docs.length; d++) {
      var doc = docs[d];
      var passages = doc.passages;
      var passageScores = null;
      var inTitle = 0, inHeading = 0, hits = 0, every = true;
      for (w = 0; w < words.length && every; w++) {
        var term = words[w];
        var found = false;
        if (doc.foldedTitle.indexOf(term) !== -1) { inTitle++; found = true; }
        var headingFound = false;
        for (var p = 0; p < passages.length; p++) {
          var passage = passages[p];
          var score = 0;
          // A heading that repeats the title is a title match, counted above.
          if (passage.heading !== doc.title && passage.foldedHeading.indexOf(term) !== -1) {
            score += 50;
            headingFound = true;
          }
          if (!titlesOnly) {
            var count = countIn(passage.foldedText, term, BODY_HITS_CAP);
            if (count) { score += 10 + count; hits += count; }
          }
          if (score) {
            found = true;
            if (!passageScores) passageScores = new Array(passages.length).fill(0);
            passageScores[p] += score;
          }
        }
        if (headingFound) inHeading++;
        every = found;
      }
      if (!every) continue;
      var best = -1;
      if (passageScores) {
        for (p = 0; p < passages.length; p++) {
          if (passageScores[p] > 0 && (best === -1 || passageScores[p] > passageScores[best])) best = p;
        }
      }
      var exactTitle = doc.foldedTitle === words.join(" ") ? 1 : 0;
      results.push({
        doc: doc, passage: best,
        score: exactTitle * 100000 + inTitle * 10000 + inHeading * 1000 + Math.min(hits, 999)
      });
    }
    results.sort(function (a, b) { return b.score - a.score || a.doc.order - b.doc.order; });
    return { terms: words, titlesOnly: titlesOnly, results: results };
  }

  /* `text` cut into runs, marked where a term occurs: [{text, mark}]. */
  function marked(text, folded, words, from, to) {
    var spans = [];
    for (var w = 0; w < words.length; w++) {
      var at = folded.indexOf(words[w], from);
      while (at !== -1 && at + words[w].length <= to) {
        spans.push([at, at + words[w].length]);
        at = folded.indexOf(words[w], at + words[w].length);
      }
    }
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var runs = [];
    var position = from;
    for (var i = 0; i < spans.length; i++) {
      var start = Math.max(spans[i][0], position);
      var end = spans[i][1];
      if (end <= position) continue;
      if (start > position) runs.push({ text: text.slice(position, start), mark: false });
      runs.push({ text: text.slice(start, end), mark: true });
      position = end;
    }
    if (position < to) runs.push({ text: text.slice(position, to), mark: false });
    return runs;
  }

  /* What one result shows: where it links, title, place and snippet, as marked runs. */
  function describe(result, words, root) {
    var doc = result.doc;
    var passage = result.passage >= 0 ? doc.passages[result.passage] : null;
    var href = root + encodeURI(doc.url);
    if (passage && passage.anchor) href += "#" + encodeURIComponent(passage.anchor);
    // No text under the heading matched (or the heading has none): show the first text that follows.
    var shownText = passage && passage.text ? passage : null;
    var from = passage ? doc.passages.indexOf(passage) : 0;
    for (var p = from; p < doc.passages.length && !shownText; p++) if (doc.passages[p].text) shownText = doc.passages[p];
    var snippet = [];
    if (shownText) {
      var text = shownText.text;
      var folded = shownText.foldedText;
      var first = -1;
      for (var w = 0; w < words.length; w++) {
        var at = folded.indexOf(words[w]);
        if (at !== -1 && (first === -1 || at < first)) first = at;
      }
      // Start with the sentence of the match when it begins shortly before, else a little before it.
      var start = Math.max(0, first - SNIPPET_BEFORE);
      for (var back = first - 1; back >= Math.max(0, first - SNIPPET_BEFORE * 2); back--) {
        if (back === 0 || "。!?;!?;".indexOf(text.charAt(back)) !== -1) {
          start = back === 0 ? 0 : back + 1;
          break;
        }
      }
      if (start > 0 && /[\udc00-\udfff]/.test(text.charAt(start))) start--;
      var end = Math.min(text.length, Math.max(start + SNIPPET_LENGTH, first + SNIPPET_BEFORE * 2));
      if (end < text.length && /[\udc00-\udfff]/.test(text.charAt(end))) end++;
      snippet = marked(text, folded, words, start, end);
      if (start > 0) snippet.unshift({ text: "…", mark: false });
      if (end < text.length) snippet.push({ text: "…", mark: false });
    }
    var heading = passage && passage.heading && passage.heading !== doc.title ? passage.heading : "";
    return {
      href: href,
      title: marked(doc.title, doc.foldedTitle, words, 0, doc.title.length),
      label: doc.label,
      heading: heading ? marked(heading, passage.foldedHeading, words, 0, heading.length) : [],
      snippet: snippet
    };
  }

  /* The engine alone, for benchmarks and tests: load(root, done), prepare(index), search(docs, query),
     describe(…). */
  window.opsbookSearch = { fold: fold, load: function (root, done) { loadIndex(root, done); }, prepare: prepare, search: search, describe: describe };

  var form = document.querySelector(".topbar-search");
  if (!form) return;
  var root = form.getAttribute("data-root") || "";
  var box = form.querySelector("input");

  /* ---------- Loading the index ---------- */

  var prepared = null;
  var waiting = [];
  var loading = false;

  /* Calls `ready(docs)` once the index is loaded; it is fetched with <script> tags the first time:
     assets/search-index.js names the parts (assets/search/NAME.js), which are then loaded together. */
  function withIndex(ready) {
    if (prepared) return ready(prepared);
    waiting.push(ready);
    if (loading) return;
    loading = true;
    function finish(index) {
      prepared = index ? prepare(index) : null;
      loading = false;
      var callbacks = waiting;
      waiting = [];
      for (var i = 0; i < callbacks.length; i++) callbacks[i](prepared);
    }
    loadIndex(root, finish);
  }

  function loadScript(src, done, failed) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = done;
    script.onerror = failed;
    document.head.appendChild(script);
  }

  /* Loads the index written under `root` and calls `done({docs, labels})`, or `done(null)` when a
     file of it cannot be loaded. */
  function loadIndex(root, done) {
    function assemble() {
      var index = window.opsbookSearchIndex;
      var loaded = window.opsbookSearchParts || {};
      var docs = [];
      for (var p = 0; p < index.parts.length; p++) {
        var part = loaded[index.parts[p]];
        if (!part) return done(null);
        for (var d = 0; d < part.length; d++) docs.push(part[d]);
      }
      done({ docs: docs, labels: index.labels });
    }
    function withManifest() {
      var index = window.opsbookSearchIndex;
      if (!index || !index.parts) return done(null);
      var left = index.parts.length;
      if (!left) return assemble();
      var failed = false;
      for (var p = 0; p < index.parts.length; p++) {
        loadScript(root + "assets/search/" + index.parts[p] + ".js", function () {
          if (--left === 0 && !failed) assemble();
        }, function () {
          if (!failed) done(null);
          failed = true;
        });
      }
    }
    if (window.opsbookSearchIndex) return withManifest();
    loadScript(root + "assets/search-index.js", withManifest, function () { done(null); });
  }

  /* ---------- Showing results ---------- */

  function label(name, values) {
    var text = form.getAttribute("data-" + name) || "";
    for (var key in values) text = text.split("{" + key + "}").join(values[key]);
    return text;
  }

  function appendRuns(parent, runs) {
    for (var i = 0; i < runs.length; i++) {
      if (runs[i].mark) {
        var mark = document.createElement("mark");
        mark.textContent = runs[i].text;
        parent.appendChild(mark);
      } else {
        parent.appendChild(document.createTextNode(runs[i].text));
      }
    }
  }

  /* One result as a link: title, then "section › heading", then the snippet. */
  function resultLink(shown) {
    var link = document.createElement("a");
    link.href = shown.href;
    var title = document.createElement("span");
    title.className = "search-result-title";
    appendRuns(title, shown.title);
    link.appendChild(title);
    if (shown.label || shown.heading.length) {
      var where = document.createElement("span");
      where.className = "search-result-where";
      where.appendChild(document.createTextNode(shown.label));
      if (shown.label && shown.heading.length) where.appendChild(document.createTextNode(" › "));
      appendRuns(where, shown.heading);
      link.appendChild(where);
    }
    if (shown.snippet.length) {
      var snippet = document.createElement("span");
      snippet.className = "search-result-snippet";
      appendRuns(snippet, shown.snippet);
      link.appendChild(snippet);
    }
    return link;
  }

  function searchPageHref(query) {
    return root + "search.html?q=" + encodeURIComponent(query);
  }

  /* ---------- The dropdown under the box ---------- */

  var list = document.createElement("ul");
  list.id = "search-dropdown";
  list.className = "search-dropdown";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", box.getAttribute("aria-label") || "");
  list.hidden = true;
  form.appendChild(list);
  box.setAttribute("role", "combobox");
  box.setAttribute("aria-controls", list.id);
  box.setAttribute("aria-expanded", "false");
  box.setAttribute("aria-autocomplete", "list");
  var active = -1;

  function options() {
    return list.querySelectorAll("[role=option]");
  }

  function setActive(index) {
    var all = options();
    if (all.length === 0) return;
    if (index < 0) index = all.length - 1;
    if (index >= all.length) index = 0;
    for (var i = 0; i < all.length; i++) all[i].setAttribute("aria-selected", i === index ? "true" : "false");
    active = index;
    box.setAttribute("aria-activedescendant", all[index].id);
    if (all[index].scrollIntoView) all[index].scrollIntoView({ block: "nearest" });
  }

  function closeDropdown() {
    list.hidden = true;
    active = -1;
    box.setAttribute("aria-expanded", "false");
    box.removeAttribute("aria-activedescendant");
  }

  function addOption(content, className) {
    var item = document.createElement("li");
    item.id = "search-option-" + options().length;
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    if (className) item.className = className;
    item.appendChild(content);
    list.appendChild(item);
  }

  function addNote(text) {
    var item = document.createElement("li");
    item.className = "search-note";
    item.setAttribute("role", "presentation");
    item.textContent = text;
    list.appendChild(item);
  }

  function updateDropdown() {
    var query = box.value;
    if (!query.trim()) return closeDropdown();
    withIndex(function (docs) {
      if (box.value !== query) return;
      list.textContent = "";
      active = -1;
      box.removeAttribute("aria-activedescendant");
      if (!docs) {
        addNote(label("missing", {}));
      } else {
        var found = search(docs, query);
        var shown = found.results.slice(0, DROPDOWN_SIZE);
        for (var i = 0; i < shown.length; i++) addOption(resultLink(describe(shown[i], found.terms, root)), "search-result");
        if (found.results.length === 0) addNote(label("none", { q: query.trim() }));
        if (found.titlesOnly) addNote(label("short", {}));
        if (found.results.length > shown.length) {
          var all = document.createElement("a");
          all.href = searchPageHref(query.trim());
          all.textContent = label("all", { n: found.results.length });
          addOption(all, "search-all");
        }
      }
      list.hidden = false;
      box.setAttribute("aria-expanded", "true");
    });
  }

  box.addEventListener("focus", function () { withIndex(function () {}); });
  box.addEventListener("input", function (event) {
    // While an input method is composing (pinyin), the box holds Latin letters: wait for the characters.
    if (!event.isComposing) updateDropdown();
  });
  box.addEventListener("compositionend", updateDropdown);
  box.addEventListener("keydown", function (event) {
    if (event.isComposing) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (list.hidden) updateDropdown();
      if (!list.hidden) setActive(active + (event.key === "ArrowDown" ? 1 : -1));
      event.preventDefault();
    } else if (event.key === "Enter" && !list.hidden && active >= 0) {
      var link = options()[active].querySelector("a");
      if (link) {
        event.preventDefault();
        window.location.href = link.href;
      }
    } else if (event.key === "Escape") {
      if (list.hidden) box.blur(); else closeDropdown();
    }
  });
  document.addEventListener("click", function (event) {
    if (!form.contains(event.target)) closeDropdown();
  });
  form.addEventListener("submit", function (event) {
    if (!box.value.trim()) event.preventDefault();
  });

  /* `/` anywhere but in a text field puts the cursor in the search box. */
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) return;
    event.preventDefault();
    box.focus();
    box.select();
  });

  /* ---------- search.html ---------- */

  var page = document.querySelector(".search-page");
  if (page) {
    var pageBox = page.querySelector("input[name=q]");
    var status = page.querySelector(".search-status");
    var resultsList = page.querySelector(".search-results");
    var query = new URLSearchParams(window.location.search).get("q") || "";
    pageBox.value = query;
    if (query.trim()) {
      document.title = query.trim() + " · " + document.title;
      withIndex(function (docs) {
        if (!docs) {
          status.textContent = label("missing", {});
          return;
        }
        var found = search(docs, query);
        var shown = found.results.slice(0, PAGE_SIZE);
        var notes = [];
        notes.push(found.results.length
          ? label("count", { n: found.results.length })
          : label("none", { q: query.trim() }));
        if (found.titlesOnly) notes.push(label("short", {}));
        status.textContent = notes.join(" ");
        for (var i = 0; i < shown.length; i++) {
          var item = document.createElement("li");
          item.className = "search-result";
          item.appendChild(resultLink(describe(shown[i], found.terms, root)));
          resultsList.appendChild(item);
        }
      });
    } else {
      pageBox.focus();
    }
    /* Arrow keys walk from the box through the result links. */
    page.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      var links = resultsList.querySelectorAll("a");
      if (links.length === 0) return;
      var at = Array.prototype.indexOf.call(links, document.activeElement);
      var next = event.key === "ArrowDown" ? at + 1 : (at === -1 ? links.length - 1 : at - 1);
      if (next < 0) next = 0;
      if (next >= links.length) next = links.length - 1;
      links[next].focus();
      event.preventDefault();
    });
  }
})();
