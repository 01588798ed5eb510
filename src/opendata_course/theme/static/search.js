/* opendata-course: offline search. The index (window.SEARCH_INDEX) is a
   script written at build time, so this works from file://. It lists the
   documents with their words; the inverted index is made here, once (the
   build only joins each module's part, which it keeps between builds).
   Normalisation must match src/opendata_course/site/search.py (tests/fixtures/search-tokens.json
   holds the vectors both are tested on): compatibility forms and accents folded, stop words,
   plural to singular. */
(function () {
  "use strict";
  var data = window.SEARCH_INDEX;
  var input = document.getElementById("q");
  var list = document.getElementById("resultats");
  var status = document.getElementById("resultats-statut");
  if (!data || !input) return;
  var stop = new Set(data.stop);
  var index = Object.create(null);  /* word -> numbers of the documents that hold it */
  data.docs.forEach(function (record, number) {
    record[5].split(" ").forEach(function (word) {
      if (word) (index[word] || (index[word] = [])).push(number);
    });
  });
  var vocabulary = Object.keys(index);
  var root = "../";

  function foldChar(c) {
    /* NFKD: "ﬁ" is "fi", "²" is "2"; then no combining marks, lower case, the ligatures spelt out. */
    return c.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/ß/g, "ss");
  }
  function fold(text) { return Array.prototype.map.call(text, foldChar).join(""); }
  function stem(token) {
    if (token.length > 4 && /aux$/.test(token)) return token.slice(0, -3) + "al";
    if (token.length > 3 && /[sx]$/.test(token) && !/ss$/.test(token)) return token.slice(0, -1);
    return token;
  }
  function tokens(text) {
    return (fold(text).match(/[a-z0-9]+/g) || []).filter(function (w) { return !stop.has(w); }).map(stem);
  }

  /* Documents holding every query token (as a word or a word's start). */
  function search(query) {
    var terms = tokens(query);
    if (!terms.length) return [];
    var scores = null;
    terms.forEach(function (term) {
      var hits = new Map();
      vocabulary.forEach(function (word) {
        var exact = word === term;
        if (!exact && !(term.length >= 3 && word.indexOf(term) === 0)) return;
        index[word].forEach(function (doc) {
          hits.set(doc, Math.max(hits.get(doc) || 0, exact ? 2 : 1));
        });
      });
      if (scores === null) { scores = hits; return; }
      var next = new Map();
      scores.forEach(function (score, doc) { if (hits.has(doc)) next.set(doc, score + hits.get(doc)); });
      scores = next;
    });
    var results = [];
    scores.forEach(function (score, doc) {
      var record = data.docs[doc];
      var title = tokens(record[1] + " " + record[2]);
      terms.forEach(function (term) { if (title.some(function (w) { return w.indexOf(term) === 0; })) score += 3; });
      if (record[4] === "module" && !record[2]) score += 2;  /* a module itself before its sections */
      results.push({ doc: record, score: score });
    });
    results.sort(function (a, b) { return b.score - a.score || a.doc[1].localeCompare(b.doc[1], "fr"); });
    return results.map(function (r) { return { doc: r.doc, terms: terms }; });
  }
  var PAGE = 50;  /* results shown at once; "Afficher plus" adds as many */

  function escapeHtml(text) {
    return text.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  /* A window of text around the first match, matched words in <mark>.
     Folding may change a text's length ("…" is "..."): each folded
     character remembers where it came from. */
  function snippet(text, terms) {
    var folded = "", origin = [];
    for (var i = 0; i < text.length; i++) {
      var part = foldChar(text[i]);
      folded += part;
      for (var k = 0; k < part.length; k++) origin.push(i);
    }
    origin.push(text.length);
    var words = [], re = /[a-z0-9]+/g, m;
    while ((m = re.exec(folded))) {
      var stemmed = stem(m[0]);
      if (terms.some(function (t) { return stemmed.indexOf(t) === 0 || m[0].indexOf(t) === 0; })) {
        words.push([origin[m.index], origin[m.index + m[0].length - 1] + 1]);
      }
    }
    var start = words.length ? Math.max(0, words[0][0] - 90) : 0;
    if (start > 0) {  /* begin on a word, not in the middle of one */
      var space = text.indexOf(" ", start);
      start = space >= 0 && space < words[0][0] ? space + 1 : words[0][0];
    }
    var end = Math.min(text.length, start + 240);
    var html = "", cursor = start;
    words.forEach(function (w) {
      if (w[0] < start || w[1] > end) return;
      html += escapeHtml(text.slice(cursor, w[0])) + "<mark>" + escapeHtml(text.slice(w[0], w[1])) + "</mark>";
      cursor = w[1];
    });
    html += escapeHtml(text.slice(cursor, end));
    return (start > 0 ? "… " : "") + html + (end < text.length ? " …" : "");
  }

  function item(result) {
    var doc = result.doc;
    var li = document.createElement("li");
    var title = doc[1] + (doc[2] ? " — " + doc[2] : "");
    li.innerHTML = '<a href="' + escapeHtml(root + doc[0]) + '">' + escapeHtml(title) + "</a>" +
      '<p class="snippet">' + snippet(doc[3], result.terms) + "</p>";
    return li;
  }

  var more = document.getElementById("resultats-plus");
  var pending = [], shownQuery = "";
  function announce(total, shown) {
    var data = status.dataset;
    var template = total === 0 ? data.none : total === 1 ? data.one : shown < total ? data.more : data.many;
    status.textContent = template.replace(/\{n\}/g, shown < total ? shown : total).replace("{q}", shownQuery);
  }
  function showMore(focusFirst) {
    var page = pending.splice(0, PAGE);
    var first = null;
    page.forEach(function (result) {
      var li = item(result);
      if (!first) first = li;
      list.appendChild(li);
    });
    var shown = list.children.length;
    announce(shown + pending.length, shown);
    if (more) more.hidden = pending.length === 0;
    if (focusFirst && first) first.querySelector("a").focus();
  }

  function show(query) {
    list.innerHTML = "";
    pending = [];
    if (more) more.hidden = true;
    if (!query.trim()) { status.textContent = ""; return; }
    shownQuery = query.trim();
    pending = search(query);
    if (!pending.length) { announce(0, 0); return; }
    showMore(false);
  }
  if (more) more.addEventListener("click", function () { showMore(true); });

  var initial = new URLSearchParams(location.search).get("q") || "";
  input.value = initial;
  show(initial);
  var timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      show(input.value);
      var url = new URL(location.href);
      url.searchParams.set("q", input.value);
      try { history.replaceState(null, "", url); } catch (e) { /* file:// may refuse */ }
    }, 150);
  });
  window.courseSearch = search;
  window.courseSearch.tokens = tokens;  /* for the tests: the same vectors as the Python side */
})();
