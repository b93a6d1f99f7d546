// papers: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Leave empty fields out of the address, so shared links stay short:
  // /?q=flood&kind=funding rather than /?q=flood&kind=funding&body=&date_from=…
  function dropEmpty(form) {
    var els = form.elements;
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (el.name && !el.disabled && el.value === "" && el.type !== "submit") {
        el.disabled = true;
        el.setAttribute("data-dropped", "");
      }
    }
  }

  function submit(form) {
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit(); // fires the submit event, so dropEmpty runs
    } else {
      dropEmpty(form);
      form.submit();
    }
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form && form.matches && form.matches("form.search")) {
      dropEmpty(form);
    }
  });

  // Coming back to a page from the history: give back the fields dropEmpty took.
  window.addEventListener("pageshow", function () {
    var dropped = document.querySelectorAll("[data-dropped]");
    for (var i = 0; i < dropped.length; i++) {
      dropped[i].disabled = false;
      dropped[i].removeAttribute("data-dropped");
    }
  });

  // Choosing from a select (kind, body, sort) or ticking a box applies it at once.
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el && el.hasAttribute && el.hasAttribute("data-autosubmit") && el.form) {
      submit(el.form);
    }
  });

  // On a wide screen the filters start open; on a phone they stay folded
  // under their summary so the results come first.
  if (window.matchMedia && window.matchMedia("(min-width: 50rem)").matches) {
    var wide = document.querySelectorAll("details[data-open-wide]");
    for (var i = 0; i < wide.length; i++) {
      wide[i].open = true;
    }
  }

  // "/" jumps to the search box, as on many sites.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) {
      return;
    }
    var t = e.target;
    var tag = t && t.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) {
      return;
    }
    var q = document.getElementById("q");
    if (q) {
      e.preventDefault();
      q.focus();
      q.select();
    }
  });
})();
