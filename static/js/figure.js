// Figures of the image library in the body editor: the editor half of the LibraryFigure
// extension, whose server half is briefs/content/figures.py. A figure is stored as
// <figure data-image="id"></figure>; the editor shows the image's thumbnail and title,
// and the menu's figure button opens a dialog to pick a library image or upload one
// (briefs/editorial/image_library.py answers both as JSON).
import { Node } from "django-prose-editor/editor"

function element(tag, properties = {}, children = []) {
  const node = Object.assign(document.createElement(tag), properties)
  node.append(...children)
  return node
}

function csrfToken() {
  const field = document.querySelector("input[name=csrfmiddlewaretoken]")
  return field ? field.value : ""
}

async function answer(response) {
  // A refusal by the request size limit, or a lost session, is a page, not JSON.
  const type = response.headers.get("Content-Type") || ""
  if (!type.includes("application/json")) {
    return { errors: { image: [{ message: `The server refused the upload (${response.status}).` }] } }
  }
  return response.json()
}

function errorText(errors) {
  return Object.values(errors || {})
    .flat()
    .map((error) => error.message)
    .join(" ")
}

function libraryEntry(image, choose) {
  const thumbnail = element("img", { src: image.thumbnail, alt: "", height: 48 })
  const label = element("span", { textContent: `${image.title} — ${image.alt}` })
  return element("li", {}, [
    element("button", { type: "button", className: "library-figure__choice", onclick: () => choose(image) }, [
      thumbnail,
      label,
    ]),
  ])
}

function field(label, input, help = "") {
  const id = `library-figure-${input.name}`
  input.id = id
  return element("p", {}, [
    element("label", { htmlFor: id, textContent: label }),
    element("br"),
    input,
    help ? element("small", { textContent: ` ${help}` }) : "",
  ])
}

// A file already in the library is not stored twice: the server answers with the image it
// holds and a notice, shown under the editor until the next figure is inserted.
function announce(editor, notice) {
  const host = editor.options.element
  let note = host.parentElement.querySelector(".library-figure__notice")
  if (!note) {
    note = element("p", { className: "library-figure__notice", role: "status" })
    host.after(note)
  }
  note.textContent = notice
}

function openDialog(editor, options) {
  const status = element("p", { className: "library-figure__status", role: "alert" })
  const results = element("ul", { className: "library-figure__results" })
  const search = element("input", { type: "search", name: "q", size: 40 })
  const dialog = element("dialog", { className: "library-figure__dialog" })
  const choose = (image) => {
    // With a figure selected (just inserted, say), the new one goes after it, not over it.
    const { selection } = editor.state
    const at = selection.node ? selection.to : { from: selection.from, to: selection.to }
    const figure = { type: "libraryFigure", attrs: { image: String(image.id) } }
    editor.chain().focus().insertContentAt(at, figure).run()
    dialog.close()
  }
  const find = async () => {
    const address = `${options.choices}?${new URLSearchParams({ q: search.value })}`
    const found = await answer(await fetch(address, { credentials: "same-origin" }))
    results.replaceChildren(...(found.results || []).map((image) => libraryEntry(image, choose)))
    status.textContent = found.results && found.results.length ? "" : "No image in the library matches."
  }
  search.addEventListener("input", find)

  const upload = element("form", { method: "post", enctype: "multipart/form-data" }, [
    field("Image file (JPEG, PNG or WebP)", element("input", { type: "file", name: "image", accept: "image/jpeg,image/png,image/webp", required: true })),
    field("Alt text (required)", element("input", { name: "alt", size: 60, maxLength: 300, required: true }), "What the image shows or says."),
    field("Caption", element("input", { name: "caption", size: 60, maxLength: 300 })),
    field("Source or credit", element("input", { name: "credit", size: 60, maxLength: 200 }), "E.g. Source: IMF, World Economic Outlook"),
    field("Title in the library", element("input", { name: "title", size: 60, maxLength: 200 }), "Defaults to the alt text."),
    element("button", { type: "submit", textContent: "Upload and insert" }),
  ])
  upload.addEventListener("submit", async (event) => {
    event.preventDefault()
    status.textContent = "Uploading…"
    const response = await fetch(options.upload, {
      method: "POST",
      body: new FormData(upload),
      headers: { "X-CSRFToken": csrfToken() },
      credentials: "same-origin",
    })
    const result = await answer(response)
    if (response.ok && result.id) {
      choose(result)
      if (result.notice) announce(editor, result.notice)
    } else {
      status.textContent = result.error || errorText(result.errors)
    }
  })

  dialog.append(
    element("h2", { textContent: "Insert a figure" }),
    element("h3", { textContent: "From the image library" }),
    field("Search titles and alt texts", search),
    results,
    element("h3", { textContent: "Or upload a new image" }),
    upload,
    status,
    element("button", { type: "button", textContent: "Cancel", onclick: () => dialog.close() }),
  )
  dialog.addEventListener("close", () => dialog.remove())
  document.body.append(dialog)
  dialog.showModal()
  find()
}

export const LibraryFigure = Node.create({
  name: "libraryFigure",
  group: "block",
  atom: true,
  draggable: true,

  addOptions() {
    return { upload: "", choices: "" }
  },

  addAttributes() {
    return {
      image: {
        default: null,
        parseHTML: (figure) => figure.getAttribute("data-image"),
        renderHTML: (attributes) => ({ "data-image": attributes.image }),
      },
    }
  },

  parseHTML() {
    return [{ tag: "figure[data-image]" }]
  },

  renderHTML({ HTMLAttributes }) {
    return ["figure", HTMLAttributes]
  },

  addNodeView() {
    const choices = this.options.choices
    return ({ node }) => {
      const label = element("figcaption", { textContent: `Figure: library image ${node.attrs.image}` })
      const dom = element("figure", { className: "library-figure", contentEditable: false }, [label])
      fetch(`${choices}?${new URLSearchParams({ id: node.attrs.image })}`, { credentials: "same-origin" })
        .then(answer)
        .then(({ results }) => {
          const image = results && results[0]
          if (!image) {
            label.textContent = `Figure ${node.attrs.image}: not an image you may use; remove it.`
            return
          }
          dom.prepend(element("img", { src: image.thumbnail, alt: image.alt, height: 120 }))
          label.textContent = `Figure: ${image.caption || image.title}`
        })
      return { dom }
    }
  },

  addMenuItems({ menu, buttons }) {
    const options = this.options
    menu.defineItem({
      name: "libraryFigure",
      groups: "nodes",
      button: buttons.material("add_photo_alternate", "Insert a figure"),
      command: (editor) => openDialog(editor, options),
    })
  },
})
