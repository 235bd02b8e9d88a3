// The popup of the toolbar button: opening it is the click that captures the
// page in the active tab. Opened with ?shown=<id> (in a tab, after a
// context-menu capture) it shows that capture's outcome instead.
"use strict";

async function outcomeToShow() {
  const shown = new URLSearchParams(location.search).get("shown");
  if (shown) {
    const { results = [] } = await ext.storage.session.get("results");
    const kept = results.find((r) => r.id === shown);
    return kept ? kept.outcome : { kind: "problem", detail: "This result is no longer kept: results last until the browser closes.", errors: [] };
  }
  const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
  if (!tab || typeof tab.id !== "number") {
    return { kind: "unreadable", detail: "There is no page in this window to capture." };
  }
  try {
    return await ext.runtime.sendMessage({ type: "capture", tabId: tab.id });
  } catch {
    // No background answered (a Firefox copy without background scripts,
    // or a worker that failed to start): the popup captures by itself.
    return captureTab(tab.id);
  }
}

outcomeToShow()
  .catch((e) => ({ kind: "problem", detail: "The capture failed: " + (e && e.message ? e.message : e), errors: [] }))
  .then((outcome) => showOutcome(document.getElementById("result"), outcome));
