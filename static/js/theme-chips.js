// The brief form's themes as chips: type a theme, then Enter or a comma, and it becomes a
// chip with a remove button; themes already in use are suggested as you type. The chips
// write the comma-separated field the server reads (briefs/content/themes.py), which stays
// in the form, hidden: without JavaScript it is the field itself.
"use strict"
{
  // One theme as one comma-separated entry: quoted when it holds a comma or a quote.
  const entry = (name) => (/[",]/.test(name) ? `"${name.replaceAll('"', '""')}"` : name)

  // The entries of the field as typed: "a, b" or '"Peace, talks", c'.
  function parse(text) {
    const names = []
    const pattern = /\s*(?:"((?:[^"]|"")*)"|([^,]*))\s*(?:,|$)/g
    for (const match of text.matchAll(pattern)) {
      const name = (match[1] !== undefined ? match[1].replaceAll('""', '"') : match[2] || "")
        .split(/\s+/)
        .join(" ")
        .trim()
      if (name) names.push(name)
      if (match.index + match[0].length >= text.length) break
    }
    return names
  }

  function enhance(field) {
    const label = document.querySelector(`label[for="${field.id}"]`)
    const chips = document.createElement("ul")
    chips.className = "theme-chips"
    chips.setAttribute("aria-label", "Chosen themes")
    const typing = document.createElement("input")
    typing.type = "text"
    typing.id = `${field.id}_typing`
    typing.className = "vTextField theme-typing"
    typing.autocomplete = "off"
    typing.setAttribute("aria-describedby", `${field.id}_helptext`)
    const suggestions = document.createElement("datalist")
    suggestions.id = `${field.id}_suggestions`
    typing.setAttribute("list", suggestions.id)
    let names = parse(field.value)

    function draw() {
      field.value = names.map(entry).join(", ")
      chips.replaceChildren(
        ...names.map((name, index) => {
          const chip = document.createElement("li")
          const text = document.createElement("span")
          text.textContent = name
          const remove = document.createElement("button")
          remove.type = "button"
          remove.textContent = "×"
          remove.setAttribute("aria-label", `Remove theme ${name}`)
          remove.addEventListener("click", () => {
            names.splice(index, 1)
            draw()
            typing.focus()
          })
          chip.append(text, remove)
          return chip
        }),
      )
      chips.hidden = names.length === 0
    }

    // What is typed becomes chips; a theme already chosen (in any case) is not repeated.
    function commit() {
      for (const name of parse(typing.value)) {
        if (!names.some((known) => known.toLowerCase() === name.toLowerCase())) names.push(name)
      }
      typing.value = ""
      draw()
    }

    let asked = ""
    async function suggest() {
      const term = typing.value.trim()
      if (!term || term === asked || !field.dataset.suggest) return
      asked = term
      const address = `${field.dataset.suggest}&${new URLSearchParams({ term })}`
      const response = await fetch(address, { credentials: "same-origin" })
      if (!response.ok || term !== typing.value.trim()) return
      const found = await response.json()
      suggestions.replaceChildren(
        ...found.results.map((theme) => Object.assign(new Option(), { value: theme.text })),
      )
    }

    typing.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === ",") {
        event.preventDefault() // Enter would save the form; a comma ends the theme
        commit()
      } else if (event.key === "Backspace" && !typing.value && names.length) {
        names.pop()
        draw()
      }
    })
    typing.addEventListener("input", () => {
      if (typing.value.includes(",")) commit() // a pasted list
      else suggest()
    })
    // A theme typed but not ended is not lost: it is kept when the field is left or the
    // form sent.
    typing.addEventListener("change", commit)
    field.form.addEventListener("submit", commit)

    // Chips above the box they are typed in, together in the field's place.
    const box = document.createElement("div")
    box.className = "theme-entry"
    box.append(chips, typing, suggestions)
    field.hidden = true
    if (label) label.htmlFor = typing.id
    field.after(box)
    draw()
  }

  window.addEventListener("load", () => {
    const field = document.getElementById("id_themes")
    if (field) enhance(field)
  })
}
