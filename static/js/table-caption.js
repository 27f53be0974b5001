// Table captions in the body editor: the editor half of the TableCaption extension
// (briefs/content/editor_extensions.py). A caption is one line of text saying what a table
// shows, stored as the table's first element, <caption>. In the editor it is an attribute
// of the table, edited with the "Caption" button while the cursor is in the table.
import { Extension, Table as BaseTable, updateAttrsDialog } from "django-prose-editor/editor"

const captionDialog = updateAttrsDialog(
  {
    caption: {
      type: "string",
      title: "Caption",
      description: "What the table shows, e.g. “Cargo through the Middle Corridor, 2019–2024”. Empty for none.",
    },
  },
  { title: "Table caption" },
)

const oneLine = (text) => (text || "").replace(/\s+/g, " ").trim()

// The editor's view of a table (the one django-prose-editor draws), with the caption above.
function withCaption(view) {
  const caption = document.createElement("caption")
  caption.contentEditable = "false"
  view.table.prepend(caption)
  const show = (node) => {
    caption.textContent = node.attrs.caption || ""
    caption.hidden = !node.attrs.caption
  }
  show(view.node)
  const update = view.update.bind(view)
  view.update = (node) => {
    const updated = update(node)
    if (updated) show(node)
    return updated
  }
  return view
}

// The table, stored with its caption first; the caption's text is not read as table cells.
export const Table = BaseTable.extend({
  addNodeView() {
    const createView = this.parent?.()
    return createView ? (props) => withCaption(createView(props)) : null
  },

  parseHTML() {
    return [...this.parent(), { tag: "caption", ignore: true }]
  },

  renderHTML(props) {
    const spec = this.parent(props)
    const caption = props.node.attrs.caption
    if (caption) {
      const table = spec[0] === "table" ? spec : spec[2]
      table.splice(2, 0, ["caption", { contenteditable: "false" }, caption])
    }
    return spec
  },
})

export const TableCaption = Extension.create({
  name: "tableCaption",

  addGlobalAttributes() {
    return [
      {
        types: ["table"],
        attributes: {
          caption: {
            default: null,
            parseHTML: (element) =>
              oneLine(element.querySelector(":scope > caption")?.textContent) || null,
            renderHTML: () => ({}),
          },
        },
      },
    ]
  },

  addCommands() {
    return {
      editTableCaption:
        () =>
        ({ editor }) => {
          captionDialog(editor, { caption: editor.getAttributes("table").caption || "" }).then(
            (attributes) => {
              if (!attributes) return
              const caption = oneLine(attributes.caption) || null
              editor.chain().focus().updateAttributes("table", { caption }).run()
            },
          )
          return true
        },
    }
  },

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "tableCaption",
      groups: "table",
      button: buttons.text("Caption", "Table caption"),
      command(editor) {
        editor.commands.editTableCaption()
      },
      enabled: (editor) => editor.isActive("table"),
    })
  },
})
