// What every part of the extension shares: the settings, the function that
// reads the page, and the two requests to claimline. It runs in the
// background and in the extension's own pages, and touches no DOM of its
// own: only collectPage runs in a page, injected there.
"use strict";

// Firefox's "browser" returns promises everywhere; Chromium's "chrome" does
// too in Manifest V3.
const ext = globalThis.browser && globalThis.browser.runtime ? globalThis.browser : globalThis.chrome;

// How long a request to claimline may take before the user is told.
const REQUEST_TIMEOUT_MS = 60000;

// readServer checks a typed server address. It returns {server} without a
// trailing slash (a sub-path install keeps its path), or {error}.
function readServer(text) {
  const typed = String(text || "").trim();
  if (!typed) return { error: "Type the address of your claimline server." };
  let u;
  try {
    u = new URL(typed);
  } catch {
    return { error: "Type the whole address, starting with http:// or https://, for example http://localhost:8080." };
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    return { error: "The address must start with http:// or https://." };
  }
  if (u.username || u.password || u.search || u.hash) {
    return { error: "Type only the server's address, without a name, password, ? or #." };
  }
  return { server: (u.origin + u.pathname).replace(/\/+$/, "") };
}

// readToken checks a typed token. It returns {token} or {error}.
function readToken(text) {
  const token = String(text || "").trim();
  if (!token) return { error: "Paste the token that claimline's Capture page made for you." };
  if (!/^cl_\S+$/.test(token)) return { error: "claimline tokens start with cl_ and contain no spaces." };
  return { token };
}

// hostPattern is the optional host permission that covers a server address.
// It names the host without the port: Firefox refuses ports in match
// patterns, and in Chromium a pattern without a port covers every port.
function hostPattern(server) {
  const u = new URL(server);
  return u.protocol + "//" + u.hostname + "/*";
}

async function loadSettings() {
  const s = await ext.storage.local.get(["server", "token"]);
  return { server: s.server || "", token: s.token || "" };
}

async function saveSettings(server, token) {
  await ext.storage.local.set({ server, token });
}

// collectPage runs inside the captured page, injected by
// scripting.executeScript, so it must use nothing from outside itself. It
// returns the page as the reader sees it now, after its scripts ran, and
// the selected passage as a W3C Web Annotation TextQuoteSelector.
function collectPage() {
  const squash = (s) => s.replace(/\s+/g, " ");
  const root = document.body || document.documentElement;
  // around returns up to 32 characters of the page's text before (or after)
  // a boundary point, reading outwards one node at a time: a selection near
  // the end of a long page need not turn the whole page into a string.
  const around = (container, offset, before) => {
    const r = document.createRange();
    r.selectNodeContents(container);
    if (before) r.setEnd(container, offset);
    else r.setStart(container, offset);
    let node = container;
    let text = squash(r.toString());
    while (text.length <= 32 && node !== root && node.parentNode) {
      const next = before ? node.previousSibling : node.nextSibling;
      if (!next) {
        node = node.parentNode;
        continue;
      }
      node = next;
      if (before) r.setStartBefore(node);
      else r.setEndAfter(node);
      text = squash(r.toString());
    }
    return before ? text.slice(-32) : text.slice(0, 32);
  };

  const page = {
    url: location.href,
    title: document.title.trim() || undefined,
    html: document.documentElement.outerHTML,
  };
  const canonical = document.querySelector('link[rel~="canonical" i][href]');
  if (canonical && /^https?:/.test(canonical.href)) page.canonical_url = canonical.href;

  const sel = window.getSelection();
  if (sel && sel.rangeCount > 0 && !sel.isCollapsed) {
    const range = sel.getRangeAt(0);
    const exact = sel.rangeCount === 1 ? sel.toString() : range.toString();
    if (exact.trim() && root.contains(range.commonAncestorContainer)) {
      page.selection = {
        type: "TextQuoteSelector",
        exact,
        prefix: around(range.startContainer, range.startOffset, true),
        suffix: around(range.endContainer, range.endOffset, false),
      };
    }
  }
  return page;
}

// readTab runs collectPage in a tab. It returns {page} or, when the browser
// does not let extensions read the tab, {outcome} saying so.
async function readTab(tabId) {
  let page = null;
  try {
    const [res] = await ext.scripting.executeScript({ target: { tabId }, func: collectPage });
    page = res && res.result;
  } catch {
    // Not allowed here: said below.
  }
  if (!page) {
    return { outcome: { kind: "unreadable", detail: "The browser does not let extensions read this page (its own pages, settings and extension stores are closed to them)." } };
  }
  if (!/^https?:/.test(page.url)) {
    return { outcome: { kind: "unreadable", detail: "Only web pages (http:// and https:// addresses) can be captured, not " + page.url.split(":")[0] + ": pages." } };
  }
  return { page };
}

