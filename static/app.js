// Enhancements only: the site works fully without this script.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Apply a facet or sort choice as soon as it changes.
  document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () {
      if (el.form) el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
    });
  });

  // Narrow long term lists by typing.
  document.querySelectorAll("[data-filter-list]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("data-filter-list"));
    if (!list) return;
    input.closest(".facet-filter").hidden = false;
    var fold = function (s) {
      return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    };
    input.addEventListener("input", function () {
      var q = fold(input.value.trim());
      list.querySelectorAll("li").forEach(function (li) {
        var box = li.querySelector("input");
        li.hidden = q !== "" && !(box && box.checked) && fold(li.textContent).indexOf(q) < 0;
      });
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter") e.preventDefault();
    });
  });
})();
