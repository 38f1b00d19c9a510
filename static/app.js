// Enhancements only: the site works fully without this script.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var restoreKey = "praktijkbank-filter";

  // On wide screens the filters sit beside the results: keep their disclosure open.
  var filters = document.getElementById("filters");
  var wide = window.matchMedia("(min-width: 48rem)");
  var openOnWide = function () {
    if (filters && wide.matches) filters.open = true;
  };
  openOnWide();
  if (wide.addEventListener) wide.addEventListener("change", openOnWide);

  // The editors' tabs and the queue's filters are folded on a phone only: open them on wider
  // screens, where they stand in full (45-editors.css), so that they are announced as open.
  var beheerWide = window.matchMedia("(min-width: 40rem)");
  var openBeheerOnWide = function () {
    if (!beheerWide.matches) return;
    ["beheer-menu", "wachtrij-filters"].forEach(function (id) {
      var d = document.getElementById(id);
      if (d) d.open = true;
    });
  };
  openBeheerOnWide();
  if (beheerWide.addEventListener) beheerWide.addEventListener("change", openBeheerOnWide);

  // "Beheerder" opens over the page on wide screens: Escape closes it (focus back on it), and
  // so does a click or focus elsewhere.
  var adminMenu = document.querySelector(".beheer-admin-menu");
  if (adminMenu) {
    var closeAdminMenu = function (e) {
      if (adminMenu.open && beheerWide.matches && !adminMenu.contains(e.target)) adminMenu.open = false;
    };
    document.addEventListener("click", closeAdminMenu);
    document.addEventListener("focusin", closeAdminMenu);
    adminMenu.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && adminMenu.open && beheerWide.matches) {
        adminMenu.open = false;
        adminMenu.querySelector("summary").focus();
      }
    });
  }

  // Apply a facet choice as soon as it changes. The new page puts the person back where they
  // were: the same disclosures open, focus on the same checkbox at the same height on screen,
  // and the new count announced.
  document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () {
      var form = el.form;
      if (!form) return;
      var state = {
        path: location.pathname,
        focus: el.id,
        top: el.getBoundingClientRect().top,
        open: [].map.call(form.querySelectorAll("details[open][id]"), function (d) { return d.id; }),
        narrow: {}
      };
      form.querySelectorAll("[data-filter-list]").forEach(function (input) {
        if (input.value) state.narrow[input.id] = input.value;
      });
      try { sessionStorage.setItem(restoreKey, JSON.stringify(state)); } catch (e) { /* private mode */ }
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    });
  });

  // Narrow long term lists by typing: options without the letters are hidden (chosen ones
  // stay), and the options behind "Toon alle" are searched too.
  var fold = function (s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  };
  document.querySelectorAll("[data-filter-list]").forEach(function (input) {
    var fieldset = document.getElementById(input.getAttribute("data-filter-list"));
    if (!fieldset) return;
    var box = input.closest(".facet-filter");
    box.hidden = false;
    var more = fieldset.querySelector(".facet-more");
    var none = box.querySelector(".facet-none");
    var openedByTyping = false;
    input.addEventListener("input", function () {
      var q = fold(input.value.trim());
      if (more && q !== "" && !more.open) {
        more.open = true;
        openedByTyping = true;
      } else if (more && q === "" && openedByTyping) {
        more.open = false;
        openedByTyping = false;
      }
      var shown = 0;
      fieldset.querySelectorAll(".facet-options li").forEach(function (li) {
        var check = li.querySelector("input");
        li.hidden = q !== "" && !(check && check.checked) && fold(li.textContent).indexOf(q) < 0;
        if (!li.hidden) shown++;
      });
      if (none) none.hidden = shown > 0;
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter") e.preventDefault();
    });
  });

  // The sheet's actions that need a script: copy its link and print it.
  var copyStatus = document.querySelector(".copy-status");
  var say = function (text) {
    if (!copyStatus) return;
    copyStatus.textContent = text;
  };
  var copyText = function (text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy failed"));
    });
  };
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var url = button.getAttribute("data-copy");
      copyText(url).then(function () {
        say("De link is gekopieerd: " + url);
      }, function () {
        say("Kopiëren lukte niet. Het adres van deze pagina is " + url);
      });
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("[data-js-only]").forEach(function (el) { el.hidden = false; });

  var saved = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(restoreKey) || "null");
    sessionStorage.removeItem(restoreKey);
  } catch (e) { saved = null; }
  if (saved && saved.path === location.pathname) {
    (saved.open || []).forEach(function (id) {
      var d = document.getElementById(id);
      if (d && d.tagName === "DETAILS") d.open = true;
    });
    Object.keys(saved.narrow || {}).forEach(function (id) {
      var input = document.getElementById(id);
      if (!input) return;
      input.value = saved.narrow[id];
      input.dispatchEvent(new Event("input"));
    });
    var target = saved.focus && document.getElementById(saved.focus);
    if (target) {
      target.focus({ preventScroll: true });
      window.scrollBy(0, target.getBoundingClientRect().top - (saved.top || 0));
    }
    var status = document.getElementById("catalog-status");
    var count = document.getElementById("results-title");
    if (status && count) {
      // A live region announces a change, not its first content: fill it after the load.
      setTimeout(function () { status.textContent = count.textContent.trim() + " gevonden"; }, 150);
    }
  }
  // The sheet form: while goals or target groups are typed, tick the terms that fit them, once
  // each (a box the person unticks stays unticked), and say which. The button that does the
  // same without this script is then not needed.
  document.querySelectorAll("[data-tagged]").forEach(function (group) {
    var name = group.getAttribute("data-tagged");
    var text = group.querySelector("textarea");
    var offered = group.querySelector("input[type=hidden]");
    var status = group.querySelector("[role=status]");
    var button = group.querySelector("button.suggest-terms");
    if (!text || !offered || !status || !window.fetch) return;
    if (button) button.hidden = true;
    var timer = 0;
    var ask = function () {
      var url = "/indienen/termen?facet=" + encodeURIComponent(name) + "&tekst=" + encodeURIComponent(text.value.slice(0, 4000));
      fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
        return r.ok ? r.json() : { terms: [] };
      }).then(function (data) {
        var seen = offered.value.split(" ").filter(Boolean);
        var ticked = [];
        (data.terms || []).forEach(function (t) {
          if (seen.indexOf(t.slug) >= 0) return;
          seen.push(t.slug);
          var box = group.querySelector("input[type=checkbox][value='" + t.slug.replace(/'/g, "") + "']");
          if (box && !box.checked) {
            box.checked = true;
            ticked.push(t.label);
          }
        });
        offered.value = seen.join(" ");
        if (ticked.length) status.textContent = "Aangevinkt bij je tekst: " + ticked.join(", ") + ".";
      }).catch(function () { /* a help only: the boxes stay as they are */ });
    };
    text.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 700);
    });
  });

  // A file field in Dutch: its label looks like a button ("Kies een foto…") and the status
  // beside it names the chosen file, instead of the browser's own words. The input stays in
  // the form and takes the focus, out of sight; Space or Enter on it opens the choice.
  document.querySelectorAll(".file-field").forEach(function (field) {
    var input = field.querySelector("input[type=file]");
    var status = field.querySelector(".file-status");
    if (!input || !status) return;
    var none = status.textContent;
    var show = function () {
      var names = [].map.call(input.files || [], function (f) { return f.name; });
      status.textContent = names.length ? "Gekozen: " + names.join(", ") : none;
    };
    field.classList.add("enhanced");
    status.hidden = false;
    input.addEventListener("change", show);
    show();
  });

  // The sheet form's progress list: mark the step in view (aria-current), as the window
  // scrolls. Without this script the list is a table of contents with each step's state.
  var progress = document.querySelector(".form-progress");
  var steps = [].slice.call(document.querySelectorAll(".form-step[id]"));
  if (progress && steps.length) {
    var waiting = false;
    var markStep = function () {
      waiting = false;
      var line = Math.max(progress.getBoundingClientRect().bottom, 0) + 48;
      var current = steps[0];
      var atEnd = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
      steps.forEach(function (step) {
        if (atEnd || step.getBoundingClientRect().top <= line) current = step;
      });
      progress.querySelectorAll("a[data-step]").forEach(function (a) {
        if (a.getAttribute("data-step") === current.id) a.setAttribute("aria-current", "step");
        else a.removeAttribute("aria-current");
      });
    };
    window.addEventListener("scroll", function () {
      if (!waiting) {
        waiting = true;
        window.requestAnimationFrame(markStep);
      }
    }, { passive: true });
    window.addEventListener("hashchange", markStep);
    markStep();
  }
})();