// send makes one request to claimline with the token. It returns the
// Response, or an outcome of kind "network" when no answer came.
async function send(settings, method, path, body) {
  const init = {
    method,
    headers: { Authorization: "Bearer " + settings.token, Accept: "application/json" },
    credentials: "omit",
    cache: "no-store",
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  try {
    return await fetch(settings.server + path, init);
  } catch (e) {
    const late = e && e.name === "TimeoutError";
    return {
      kind: "network",
      server: settings.server,
      detail: late
        ? "claimline did not answer within " + REQUEST_TIMEOUT_MS / 1000 + " seconds."
        : "No claimline server answered at " + settings.server + ". Check the address in the settings, and that the server is running.",
    };
  }
}

// readJSON returns the JSON body of an answer, or null when it has none.
async function readJSON(res) {
  try {
    return await res.json();
  } catch {
    return null;
  }
}

// readProblem turns an error answer (application/problem+json, or anything
// else a wrong address may give) into an outcome of kind "problem".
async function readProblem(res) {
  const body = await readJSON(res);
  const out = { kind: "problem", status: res.status, title: "", detail: "", errors: [] };
  if (body && typeof body === "object") {
    out.title = typeof body.title === "string" ? body.title : "";
    out.detail = typeof body.detail === "string" ? body.detail : "";
    if (Array.isArray(body.errors)) {
      out.errors = body.errors.map((e) => (e && typeof e.message === "string" ? e.message : "")).filter(Boolean);
    }
  }
  out.advice = advice(res.status);
  return out;
}

// advice says what a person can do about an error status.
function advice(status) {
  switch (status) {
    case 401:
      return "claimline did not accept the token: it is mistyped, expired or revoked. Make a new one on claimline's Capture page and paste it into the settings.";
    case 403:
      return "The token may not do this. Capture needs a token with the sources:write scope, held by an editor or an admin.";
    case 404:
    case 405:
      return "Something answers at this address, but not claimline's API. Check the server address in the settings.";
    case 413:
      return "This page is too large for claimline to store.";
    case 422:
      return "claimline could not store this page as it is.";
    default:
      return status >= 500 ? "claimline failed while saving. Try again; if it keeps failing, tell whoever runs your claimline server." : "";
  }
}

// capturePage sends a collected page to claimline. It returns an outcome:
// {kind: "saved", status, answer, page} on 200 or 201, otherwise a
// "problem" or "network" outcome.
async function capturePage(settings, page) {
  const res = await send(settings, "POST", "/api/v1/captures", page);
  if (!(res instanceof Response)) return res;
  const sent = { title: page.title || page.url, url: page.url, selected: !!page.selection };
  if (res.status !== 200 && res.status !== 201) return Object.assign(await readProblem(res), { page: sent });
  const answer = await readJSON(res);
  if (!answer || typeof answer.source_id !== "number") {
    return { kind: "problem", status: res.status, detail: "The server answered, but not as claimline does.", errors: [], advice: advice(404), page: sent };
  }
  return { kind: "saved", status: res.status, answer, page: sent };
}

// checkSettings tries a server address and token the way capture will use
// them, changing nothing: it reads the tray, then sends an empty capture,
// which claimline refuses as incomplete (422) only after it has found that
// the token may capture. It returns {kind: "ok", clippings} or a "problem"
// or "network" outcome.
async function checkSettings(settings) {
  const res = await send(settings, "GET", "/api/v1/clippings");
  if (!(res instanceof Response)) return res;
  if (!res.ok) return readProblem(res);
  const body = await readJSON(res);
  if (!body || !Array.isArray(body.items)) {
    return { kind: "problem", status: res.status, detail: "The server answered, but not as claimline does.", errors: [], advice: advice(404) };
  }
  const probe = await send(settings, "POST", "/api/v1/captures", {});
  if (!(probe instanceof Response)) return probe;
  if (probe.status !== 422) return readProblem(probe);
  return { kind: "ok", clippings: body.items.length };
}

// captureTab reads a tab and sends it: the whole capture, for both the
// toolbar button and the context menu.
async function captureTab(tabId) {
  const settings = await loadSettings();
  if (!settings.server || !settings.token) return { kind: "setup" };
  const { page, outcome } = await readTab(tabId);
  if (outcome) return outcome;
  return capturePage(settings, page);
}
