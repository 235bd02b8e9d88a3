// Shows an outcome of a capture (see capture.js) in the popup or in the
// result tab. Everything the server sent is shown as text, never as markup.
"use strict";

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c !== undefined && c !== null && c !== false) e.append(c);
  }
  return e;
}

// webLink is a link that opens in a new tab, for http(s) addresses only.
function webLink(href, text, attrs) {
  if (typeof href !== "string" || !/^https?:\/\//i.test(href)) return null;
  return el("a", Object.assign({ href, target: "_blank", rel: "noopener" }, attrs), text);
}

function settingsLink(text) {
  const a = el("a", { href: "options.html", target: "_blank", id: "open-settings" }, text || "Open the extension's settings");
  a.addEventListener("click", (ev) => {
    ev.preventDefault();
    ext.runtime.openOptionsPage();
  });
  return a;
}

// headline says in a few words what happened.
function headline(outcome) {
  switch (outcome.kind) {
    case "saved": {
      const a = outcome.answer;
      if (outcome.status === 200) return "Already in claimline: nothing changed";
      return a.version > 1 ? "Saved as version " + a.version + " of this source" : "Saved as a new source";
    }
    case "setup":
      return "Set up the extension first";
    case "unreadable":
      return "This page cannot be captured";
    case "network":
      return "claimline could not be reached";
    default:
      return "Not saved";
  }
}

function savedBody(outcome) {
  const a = outcome.answer;
  const links = a.links || {};
  const reader = links.reader || links.source;
  const parts = [
    el("p", { class: "source" }, webLink(links.source || reader, outcome.page.title, { id: "source-link" }) || outcome.page.title),
    el("p", { class: "meta" }, "Source " + a.source_id + ", version " + a.version + "."),
  ];
  const q = a.quote;
  if (q && q.anchored) {
    parts.push(
      el("h2", {}, "Your passage"),
      el("blockquote", { id: "quote" }, q.exact),
      el("p", { class: "ok" }, "Found in the stored text and put on your clippings tray."),
      el("p", { class: "actions" }, webLink(links.new_entry, "New entry from this passage", { id: "new-entry", class: "button" })),
    );
  } else if (q) {
    parts.push(
      el("h2", {}, "Your passage"),
      el("p", { class: "warn", id: "not-anchored" }, q.reason || "Your selection was not found in the text claimline stored."),
      el("p", {}, "The page itself is saved; the passage is not on your clippings tray."),
    );
  } else {
    parts.push(el("p", { class: "meta" }, "No text was selected, so the whole page was saved. Select a passage before capturing to put it on your clippings tray."));
  }
  const open = webLink(reader, q && q.anchored ? "Read it in claimline, at the passage" : "Read it in claimline", { id: "reader-link" });
  if (open) parts.push(el("p", {}, open));
  return parts;
}

function problemBody(outcome) {
  const parts = [];
  if (outcome.detail) parts.push(el("p", { id: "detail" }, outcome.detail));
  if (outcome.errors && outcome.errors.length) {
    parts.push(el("ul", { id: "errors" }, ...outcome.errors.map((m) => el("li", {}, m))));
  }
  if (outcome.advice) parts.push(el("p", {}, outcome.advice));
  if (outcome.status) parts.push(el("p", { class: "meta" }, "claimline answered with status " + outcome.status + "."));
  if (outcome.kind === "network" || [401, 403, 404, 405].includes(outcome.status)) parts.push(el("p", {}, settingsLink()));
  return parts;
}

function body(outcome) {
  switch (outcome.kind) {
    case "saved":
      return savedBody(outcome);
    case "setup":
      return [
        el("p", {}, "The extension needs your claimline server's address and a token before it can send anything."),
        el("p", {}, settingsLink("Open the settings")),
      ];
    case "unreadable":
      return [el("p", { id: "detail" }, outcome.detail)];
    default:
      return problemBody(outcome);
  }
}

// showOutcome replaces the contents of root with the outcome, marks root
// with what happened (data-state, data-status and, once saved, the source
// and version) and moves the focus to the headline, so that a screen reader
// reads it.
function showOutcome(root, outcome) {
  if (!outcome || typeof outcome !== "object") {
    outcome = { kind: "problem", detail: "The extension lost track of this capture. Try again.", errors: [] };
  }
  const h = el("h1", { tabindex: "-1", id: "headline" }, headline(outcome));
  root.replaceChildren(h, ...body(outcome));
  root.dataset.state = outcome.kind;
  if (outcome.status) root.dataset.status = String(outcome.status);
  if (outcome.kind === "saved") {
    root.dataset.sourceId = String(outcome.answer.source_id);
    root.dataset.version = String(outcome.answer.version);
  }
  root.classList.toggle("failed", outcome.kind !== "saved");
  root.removeAttribute("aria-busy");
  h.focus();
}
