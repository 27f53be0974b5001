// The brief form's hero image: when the editor picks another image from the library (the
// admin's autocomplete), its thumbnail and words replace the current ones before the save.
// The library's own address answers (briefs/editorial/admin/image_library.py, choices_view),
// so only images this editor may see are ever shown. Without JavaScript the pick still
// saves; the thumbnail follows on the next page.
"use strict"
{
  function show(preview, image) {
    const thumbnail = preview.querySelector("img")
    const words = preview.querySelector("[data-hero-words]")
    const uploaded = preview.querySelector("[data-hero-uploaded]")
    if (uploaded) uploaded.remove() // the name of the file the image was uploaded as
    if (!image) {
      thumbnail.hidden = true
      words.textContent = "No hero image yet."
      return
    }
    thumbnail.src = image.thumbnail
    thumbnail.hidden = !image.thumbnail
    words.textContent = [image.alt, image.caption, image.credit].filter(Boolean).join(" · ")
  }

  async function follow(preview, id) {
    if (!id) {
      show(preview, null)
      return
    }
    const address = `${preview.dataset.choices}?${new URLSearchParams({ id })}`
    const response = await fetch(address, { credentials: "same-origin" })
    const found = response.ok ? await response.json() : { results: [] }
    show(preview, found.results[0] || null)
  }

  window.addEventListener("load", () => {
    const preview = document.querySelector(".hero-preview")
    const select = document.getElementById("id_hero")
    if (!preview || !select) return
    // Select2 announces a pick with a jQuery event, which a plain listener does not hear.
    const jQuery = window.django && window.django.jQuery
    if (jQuery) {
      jQuery(select).on("change", () => follow(preview, select.value))
    } else {
      select.addEventListener("change", () => follow(preview, select.value))
    }
  })
}
