// Live scores on the 自评表 form: the form is posted to the scores URL as the user types, and the server answers
// with every 分值 and 得分 computed by selfeval.scoring, so the page never scores by rules of its own.
(function () {
  "use strict";
  const form = document.getElementById("selfeval-form");
  if (!form) return;
  const url = form.dataset.scoresUrl;
  let timer = null;
  let latest = 0;

  function put(id, text) {
    const element = document.getElementById(id);
    if (element) element.textContent = text;
  }

  async function refresh() {
    const request = ++latest;
    const response = await fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin" });
    if (!response.ok || request !== latest) return;
    const scores = await response.json();
    put("live-rate", scores.rate);
    put("live-rate-score", scores.rate_score);
    put("live-total", scores.total);
    put("live-grade", scores.grade);
    scores.indicators.forEach(function (indicator, index) {
      put("live-points-" + (index + 1), indicator.points);
      put("live-score-" + (index + 1), indicator.score);
    });
  }

  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  });
})();
