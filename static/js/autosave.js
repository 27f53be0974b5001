// The brief form keeps what is typed on the server: every few seconds, when the form
// changed since it was last kept, its fields are posted as JSON to the address in
// #autosave's data-url (briefs/editorial/admin/autosave.py). The server stores them apart
// from the brief (no revision, no public page touched) and offers them back when the form
// is opened again. Leaving the page with changes not saved asks first. Without JavaScript
// nothing is kept between saves, and the form works as before.
"use strict"
{
  const SKIPPED = new Set(["csrfmiddlewaretoken"])

  function fields(form) {
    const data = {}
    for (const [name, value] of new FormData(form)) {
      if (SKIPPED.has(name) || typeof value !== "string") continue // files are not kept
      ;(data[name] ||= []).push(value)
    }
    return JSON.stringify(data)
  }

  function start(status) {
    const form = status.closest("form")
    const opened = fields(form)
    let kept = opened
    let sending = null
    let submitting = false
    // A restored form, or one a refused save sent back, holds what is not saved yet.
    const unsavedOnArrival = status.hasAttribute("data-unsaved")

    async function keep() {
      const now = fields(form)
      if (submitting || sending || now === kept) return
      sending = new AbortController()
      try {
        const response = await fetch(status.dataset.url, {
          method: "POST",
          credentials: "same-origin",
          headers: {
            "Content-Type": "application/json",
            "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value,
          },
          body: now,
          signal: sending.signal,
        })
        if (response.ok) {
          kept = now
          const answer = await response.json()
          status.textContent = `Unsaved changes kept at ${answer.saved_at}.`
        } else {
          status.textContent = "Your latest changes could not be kept: save the form."
        }
      } catch (error) {
        if (!submitting) status.textContent = "Offline: your latest changes are not kept yet."
      } finally {
        sending = null
      }
    }

    setInterval(keep, Number(status.dataset.seconds || 5) * 1000)

    form.addEventListener("submit", function () {
      submitting = true // the save replaces what was kept; a late autosave would outlive it
      if (sending) sending.abort()
    })

    window.addEventListener("beforeunload", function (event) {
      if (submitting || (!unsavedOnArrival && fields(form) === opened)) return
      event.preventDefault()
      event.returnValue = "" // older browsers ask only when it is set
    })
  }

  function ready() {
    const status = document.getElementById("autosave")
    if (status) start(status)
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready)
  } else {
    ready()
  }
}
