// The settings page: the server address and the token, saved in the
// extension's local storage, and a check that they work.
"use strict";

const form = document.getElementById("settings");
const serverInput = document.getElementById("server");
const tokenInput = document.getElementById("token");
const statusBox = document.getElementById("status");

function fieldError(input, message) {
  const box = document.getElementById(input.id + "-error");
  box.textContent = message || "";
  box.hidden = !message;
  if (message) {
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", input.id + "-hint " + box.id);
  } else {
    input.removeAttribute("aria-invalid");
    input.setAttribute("aria-describedby", input.id + "-hint");
  }
}

// typed returns the checked settings of the form, or null after marking the
// fields that are wrong and moving the focus to the first of them.
function typed() {
  const s = readServer(serverInput.value);
  const t = readToken(tokenInput.value);
  fieldError(serverInput, s.error);
  fieldError(tokenInput, t.error);
  if (s.error) serverInput.focus();
  else if (t.error) tokenInput.focus();
  return s.error || t.error ? null : { server: s.server, token: t.token };
}

function say(kind, ...lines) {
  statusBox.replaceChildren(...lines.filter(Boolean).map((l) => {
    const p = document.createElement("p");
    p.textContent = l;
    return p;
  }));
  statusBox.className = kind === "ok" || kind === "working" ? kind : "error";
  statusBox.dataset.check = kind;
}

// describe puts the outcome of checkSettings in words.
function describe(outcome, settings) {
  if (outcome.kind === "ok") {
    const n = outcome.clippings;
    return ["ok", "The address and the token work: claimline answered, and your clippings tray holds " + n + (n === 1 ? " passage." : " passages.")];
  }
  if (outcome.kind === "network") {
    return ["network", "The address looks wrong: no claimline server answered at " + settings.server + ".", "Check it, and that the server is running."];
  }
  switch (outcome.status) {
    case 401:
      return ["401", "The address is right, but the token is not: claimline did not accept it. It is mistyped, expired or revoked.", "Make a new one on claimline’s Capture page."];
    case 403:
      return ["403", "The address and the token are right, but the token may not capture. " + (outcome.detail || ""),
        "Capture needs a token with the sources:write scope, of an editor or an admin: make one on claimline’s Capture page."];
    default:
      return ["problem", "claimline answered with status " + outcome.status + ". " + (outcome.detail || ""), outcome.advice];
  }
}

async function check(settings, first) {
  say("working", first, "Checking " + settings.server + "…");
  const [kind, ...lines] = describe(await checkSettings(settings), settings);
  say(kind, first, ...lines);
}

async function askForSite(settings) {
  // Browsers grant a permission only while handling the click, so this is
  // asked first and at once, and saving does not wait for the answer. It is
  // granted at once, with no question, when the extension has it already.
  try {
    await ext.permissions.request({ origins: [hostPattern(settings.server)] });
  } catch {
    // Refused or not offered: claimline answers the extension either way.
  }
}

document.getElementById("save").addEventListener("click", (ev) => {
  ev.preventDefault();
  const settings = typed();
  if (!settings) return;
  askForSite(settings);
  saveSettings(settings.server, settings.token).then(() => check(settings, "Saved."));
});

document.getElementById("test").addEventListener("click", () => {
  const settings = typed();
  if (settings) check(settings);
});

form.addEventListener("submit", (ev) => ev.preventDefault());

document.getElementById("show-token").addEventListener("change", (ev) => {
  tokenInput.type = ev.target.checked ? "text" : "password";
});

// The saved settings arrive after the page shows: never over what the
// person has begun to type meanwhile.
loadSettings().then((s) => {
  if (!serverInput.value) serverInput.value = s.server;
  if (!tokenInput.value) tokenInput.value = s.token;
  form.dataset.loaded = "true";
});
