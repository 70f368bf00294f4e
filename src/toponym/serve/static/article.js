// Links an article view's highlighted mentions, table rows and map points: pointing at one
// highlights the others with the same data-key. Used by the web page (after each /api/extract)
// and inlined into the files `toponym extract --html` writes.
"use strict";

function toponymLink(root) {
  const linked = root.querySelectorAll("[data-key]");
  function mark(key, on) {
    for (const element of linked) {
      if (element.dataset.key === key) element.classList.toggle("hi", on);
    }
  }
  for (const element of linked) {
    if (!element.dataset.key) continue;
    element.addEventListener("mouseenter", () => mark(element.dataset.key, true));
    element.addEventListener("mouseleave", () => mark(element.dataset.key, false));
  }
}

document.addEventListener("DOMContentLoaded", () => {
  for (const view of document.querySelectorAll(".standalone .article-view")) toponymLink(view);
});
