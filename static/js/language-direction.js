// The body editor keeps the language and writing direction of paragraphs and quotations
// (an Arabic quotation stays right to left): the editor half of the LanguageAndDirection
// extension, whose server half is briefs/language_direction.py.
import { Extension } from "django-prose-editor/editor"

const DIRECTIONS = ["ltr", "rtl", "auto"]

function kept(name, read) {
  return {
    default: null,
    parseHTML: (element) => read((element.getAttribute(name) || "").trim()),
    renderHTML: (attributes) => (attributes[name] ? { [name]: attributes[name] } : {}),
  }
}

export const LanguageAndDirection = Extension.create({
  name: "languageAndDirection",
  addGlobalAttributes() {
    return [
      {
        types: ["paragraph", "blockquote"],
        attributes: {
          dir: kept("dir", (value) =>
            DIRECTIONS.includes(value.toLowerCase()) ? value.toLowerCase() : null,
          ),
          lang: kept("lang", (value) => value || null),
        },
      },
    ]
  },
})
