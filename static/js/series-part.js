// The brief form's place in a series: picking a series fills the position with the part
// after its last one, asked of the admin (BriefPagesMixin.next_part_view), unless the
// editor typed a position of their own. Without JavaScript the server fills an empty
// position the same way when the form is saved or comes back.
"use strict"
{
  window.addEventListener("load", () => {
    const series = document.getElementById("id_series")
    const position = document.getElementById("id_series_position")
    const jQuery = window.django && window.django.jQuery
    if (!series || !position || !position.dataset.nextPart || !jQuery) return
    let suggested = ""

    async function suggest() {
      if (position.value && position.value !== suggested) return // the editor's own
      if (!series.value) {
        position.value = suggested = ""
        return
      }
      const query = new URLSearchParams({ series: series.value })
      if (position.dataset.brief) query.set("brief", position.dataset.brief)
      const language = document.getElementById("id_language") // parts are per language
      if (language) query.set("language", language.value)
      const response = await fetch(`${position.dataset.nextPart}?${query}`, {
        credentials: "same-origin",
      })
      if (!response.ok) return
      const answer = await response.json()
      if (String(answer.series) !== series.value) return // another series picked meanwhile
      position.value = suggested = String(answer.next_part)
    }

    jQuery(series).on("change", suggest)
  })
}
