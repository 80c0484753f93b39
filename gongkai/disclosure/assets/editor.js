/* The 正文 editor of the 主动公开 draft form (issue 13): TipTap (MIT), bundled by
   scripts/install_assets.py with esbuild into static/lib/editor.min.js. No staff member types HTML.

   Progressive enhancement: the form keeps its <textarea data-rich-editor>; this script hides it,
   puts the editor with a toolbar in its place and writes the editor's HTML back into it on every
   change, so the form posts as before. Without scripts the textarea still works.

   Under the site's CSP (style-src 'self', no 'unsafe-inline'): TipTap's injected <style> is off
   (its rules are in disclosure/editor.css), and nothing here renders a style="" attribute: the
   table, its cells and images are rendered without widths or alignment. The server sanitises
   whatever is posted (gongkai.core.sanitize) and this only keeps what it would keep anyway.

   Labels come from the page (json_script "editor-labels"), translated on the server. */
import { Editor, mergeAttributes } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import { Table, TableRow, TableCell, TableHeader } from "@tiptap/extension-table";
import Image from "@tiptap/extension-image";

// --- extensions without style attributes ------------------------------------------------------

const PlainTable = Table.extend({
  renderHTML({ HTMLAttributes }) {
    const { style, ...attributes } = mergeAttributes(this.options.HTMLAttributes, HTMLAttributes);
    return ["table", attributes, ["tbody", 0]];
  },
});

function withoutLayout(parent) {
  const attributes = { ...parent() };
  delete attributes.align;
  attributes.colwidth = { default: null, parseHTML: () => null, renderHTML: () => ({}) };
  return attributes;
}

const PlainCell = TableCell.extend({ addAttributes() { return withoutLayout(this.parent); } });
const PlainHeader = TableHeader.extend({ addAttributes() { return withoutLayout(this.parent); } });

const SiteImage = Image.extend({
  addAttributes() {
    return {
      src: { default: null },
      alt: { default: null },
    };
  },
});

// --- Word paste: keep structure, drop Word's look -----------------------------------------------

const HEADING_SHIFT = { H1: "h2", H2: "h3", H3: "h4", H4: "h4", H5: "h4", H6: "h4" };

function ownPath(url) {
  return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/" && url.indexOf("\\") < 0;
}

function rename(element, tag) {
  const replacement = element.ownerDocument.createElement(tag);
  while (element.firstChild) { replacement.appendChild(element.firstChild); }
  element.replaceWith(replacement);
  return replacement;
}

/* Word writes list items as <p class=MsoListParagraph style="mso-list:l0 level1 lfo1"> with the
   bullet or number in a <span style="mso-list:Ignore">; consecutive ones become one <ul>/<ol>. */
function wordLists(body) {
  const paragraphs = Array.from(body.querySelectorAll("p")).filter((p) =>
    /mso-list:\s*l\d/i.test(p.getAttribute(WORD_STYLE) || ""));
  let list = null;
  let previous = null;
  paragraphs.forEach((p) => {
    let marker = "";
    p.querySelectorAll("span").forEach((span) => {
      if (/mso-list:\s*ignore/i.test(span.getAttribute(WORD_STYLE) || "")) {
        marker += span.textContent;
        span.remove();
      }
    });
    const ordered = /^\s*[(（]?[0-9a-zA-Z一二三四五六七八九十ivxIVX]+[.)）、．]/.test(marker);
    const tag = ordered ? "ol" : "ul";
    if (!list || previous !== p.previousElementSibling || list.tagName.toLowerCase() !== tag) {
      list = p.ownerDocument.createElement(tag);
      p.before(list);
    }
    const item = p.ownerDocument.createElement("li");
    list.appendChild(item);
    item.appendChild(p);
    previous = list;
  });
}

// The detached document below still has the page's CSP: a style="" or <style> parsed into it is a
// violation. Word's styles are renamed (mso-list is still read from them) and its <style> removed
// before parsing.
const WORD_STYLE = "data-word-style";

