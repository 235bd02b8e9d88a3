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
// cannot be sent twice. The button clicked is disabled only once the
// browser has read the form: a disabled button sends no name and value,
// and a form with two ("Import", "Preview again") needs to know which.
document.querySelectorAll("form[data-busy]").forEach(function (form) {
  form.addEventListener("submit", function (e) {
    var button = e.submitter || form.querySelector("button[type=submit]");
    if (button) {
      setTimeout(function () {
        button.disabled = true;
        button.textContent = form.getAttribute("data-busy");
      }, 0);
    }
  });
});

// The clippings tray: passages clipped in readers, kept on the server for
// the user, who saves them as evidence together from the tray's form.
window.claimlineTray = (function () {
  var link = document.getElementById("clippings-link");
  if (!link) {
    return null;
  }
  var token = document.querySelector("input[name=_csrf]");
  var tray = document.getElementById("tray");
  function show(n) {
    tray.hidden = n === 0 || document.getElementById("clippings-form") !== null;
    link.textContent = "Clippings (" + n + ")";
  }
  // add puts passages on the tray; it resolves with the tray's size, or
  // rejects with the server's reason.
  function add(clips) {
    var body = new URLSearchParams();
    body.append("_csrf", token ? token.value : "");
    clips.forEach(function (c) {
      body.append("source", c.source);
      body.append("quote", c.quote);
    });
    return fetch("/clippings/add", {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (v) {
        if (!r.ok) {
          throw new Error(v.error || "The passage could not be clipped (" + r.status + ").");
        }
        show(v.count);
        return v.count;
      });
    });
  }
  // The tray used to live in this browser's storage: move what it holds
  // to the server once, then forget it here. A passage the server refuses
  // (its source gone or changed) is dropped.
  var key = "claimline.clippings." + link.getAttribute("data-user");
  var old = null;
  try {
    old = JSON.parse(localStorage.getItem(key));
  } catch (e) {
    old = null;
  }
  if (Array.isArray(old) && old.length > 0) {
    old.reduce(function (done, c) {
      return done.then(function () {
        return add([{ source: String(c.source), quote: String(c.quote) }]).catch(function () {});
      });
    }, Promise.resolve()).then(function () {
      localStorage.removeItem(key);
      localStorage.removeItem(key + ".sent");
    });
  } else if (old !== null) {
    localStorage.removeItem(key);
  }
  return { add: add };
})();

// A choice that changes what the form shows (a timeline's entries and
// claims) applies at once; without JavaScript its button does.
document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
  var button = document.getElementById(select.getAttribute("data-autosubmit"));
  if (button) {
    button.hidden = true;
    select.addEventListener("change", function () {
      if (select.form.requestSubmit) {
        select.form.requestSubmit(button);
      } else {
        button.click();
      }
    });
  }
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
  var selected = "";
  var clip = document.createElement("button");
  clip.type = "button";
  clip.id = "clip-button";
  clip.textContent = "Clip";
  clip.title = "Keep this passage in the clippings tray, to save it as evidence later with others";
  clip.addEventListener("mousedown", function (ev) {
    ev.preventDefault(); // keep the selection
  });
  // The tray's link floats just above the bar, however tall it is.
  function placeTray() {
    var tray = document.getElementById("clippings-link");
    if (tray) {
      tray.style.bottom = bar.hidden ? "" : bar.offsetHeight + 12 + "px";
    }
  }
  clip.addEventListener("click", function () {
    if (!window.claimlineTray) {
      return;
    }
    clip.disabled = true;
    window.claimlineTray.add([{ source: source.replace(/^.*\//, ""), quote: selected }]).then(function (n) {
      clip.textContent = "Clipped (" + n + " on the tray)";
    }, function (err) {
      clip.textContent = "Not clipped: " + err.message;
    }).then(function () {
      clip.disabled = false;
      placeTray();
    });
  });
  if (window.claimlineTray) {
    bar.appendChild(clip); // editors keep a tray
  }
  document.addEventListener("selectionchange", function () {
    var sel = document.getSelection();
    var text = sel ? sel.toString().trim() : "";
    var inside = sel && sel.rangeCount > 0 && reader.contains(sel.getRangeAt(0).commonAncestorContainer);
    if (text && inside) {
      if (text !== selected) {
        clip.textContent = "Clip";
      }
      selected = text;
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
    placeTray();
  });
})();

// The window a capture bookmarklet opens: ask the page that opened it for
// the capture, show it, and let the user send it. Only the opener is
// listened to, and nothing is sent without the user's press.
(function () {
  var form = document.getElementById("capture-form");
  if (!form || !window.opener) {
    return;
  }
  window.addEventListener("message", function (e) {
    var d = e.data;
    if (e.source !== window.opener || !d || d.type !== "claimline:capture") {
      return;
    }
    ["url", "canonical_url", "exact", "prefix", "suffix", "title"].forEach(function (n) {
      form.elements[n].value = String(d[n] || "");
    });
    var files = new DataTransfer();
    files.items.add(new File([String(d.html || "")], "page.html", { type: "text/html" }));
    form.elements.page.files = files.files;
    document.getElementById("capture-url").textContent = String(d.url || "");
    if (d.exact) {
      document.getElementById("capture-selection").textContent = String(d.exact);
    }
    document.getElementById("capture-waiting").hidden = true;
    document.getElementById("capture-ready").hidden = false;
    document.getElementById("capture-send").focus();
  });
  window.opener.postMessage("claimline:ready", "*");
})();
