// Eén Plan: a print button for printable overviews (no inline scripts: strict CSP).
// The button is hidden until this script runs; without JavaScript the page explains Ctrl+P.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
});
