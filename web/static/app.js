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
