// htmx settings for the console and the public lists, loaded after htmx (both deferred).
// The CSP allows no inline styles or eval; staff pages hold personal data, so no page snapshots
// go into localStorage (a history miss reloads the page from the server instead).
if (window.htmx) {
  htmx.config.includeIndicatorStyles = false;
  htmx.config.allowEval = false;
  htmx.config.allowScriptTags = false;
  htmx.config.historyCacheSize = 0;
  htmx.config.refreshOnHistoryMiss = true;
}
