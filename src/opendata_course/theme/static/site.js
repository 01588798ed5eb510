/* opendata-course: course pages. Quizzes you can answer and the catalogue
   filters. Everything works without this script (answers sit in a details
   block, every module is listed). */
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
        feedback.textContent = strings.quizChoose || "Choisissez d'abord une réponse.";
        feedback.className = "quiz-feedback";
        return;
      }
      options.forEach(function (li) {
        li.classList.toggle("is-correct", li.dataset.correct === "true");
        li.classList.toggle("is-wrong", li.dataset.correct !== "true" && li.querySelector("input").checked);
      });
      feedback.textContent = right ? (strings.quizRight || "Bonne réponse !") : (strings.quizWrong || "Ce n'est pas tout à fait ça.");
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

  document.querySelectorAll(".quiz").forEach(setupQuiz);
  var filters = document.getElementById("filtres");
  if (filters) setupFilters(filters);
})();
