// The brief form's authors: one searchable multi-select (the admin's autocomplete) whose
// order is the byline's. Select2 keeps a picked author where its option already was, so
// each pick is moved to the end here: picking is ordering, and the browser posts the
// options in that order (briefs/editorial/admin/forms.py, BylineField). Without
// JavaScript the plain multi-select posts the authors in the order shown.
"use strict"
{
  window.addEventListener("load", () => {
    const select = document.getElementById("id_byline")
    const jQuery = window.django && window.django.jQuery
    if (!select || !jQuery) return
    jQuery(select).on("select2:select", (event) => {
      const picked = Array.from(select.options).find(
        (option) => option.value === String(event.params.data.id),
      )
      if (!picked || picked === select.options[select.options.length - 1]) return
      select.append(picked)
      jQuery(select).trigger("change")
    })
  })
}
