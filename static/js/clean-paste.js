/*
 * Pastes from Word, and footnotes from Google Docs, go through the server first.
 *
 * Word puts a list on the clipboard as paragraphs with the list level in a style and the
 * bullet as text, which the editor would keep as paragraphs starting with "·"; Word and
 * Google Docs put footnotes there as links to notes at the end. Such a paste is stopped,
 * cleaned by the server (briefs/clipboard.py: the same clean-up as
 * every save) and handed to the editor again as plain headings, paragraphs and lists.
 * Any other paste is left to the editor. If the server cannot be reached, the original
 * paste goes through unchanged.
 */
(function () {
  "use strict";

  // Word's markup, and the links of footnotes from Word or Google Docs, which the server
  // turns into footnotes (briefs/content/pasted_footnotes.py).
  const WORD_MARKUP =
    /mso-list|class="?MsoListParagraph|urn:schemas-microsoft-com:office|href="#(_ftn|_edn|ftnt)\d/i;

  function pasteAgain(target, html, text) {
    const data = new DataTransfer();
    data.setData("text/html", html);
    data.setData("text/plain", text);
    const event = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
    event.alreadyCleaned = true;
    target.dispatchEvent(event);
  }

  document.addEventListener(
    "paste",
    async function (event) {
      const settings = document.getElementById("clean-paste");
      const target = event.target.closest && event.target.closest("[contenteditable=true]");
      const html = event.clipboardData && event.clipboardData.getData("text/html");
      if (event.alreadyCleaned || !settings || !target || !html || !WORD_MARKUP.test(html)) {
        return;
      }
      const text = event.clipboardData.getData("text/plain");
      const field = target.closest(".field-notes") ? "notes" : "body";
      event.preventDefault();
      event.stopImmediatePropagation();
      let cleaned = html;
      try {
        const response = await fetch(settings.dataset.url + "?field=" + field, {
          method: "POST",
          credentials: "same-origin",
          headers: {
            "Content-Type": "text/html; charset=utf-8",
            "X-CSRFToken": document.querySelector("[name=csrfmiddlewaretoken]").value,
          },
          body: html,
        });
        if (response.ok) {
          cleaned = (await response.json()).html;
        }
      } catch (error) {
        // Offline or the server refused: the editor takes the paste as it came.
      }
      pasteAgain(target, cleaned, text);
    },
    true
  );
})();
