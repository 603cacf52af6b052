// Eén Plan: the only script of our own. No inline scripts anywhere (strict CSP).
// Moves focus to the error summary so keyboard and screen-reader users hear what went wrong.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});
