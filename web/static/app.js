// claimline's only script: small enhancements. Every page works without it.
"use strict";

// Repeated name inputs (actors, tags): offer "add another" instead of making
// people save the form to get more empty boxes.
document.querySelectorAll("fieldset[data-repeat]").forEach(function (set) {
  var button = document.createElement("button");
  button.type = "button";
  button.className = "secondary add";
  button.textContent = "Add another";
  button.addEventListener("click", function () {
    var inputs = set.querySelectorAll("input");
    var last = inputs[inputs.length - 1];
    var copy = last.cloneNode(false);
    copy.value = "";
    copy.setAttribute("aria-label", last.getAttribute("aria-label").replace(/\d+$/, String(inputs.length + 1)));
    last.after(copy);
    copy.focus();
  });
  set.appendChild(button);
});

// Slow forms (uploads, fetching a page) say that they are working and
// cannot be sent twice.
document.querySelectorAll("form[data-busy]").forEach(function (form) {
  form.addEventListener("submit", function () {
    var button = form.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;
      button.textContent = form.getAttribute("data-busy");
    }
  });
});

// Source reader: selecting a passage offers "use as evidence", "new entry
// from this passage" and "new claim from this passage", each opening its
// form with the passage filled in. Without JavaScript the same forms are
// reached by their links, and the passage is pasted.
(function () {
  var reader = document.getElementById("reader");
  var bar = document.getElementById("evidence-bar");
  var link = document.getElementById("evidence-link");
  if (!reader || !bar || !link) {
    return;
  }
  var base = reader.getAttribute("data-evidence");
  var source = reader.getAttribute("data-source");
  var entryLink = document.getElementById("new-entry-link");
  var claimLink = document.getElementById("new-claim-link");
  document.addEventListener("selectionchange", function () {
    var sel = document.getSelection();
    var text = sel ? sel.toString().trim() : "";
    var inside = sel && sel.rangeCount > 0 && reader.contains(sel.getRangeAt(0).commonAncestorContainer);
    if (text && inside) {
      link.href = base + "?quote=" + encodeURIComponent(text);
      if (entryLink) {
        entryLink.href = source + "/new-entry?passage=" + encodeURIComponent(text);
      }
      if (claimLink) {
        claimLink.href = source + "/new-claim?passage=" + encodeURIComponent(text);
      }
      bar.hidden = false;
    } else {
      bar.hidden = true;
    }
  });
})();
