// Every widget of the brief form announced by its label's name. The admin's searchable
// drop-downs (select2) and the body editor (ProseMirror) draw elements of their own beside
// the labelled field, and those carried no name; each is pointed at the field's label
// here. The editor's toolbar greys out buttons that do not apply where the cursor is: they
// are announced as unavailable too. Idempotent: it runs again whenever the form changes (a
// new inline row, a drop-down opened, the cursor moved).
"use strict"
{
  let counter = 0
  function labelId(label) {
    if (!label.id) label.id = `widget-label-${++counter}`
    return label.id
  }

  // Attributes are written only when they change: the editors watch their own elements.
  function set(element, name, value) {
    if (element.getAttribute(name) !== value) element.setAttribute(name, value)
  }

  function labelFor(id) {
    return id ? document.querySelector(`label[for="${CSS.escape(id)}"]`) : null
  }

  function nameSearchableDropDowns() {
    for (const select of document.querySelectorAll("select.admin-autocomplete")) {
      const label = labelFor(select.id)
      const widget = select.nextElementSibling
      if (!label || !widget || !widget.classList.contains("select2")) continue
      const named = labelId(label)
      // The box, its inline search (several choices) or its shown value (one choice).
      const parts = widget.querySelectorAll(
        ".select2-selection, .select2-search__field, .select2-selection--single [role=textbox]",
      )
      for (const part of parts) set(part, "aria-labelledby", named)
    }
    // The search box of an open single-choice drop-down, drawn at the end of the page.
    const open = document.querySelector(".select2-container--open .select2-search__field")
    const owner = document.querySelector(".select2-container--open .select2-selection")
    if (open && owner && owner.getAttribute("aria-labelledby")) {
      set(open, "aria-labelledby", owner.getAttribute("aria-labelledby"))
    }
  }

  function nameRichTextEditors() {
    for (const editable of document.querySelectorAll(".form-row [contenteditable=true]")) {
      if (editable.closest("[contenteditable=true]") !== editable) continue // a nested one
      const row = editable.closest(".form-row")
      const textarea = row && row.querySelector("textarea")
      const label = textarea && labelFor(textarea.id)
      if (!label) continue
      set(editable, "role", "textbox")
      set(editable, "aria-multiline", "true")
      set(editable, "aria-labelledby", labelId(label))
    }
  }

  function announceUnavailableButtons() {
    for (const button of document.querySelectorAll(".prose-menubar__button")) {
      set(button, "aria-disabled", String(button.classList.contains("disabled")))
    }
  }

  function nameAll() {
    nameSearchableDropDowns()
    nameRichTextEditors()
    announceUnavailableButtons()
  }

  window.addEventListener("load", () => {
    nameAll()
    let queued = false
    new MutationObserver(() => {
      if (queued) return
      queued = true
      requestAnimationFrame(() => {
        queued = false
        nameAll()
      })
    }).observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["class"],
    })
  })
}
