/* opendata-course: offline search. The index is a set of scripts written
   at build time (recherche/index.js, mots/<xx>.js, docs/<n>.js: see
   src/opendata_course/site/search.py), so this works from file://: a query
   loads the word files of its words, then the documents of the results shown.
   Normalisation must match site/search.py (tests/fixtures/search-tokens.json
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
  var files = new Set(data.words);  /* the xx of the mots/xx.js that exist */
  var IN_TITLE = 1, OPENING = 2;  /* a posting is a document's number × 4 + these flags */
  var root = "../";

  /* Each file calls SEARCH_PART(name, data) when loaded by a <script>. */
  var parts = Object.create(null), loading = Object.create(null);
  window.SEARCH_PART = function (name, value) { parts[name] = value; };
  function load(name, src) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = script.onerror = function () { resolve(parts[name]); };
        document.head.appendChild(script);
      });
    }
    return loading[name];
  }
  function words(term) {
    var key = term.slice(0, 2);
    return files.has(key) ? load("m" + key, "mots/" + key + ".js") : Promise.resolve(undefined);
  }
  function documents(numbers) {
    var blocks = Array.from(new Set(numbers.map(function (n) { return Math.floor(n / data.block); })));
    return Promise.all(blocks.map(function (b) { return load("d" + b, "docs/" + b + ".js"); }));
  }
  function record(number) {
    var block = parts["d" + Math.floor(number / data.block)];
    return block && block[number % data.block];
  }

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

  /* Documents holding every query token (as a word or a word's start), best
     first; equal scores in the order of their titles (the documents' numbers). */
  function search(query) {
    var terms = tokens(query);
    if (!terms.length) return Promise.resolve([]);
    return Promise.all(terms.map(words)).then(function (found) {
      var scores = null, bonus = new Map();
      terms.forEach(function (term, t) {
        var hits = new Map(), part = found[t] || {};
        Object.keys(part).forEach(function (word) {
          if (word.indexOf(term) !== 0) return;
          var exact = word === term, matches = exact || term.length >= 3;
          part[word].forEach(function (posting) {
            var doc = posting >> 2;
            if (posting & IN_TITLE) bonus.set(doc + ":" + t, 3);  /* a word of the title starts with the term */
            if (posting & OPENING) bonus.set(doc, 2);  /* a module itself before its sections */
            if (matches) hits.set(doc, Math.max(hits.get(doc) || 0, exact ? 2 : 1));
          });
        });
        if (scores === null) { scores = hits; return; }
        var next = new Map();
        scores.forEach(function (score, doc) { if (hits.has(doc)) next.set(doc, score + hits.get(doc)); });
        scores = next;
      });
      var results = [];
      scores.forEach(function (score, doc) {
        terms.forEach(function (term, t) { score += bonus.get(doc + ":" + t) || 0; });
        results.push({ number: doc, score: score + (bonus.get(doc) || 0), terms: terms });
      });
      results.sort(function (a, b) { return b.score - a.score || a.number - b.number; });
      return results;
    });
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
    var doc = record(result.number);
    var li = document.createElement("li");
    var title = doc[1] + (doc[2] ? " — " + doc[2] : "");
    li.innerHTML = '<a href="' + escapeHtml(root + doc[0]) + '">' + escapeHtml(title) + "</a>" +
      '<p class="snippet">' + snippet(doc[3], result.terms) + "</p>";
    return li;
  }

  var more = document.getElementById("resultats-plus");
  var pending = [], shownQuery = "", asked = 0;
  function announce(total, shown) {
    var data = status.dataset;
    var template = total === 0 ? data.none : total === 1 ? data.one : shown < total ? data.more : data.many;
    status.textContent = template.replace(/\{n\}/g, shown < total ? shown : total).replace("{q}", shownQuery);
  }
  function showMore(focusFirst) {
    var page = pending.splice(0, PAGE), query = asked;
    return documents(page.map(function (r) { return r.number; })).then(function () {
      if (query !== asked) return;  /* another query was typed meanwhile */
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
    });
  }

  function show(query) {
    var current = ++asked;
    list.innerHTML = "";
    pending = [];
    if (more) more.hidden = true;
    if (!query.trim()) { status.textContent = ""; return; }
    search(query).then(function (results) {
      if (current !== asked) return;
      shownQuery = query.trim();
      pending = results;
      if (!pending.length) { announce(0, 0); return; }
      showMore(false);
    });
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
