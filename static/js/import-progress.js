/*
 * The import's progress page follows the import in place: every 3 seconds it reads the
 * page again and puts the new state where the old one was, in a polite live region, so a
 * screen reader hears "Importing: 40 of 120 posts" without the page reloading under it.
 * It stops once the import has ended (the fetched page no longer asks to be followed).
 * Without JavaScript the page offers a Refresh link instead.
 */
(function () {
  "use strict";
  const EVERY_MS = 3000;

  function follow(region) {
    window.setTimeout(async function () {
      let fresh;
      try {
        const response = await fetch(window.location.pathname, {
          credentials: "same-origin",
          headers: { Accept: "text/html" },
        });
        if (!response.ok) {
          follow(region); // a passing hiccup (a restart, a 502): try again later
          return;
        }
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        fresh = page.getElementById(region.id);
      } catch (error) {
        follow(region);
        return;
      }
      if (!fresh) return;
      region.replaceChildren(...fresh.childNodes);
      if (fresh.hasAttribute("data-follow")) {
        follow(region);
      } else {
        region.removeAttribute("data-follow");
      }
    }, EVERY_MS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    const region = document.getElementById("import-live");
    if (region && region.hasAttribute("data-follow")) follow(region);
  });
})();
