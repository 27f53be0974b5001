// Footnotes in the body editor: the editor half of the Footnote extension, whose server
// half is briefs/content/footnotes.py. A footnote sits in the text where its number goes
// and holds the note's text: <span data-footnote="">the note</span>. The page numbers the
// notes in the order of the text, so inserting, moving or deleting one renumbers the rest;
// the editor shows the same numbers (static/css/admin-body-editor.css).
import { Node, updateAttrsDialog } from "django-prose-editor/editor"

const noteDialog = updateAttrsDialog(
  {
    note: {
      type: "string",
      format: "textarea",
      title: "Footnote",
      description: "The note's text, shown at the end of the brief under its number.",
    },
  },
  { title: "Footnote", submitText: "Save footnote" },
)

const oneLine = (text) => (text || "").replace(/\s+/g, " ").trim()

export const Footnote = Node.create({
  name: "footnote",
  group: "inline",
  inline: true,
  atom: true,
  selectable: true,

  addAttributes() {
    return {
      note: {
        default: "",
        parseHTML: (element) => oneLine(element.textContent),
        renderHTML: () => ({}),
      },
    }
  },

  parseHTML() {
    return [{ tag: "span[data-footnote]" }]
  },

  renderHTML({ node }) {
    return ["span", { "data-footnote": "" }, node.attrs.note]
  },

  addNodeView() {
    return ({ node }) => {
      const dom = document.createElement("sup")
      dom.className = "footnote-marker"
      dom.title = node.attrs.note
      dom.setAttribute("aria-label", `Footnote: ${node.attrs.note}`)
      return { dom }
    }
  },

  addCommands() {
    return {
      // Insert a footnote at the cursor, or edit the one selected; an empty text removes it.
      editFootnote:
        () =>
        ({ editor }) => {
          const editing = editor.isActive(this.name)
          const current = editing ? editor.getAttributes(this.name) : { note: "" }
          noteDialog(editor, current).then((attributes) => {
            if (!attributes) return
            const note = oneLine(attributes.note)
            const chain = editor.chain().focus()
            if (editing && !note) chain.deleteSelection().run()
            else if (editing) chain.updateAttributes(this.name, { note }).run()
            else if (note) chain.insertContent({ type: this.name, attrs: { note } }).run()
          })
          return true
        },
    }
  },

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "footnote",
      groups: "nodes",
      button: buttons.text("Note", "Footnote"),
      command(editor) {
        editor.commands.editFootnote()
      },
      active: (editor) => editor.isActive("footnote"),
    })
  },
})
