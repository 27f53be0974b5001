// Abbreviations in the body editor (<abbr title="European Union">EU</abbr>): the editor half
// of the Abbreviation extension (briefs/content/editor_extensions.py). Select the letters,
// press "Abbr" and type what they stand for; an empty expansion removes the abbreviation.
import { Mark, updateAttrsDialog } from "django-prose-editor/editor"

const expansionDialog = updateAttrsDialog(
  { title: { type: "string", title: "Stands for", description: "For example: European Union" } },
  { title: "Abbreviation" },
)

export const Abbreviation = Mark.create({
  name: "abbreviation",

  addAttributes() {
    return {
      title: {
        default: null,
        parseHTML: (element) => (element.getAttribute("title") || "").trim() || null,
      },
    }
  },

  parseHTML() {
    return [{ tag: "abbr" }]
  },

  renderHTML({ HTMLAttributes }) {
    return ["abbr", HTMLAttributes, 0]
  },

  addCommands() {
    return {
      editAbbreviation:
        () =>
        ({ editor }) => {
          expansionDialog(editor, editor.getAttributes(this.name)).then((attributes) => {
            if (!attributes) return
            const title = (attributes.title || "").trim()
            const chain = editor.chain().focus().extendMarkRange(this.name)
            if (title) chain.setMark(this.name, { title }).run()
            else chain.unsetMark(this.name).run()
          })
          return true
        },
    }
  },

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "abbreviation",
      groups: "marks",
      button: buttons.text("Abbr", "Abbreviation"),
      command(editor) {
        editor.commands.editAbbreviation()
      },
      active: (editor) => editor.isActive("abbreviation"),
      enabled: (editor) => !editor.state.selection.empty || editor.isActive("abbreviation"),
    })
  },
})
