// The background: the context-menu entry, and the capture itself, which the
// popup asks for too, so that a capture finishes even when its popup closes.
"use strict";

// Chromium starts this file alone, as a service worker. Firefox runs no
// background service workers: its copy of the manifest lists capture.js
// and this file as background "scripts" instead, capture.js first.
if (typeof captureTab === "undefined") importScripts("capture.js");

const MENU_ID = "capture-page";

// Results shown in a tab (after a context-menu capture) are kept for the
// browser session, the latest few only.
const KEPT_RESULTS = 10;

function createMenu() {
  ext.contextMenus.removeAll(() => {
    ext.contextMenus.create(
      { id: MENU_ID, title: "Capture this page in claimline", contexts: ["page", "selection"] },
      () => void ext.runtime.lastError,
    );
  });
}
ext.runtime.onInstalled.addListener(createMenu);
ext.runtime.onStartup.addListener(createMenu);

// run captures a tab, marking the toolbar button of that tab while it works
// and with the outcome after, for someone who closed the popup meanwhile.
async function run(tabId) {
  await badge(tabId, "…", "#5f6368");
  let outcome;
  try {
    outcome = await captureTab(tabId);
  } catch (e) {
    outcome = { kind: "problem", status: 0, detail: "The capture failed: " + (e && e.message ? e.message : e), errors: [] };
  }
  if (outcome.kind === "saved") await badge(tabId, "✓", "#1e7a3c");
  else await badge(tabId, "!", "#b3261e");
  return outcome;
}

async function badge(tabId, text, color) {
  try {
    await ext.action.setBadgeBackgroundColor({ tabId, color });
    await ext.action.setBadgeText({ tabId, text });
  } catch {
    // The tab closed: nothing to mark.
  }
}

ext.runtime.onMessage.addListener((msg, sender, reply) => {
  if (sender.id !== ext.runtime.id || !msg || msg.type !== "capture" || typeof msg.tabId !== "number") return false;
  run(msg.tabId).then(reply);
  return true; // the reply comes later
});

// captureFromMenu captures the page whose menu entry was chosen, and shows
// the outcome in a tab opened next to it: a menu has no popup to show it in.
async function captureFromMenu(info, tab) {
  if (info.menuItemId !== MENU_ID || !tab || typeof tab.id !== "number" || tab.id < 0) return;
  const outcome = await run(tab.id);
  const id = String(Date.now());
  const { results = [] } = await ext.storage.session.get("results");
  results.push({ id, outcome });
  await ext.storage.session.set({ results: results.slice(-KEPT_RESULTS) });
  await ext.tabs.create({ url: ext.runtime.getURL("popup.html?shown=" + id), index: tab.index + 1, openerTabId: tab.id });
}
ext.contextMenus.onClicked.addListener(captureFromMenu);
