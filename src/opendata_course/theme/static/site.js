/* opendata-course: course pages. Quizzes you can answer, the catalogue
   filters, copy buttons on code, the handout's table of contents.
   Everything works without this script (answers sit in a details block,
   every module is listed, the table of contents opens by hand). */
(function () {
  "use strict";
  var strings = document.documentElement.dataset;

  function setupQuiz(quiz) {
    var options = quiz.querySelectorAll(".quiz-options li");
    var answer = quiz.querySelector(".quiz-answer");
    var feedback = document.createElement("p");
    feedback.className = "quiz-feedback";
    feedback.setAttribute("role", "status");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "quiz-check";
    button.textContent = strings.quizCheck || "Vérifier ma réponse";
    quiz.insertBefore(button, answer);
    quiz.insertBefore(feedback, answer);
    button.addEventListener("click", function () {
      var chosen = 0, right = true;
      options.forEach(function (li) {
        var input = li.querySelector("input");
        var correct = li.dataset.correct === "true";
        if (input.checked) chosen += 1;
        if (input.checked !== correct) right = false;
      });
      if (!chosen) {
        feedback.textContent = strings.quizChoose || "Choisissez d’abord une réponse.";
        feedback.className = "quiz-feedback";
        return;
      }
      options.forEach(function (li) {
        li.classList.toggle("is-correct", li.dataset.correct === "true");
        li.classList.toggle("is-wrong", li.dataset.correct !== "true" && li.querySelector("input").checked);
      });
      feedback.textContent = right ? (strings.quizRight || "Bonne réponse\u202f!") : (strings.quizWrong || "Ce n’est pas tout à fait ça.");
      feedback.className = "quiz-feedback " + (right ? "is-right" : "is-wrong");
      if (answer) answer.open = true;
    });
  }

  function setupFilters(form) {
    var cards = Array.prototype.slice.call(document.querySelectorAll(".catalogue .module-card"));
    var selects = form.querySelectorAll("select[data-filter]");
    var count = form.querySelector(".filter-count");
    function apply() {
      var shown = 0;
      cards.forEach(function (card) {
        var visible = Array.prototype.every.call(selects, function (select) {
          if (!select.value) return true;
          return (card.dataset[select.dataset.filter] || "").split("|").indexOf(select.value) >= 0;
        });
        card.hidden = !visible;
        if (visible) shown += 1;
      });
      count.textContent = count.dataset.template.replace("{n}", shown).replace("{total}", cards.length);
    }
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  /* Print solutions and answers open; browsers without ::details-content
     support rely on this. */
  var closedForPrint = [];
  window.addEventListener("beforeprint", function () {
    closedForPrint = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (d) {
      d.open = true;
      return true;
    });
  });
  window.addEventListener("afterprint", function () {
    closedForPrint.forEach(function (d) { d.open = false; });
  });

  /* A "Copier" button on each code block: a real button (keyboard, screen
     readers), which says "Copié" when done, in its label and aloud. */
  var announcer = null;
  function announce(text) {
    if (!announcer) {
      announcer = document.createElement("p");
      announcer.className = "visually-hidden";
      announcer.setAttribute("role", "status");
      document.body.appendChild(announcer);
    }
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }
  function copyByCommand(text) {  /* where the Clipboard API is missing or refused */
    var active = document.activeElement;
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    document.body.removeChild(area);
    if (active && active.focus) active.focus();  /* the keyboard stays on the button */
    return done;
  }
  function copyText(text) {
    var fallback = function () { return copyByCommand(text) ? Promise.resolve() : Promise.reject(new Error("copy")); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(text).catch(fallback);
    }
    return fallback();
  }
  function setupCopy(pre) {
    var box = pre.parentElement;
    if (!box.classList.contains("highlight")) {
      box = document.createElement("div");
      pre.parentNode.insertBefore(box, pre);
      box.appendChild(pre);
    }
    box.classList.add("code-block");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    var label = strings.copy || "Copier";
    button.textContent = label;
    var timer;
    button.addEventListener("click", function () {
      var code = pre.querySelector("code") || pre;
      copyText(code.textContent.replace(/\n$/, "")).then(function () {
        button.textContent = strings.copied || "Copié";
        announce(strings.copied || "Copié");
      }, function () {
        announce(strings.copyFailed || "Copie impossible");
      });
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { button.textContent = label; }, 2500);
    });
    box.insertBefore(button, box.firstChild);
  }

  /* The table of contents: open beside the text on wide screens, and the
     section being read marked in it. */
  function setupToc(nav) {
    var details = nav.querySelector("details");
    var wide = window.matchMedia("(min-width: 72rem)");
    function fit() { details.open = wide.matches; }
    fit();
    if (wide.addEventListener) wide.addEventListener("change", fit);
    var links = Array.prototype.slice.call(nav.querySelectorAll("a[href^='#']"));
    var targets = links.map(function (a) { return document.getElementById(decodeURIComponent(a.hash.slice(1))); });
    if (!("IntersectionObserver" in window)) return;
    var current = null;
    function mark() {
      var line = window.innerHeight * 0.25, found = -1;
      targets.forEach(function (target, i) { if (target && target.getBoundingClientRect().top <= line) found = i; });
      var link = found >= 0 ? links[found] : null;
      if (link === current) return;
      if (current) current.removeAttribute("aria-current");
      if (link) link.setAttribute("aria-current", "true");
      current = link;
    }
    var observer = new IntersectionObserver(mark, { rootMargin: "0px 0px -70% 0px" });
    targets.forEach(function (target) { if (target) observer.observe(target); });
    mark();
  }

  /* A table wider than the screen scrolls in its own box (site.css): then
     a keyboard reaches it with Tab, and a shadow says there is more. */
  function fitTables() {
    document.querySelectorAll(".content table").forEach(function (table) {
      var scrolls = table.scrollWidth > table.clientWidth + 1;
      table.classList.toggle("scrolls", scrolls);
      if (scrolls) table.setAttribute("tabindex", "0");
      else table.removeAttribute("tabindex");
    });
  }
  fitTables();
  window.addEventListener("resize", fitTables);

  document.querySelectorAll(".quiz").forEach(setupQuiz);
  document.querySelectorAll(".content pre").forEach(setupCopy);
  var toc = document.querySelector(".handout-toc");
  if (toc) setupToc(toc);
  var filters = document.getElementById("filtres");
  if (filters) setupFilters(filters);
})();
