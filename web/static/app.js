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

// The clippings tray: passages clipped in readers, kept in this browser
// (per user) until they are saved as evidence together from the tray's
// form.
window.claimlineTray = (function () {
  var link = document.getElementById("clippings-link");
  // One tray per user of this browser.
  var key = "claimline.clippings." + (link ? link.getAttribute("data-user") : "");
  var sentKey = key + ".sent";
  var form = document.getElementById("clippings-form");
  function read(storage, k) {
    try {
      var v = JSON.parse(storage.getItem(k));
      return v;
    } catch (e) {
      return null;
    }
  }
  function load() {
    var list = read(localStorage, key);
    return Array.isArray(list) ? list : [];
  }
  function store(list) {
    localStorage.setItem(key, JSON.stringify(list));
    show(list);
  }
  function same(a, b) {
    return a.source === b.source && a.quote === b.quote;
  }
  function query(list) {
    return list.map(function (c) {
      return "source=" + encodeURIComponent(c.source) + "&quote=" + encodeURIComponent(c.quote);
    }).join("&");
  }
  function show(list) {
    if (!link) {
      return;
    }
    // On the tray's own page the link would only cover the form.
    link.hidden = list.length === 0 || form !== null;
    link.textContent = "Clippings (" + list.length + ")";
    link.href = "/clippings?" + query(list);
  }
  // open shows the tray's form: by its address, or posted when the
  // address would be too long for a proxy to pass.
  function open(replace) {
    if (link.href.length < 6000) {
      if (replace) {
        location.replace(link.href); // not back to the empty page
      } else {
        location.href = link.href;
      }
      return;
    }
    var post = document.createElement("form");
    post.method = "post";
    post.action = "/clippings/review";
    var token = document.querySelector("input[name=_csrf]");
    var fields = [["_csrf", token ? token.value : ""]];
    load().forEach(function (c) {
      fields.push(["source", c.source], ["quote", c.quote]);
    });
    fields.forEach(function (f) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = f[0];
      input.value = f[1];
      post.appendChild(input);
    });
    document.body.appendChild(post);
    post.submit();
  }
  if (link) {
    link.addEventListener("click", function (ev) {
      ev.preventDefault();
      open(false);
    });
  }
  // A save of the tray is named by a token the form carries; the page
  // after a save has it in its address (?saved=), and the passages that
  // save sent leave the tray. Passages clipped meanwhile stay.
  var sent = read(sessionStorage, sentKey);
  var saved = new URLSearchParams(location.search).get("saved");
  if (saved && sent && sent.token === saved && Array.isArray(sent.clips)) {
    store(load().filter(function (c) {
      return !sent.clips.some(function (s) { return same(c, s); });
    }));
    sessionStorage.removeItem(sentKey);
  } else {
    show(load());
  }
  if (saved && history.replaceState) {
    history.replaceState(null, "", location.pathname + location.hash);
  }
  if (form) {
    form.addEventListener("submit", function (ev) {
      if (ev.submitter && ev.submitter.getAttribute("formaction")) {
        return; // showing another timeline's choices saves nothing
      }
      var sources = form.querySelectorAll("input[name=source]");
      var quotes = form.querySelectorAll("input[name=quote]");
      var clips = [];
      for (var i = 0; i < sources.length; i++) {
        clips.push({ source: sources[i].value, quote: quotes[i].value });
      }
      var token = String(Date.now()) + String(Math.random()).slice(2, 10);
      var input = form.querySelector("input[name=tray]") || document.createElement("input");
      input.type = "hidden";
      input.name = "tray";
      input.value = token;
      form.appendChild(input);
      sessionStorage.setItem(sentKey, JSON.stringify({ token: token, clips: clips }));
    });
  }
  // The tray's page opened without its passages: send them from here.
  if (link && document.getElementById("clippings-empty") && location.search === "" && load().length > 0) {
    open(true);
  }
  return {
    add: function (source, quote) {
      var list = load();
      var c = { source: source, quote: quote };
      if (!list.some(function (x) { return same(x, c); })) {
        list.push(c);
        store(list);
      }
      return list.length;
    }
  };
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
    var n = window.claimlineTray.add(source.replace(/^.*\//, ""), selected);
    clip.textContent = "Clipped (" + n + " in the tray)";
    placeTray();
  });
  bar.appendChild(clip);
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