function withoutInlineStyles(html) {
  return html
    .replace(/<!--\[if[\s\S]*?<!\[endif\]-->/gi, "")
    .replace(/<style[\s\S]*?<\/style\s*>/gi, "")
    .replace(/<[a-z][^>]*>/gi, (tag) => tag.replace(/(\s)style(\s*=)/gi, `$1${WORD_STYLE}$2`));
}

export function cleanPastedHtml(html) {
  const doc = document.implementation.createHTMLDocument("");  // inert: nothing loads or runs
  doc.body.innerHTML = withoutInlineStyles(html);
  const body = doc.body;
  body.querySelectorAll("style, script, meta, link, title, xml").forEach((node) => node.remove());
  wordLists(body);
  body.querySelectorAll("*").forEach((element) => {
    if (element.tagName.indexOf(":") > 0) {  // <o:p>, <v:imagedata>, <w:sdt> …: keep their text
      element.replaceWith(...element.childNodes);
    }
  });
  body.querySelectorAll("h1, h2, h3, h4, h5, h6").forEach((heading) => {
    // Word's headings go one level down: the page title is the <h1>
    rename(heading, HEADING_SHIFT[heading.tagName]).setAttribute("data-shifted", "");
  });
  body.querySelectorAll("img").forEach((img) => {
    if (!ownPath(img.getAttribute("src"))) { img.remove(); }
  });
  body.querySelectorAll("*").forEach((element) => {
    Array.from(element.attributes).forEach((attribute) => {
      const name = attribute.name.toLowerCase();
      if (name === WORD_STYLE || name === "style" || name === "class" || name === "lang" || name.indexOf("on") === 0) {
        element.removeAttribute(attribute.name);
      }
    });
  });
  const walker = doc.createTreeWalker(body, NodeFilter.SHOW_COMMENT);
  const comments = [];
  while (walker.nextNode()) { comments.push(walker.currentNode); }
  comments.forEach((comment) => comment.remove());
  body.querySelectorAll("[data-shifted]").forEach((heading) => heading.removeAttribute("data-shifted"));
  return body.innerHTML;
}

// --- the toolbar ------------------------------------------------------------------------------

function element(tag, attributes, children) {
  const node = document.createElement(tag);
  Object.keys(attributes || {}).forEach((name) => {
    if (name === "text") { node.textContent = attributes[name]; } else { node.setAttribute(name, attributes[name]); }
  });
  (children || []).forEach((child) => node.appendChild(child));
  return node;
}

function csrfToken(form) {
  const input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

function setUp(textarea, labels) {
  const form = textarea.form;
  const images = JSON.parse(textarea.getAttribute("data-images") || "[]");
  const importUrl = textarea.getAttribute("data-import-url");
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  const wrapper = element("div", { class: "rich-editor" });
  const toolbar = element("div", { class: "rich-editor-toolbar", role: "toolbar", "aria-label": labels.toolbar });
  const panel = element("div", { class: "rich-editor-panel", hidden: "" });
  const status = element("p", { class: "rich-editor-status", role: "status", "aria-live": "polite" });
  const area = element("div", { class: "rich-editor-area" });
  wrapper.append(toolbar, panel, area, status);
  textarea.before(wrapper);
  textarea.hidden = true;

  const editor = new Editor({
    element: area,
    injectCSS: false,
    content: textarea.value,
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        code: false,
        codeBlock: false,
        strike: false,
        link: {
          openOnClick: false,
          autolink: true,
          defaultProtocol: "https",
          protocols: ["mailto", "tel"],
          HTMLAttributes: { target: null, rel: "noopener noreferrer", class: null },
          isAllowedUri: (url, ctx) => /^(https?:|mailto:|tel:|\/(?!\/))/i.test(url) && ctx.defaultValidate(url),
        },
      }),
      PlainTable.configure({ resizable: false }),
      TableRow,
      PlainHeader,
      PlainCell,
      SiteImage.configure({ inline: false, allowBase64: false }),
    ],
    editorProps: {
      attributes: {
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": label ? label.textContent.trim() : labels.body,
        class: "rich-editor-content",
      },
      transformPastedHTML: cleanPastedHtml,
    },
    onUpdate: () => sync(),
    onSelectionUpdate: () => refresh(),
    onTransaction: () => refresh(),
  });

  function sync() {
    textarea.value = editor.isEmpty ? "" : editor.getHTML();
  }
  form.addEventListener("submit", sync);

  function say(message) { status.textContent = message || ""; }

  // A small form above the editor instead of window.prompt: link address, image and alt text.
  function ask(fields, onOk) {
    panel.replaceChildren();
    const inputs = {};
    fields.forEach((field) => {
      const id = `rich-editor-${field.name}`;
      let input;
      if (field.options) {
        input = element("select", { id, name: field.name });
        field.options.forEach((option) => input.appendChild(element("option", { value: option.value, text: option.text })));
      } else {
        input = element("input", { id, name: field.name, type: field.type || "text", value: field.value || "" });
      }
      inputs[field.name] = input;
      panel.appendChild(element("p", {}, [element("label", { for: id, text: field.label }), input]));
    });
    const error = element("p", { class: "error", role: "alert" });
    const ok = element("button", { type: "button", class: "button", text: labels.ok });
    const cancel = element("button", { type: "button", class: "button", text: labels.cancel });
    panel.append(error, element("p", {}, [ok, cancel]));
    panel.hidden = false;
    inputs[fields[0].name].focus();
    function close() { panel.hidden = true; panel.replaceChildren(); editor.commands.focus(); }
    ok.addEventListener("click", () => {
      const values = {};
      Object.keys(inputs).forEach((name) => { values[name] = inputs[name].value.trim(); });
      const problem = onOk(values);
      if (problem) { error.textContent = problem; } else { close(); }
    });
    cancel.addEventListener("click", close);
    panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { close(); }
      if (event.key === "Enter") { event.preventDefault(); ok.click(); }
    });
  }

  function editLink() {
    const current = editor.getAttributes("link").href || "";
    ask([{ name: "href", label: labels.linkAddress, type: "url", value: current }], (values) => {
      if (!values.href) {
        editor.chain().focus().extendMarkRange("link").unsetLink().run();
        return "";
      }
      if (!/^(https?:\/\/|mailto:|tel:|\/(?!\/))/i.test(values.href)) { return labels.linkInvalid; }
      const chain = editor.chain().focus().extendMarkRange("link");
      if (editor.state.selection.empty && !current) {
        chain.insertContent({ type: "text", text: values.href, marks: [{ type: "link", attrs: { href: values.href } }] }).run();
      } else {
        chain.setLink({ href: values.href }).run();
      }
      return "";
    });
  }

  function insertImage() {
    if (!images.length) { say(labels.imageNone); return; }
    ask([
      { name: "src", label: labels.imageFile, options: images.map((image) => ({ value: image.src, text: image.name })) },
      { name: "alt", label: labels.imageAlt },
    ], (values) => {
      if (!values.alt) { return labels.imageAltRequired; }
      editor.chain().focus().setImage({ src: values.src, alt: values.alt }).run();
      return "";
    });
  }

  const fileInput = element("input", { type: "file", accept: ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document", hidden: "", "aria-label": labels.wordImport });
  wrapper.appendChild(fileInput);
  function importWord() { fileInput.value = ""; fileInput.click(); }
  fileInput.addEventListener("change", () => {
    const file = fileInput.files && fileInput.files[0];
    if (!file) { return; }
    const data = new FormData();
    data.append("file", file);
    say(labels.wordImporting);
    fetch(importUrl, { method: "POST", body: data, credentials: "same-origin", headers: { "X-CSRFToken": csrfToken(form) } })
      .then((response) => response.json().then((json) => ({ ok: response.ok, json }), () => ({ ok: false, json: {} })))
      .then(({ ok, json }) => {
        if (!ok) { say(json.error || labels.wordFailed); return; }
        if (editor.isEmpty) {
          editor.commands.setContent(json.html, { emitUpdate: true });
        } else {
          editor.chain().focus("end").insertContent(json.html).run();
        }
        sync();
        say([labels.wordDone].concat(json.warnings || []).join(" "));
      })
      .catch(() => say(labels.wordFailed));
  });

  const inTable = () => editor.isActive("table");
  const buttons = [
    { key: "paragraph", run: (c) => c.setParagraph(), active: () => editor.isActive("paragraph") },
    { key: "h2", run: (c) => c.toggleHeading({ level: 2 }), active: () => editor.isActive("heading", { level: 2 }) },
    { key: "h3", run: (c) => c.toggleHeading({ level: 3 }), active: () => editor.isActive("heading", { level: 3 }) },
    { key: "bold", run: (c) => c.toggleBold(), active: () => editor.isActive("bold") },
    { key: "italic", run: (c) => c.toggleItalic(), active: () => editor.isActive("italic") },
    { key: "underline", run: (c) => c.toggleUnderline(), active: () => editor.isActive("underline") },
    { key: "bulletList", run: (c) => c.toggleBulletList(), active: () => editor.isActive("bulletList") },
    { key: "orderedList", run: (c) => c.toggleOrderedList(), active: () => editor.isActive("orderedList") },
    { key: "link", action: editLink, active: () => editor.isActive("link") },
    { key: "table", run: (c) => c.insertTable({ rows: 3, cols: 3, withHeaderRow: true }), enabled: () => !inTable() },
    { key: "addRow", run: (c) => c.addRowAfter(), enabled: inTable },
    { key: "deleteRow", run: (c) => c.deleteRow(), enabled: inTable },
    { key: "addColumn", run: (c) => c.addColumnAfter(), enabled: inTable },
    { key: "deleteColumn", run: (c) => c.deleteColumn(), enabled: inTable },
    { key: "deleteTable", run: (c) => c.deleteTable(), enabled: inTable },
    { key: "image", action: insertImage },
    { key: "undo", run: (c) => c.undo() },
    { key: "redo", run: (c) => c.redo() },
  ];
  if (importUrl) { buttons.push({ key: "wordImport", action: importWord }); }
  buttons.forEach((button) => {
    const node = element("button", { type: "button", class: `rich-editor-button rich-editor-${button.key}`, text: labels[button.key] });
    if (button.active) { node.setAttribute("aria-pressed", "false"); }
    node.addEventListener("mousedown", (event) => event.preventDefault());  // keep the selection
    node.addEventListener("click", () => {
      say("");
      if (button.action) { button.action(); } else { button.run(editor.chain().focus()).run(); }
    });
    button.node = node;
    toolbar.appendChild(node);
  });

  function refresh() {
    buttons.forEach((button) => {
      if (button.active) { button.node.setAttribute("aria-pressed", String(Boolean(button.active()))); }
      if (button.enabled) { button.node.disabled = !button.enabled(); }
    });
  }
  refresh();
  wrapper.editor = editor;  // for the browser tests
  return editor;
}

function start() {
  const source = document.getElementById("editor-labels");
  const labels = source ? JSON.parse(source.textContent) : {};
  document.querySelectorAll("textarea[data-rich-editor]").forEach((textarea) => setUp(textarea, labels));
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
