/**
 * A plain-text editor with line numbers: a textarea beside a gutter. Lines with a problem are
 * marked in the gutter (the message is the mark's tooltip), and `reveal` moves the caret to a
 * line and column.
 */
import { h } from "./dom.js";

/** A problem at a line (from 1) and column (from 1). */
export interface Mark {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface Editor {
  readonly element: HTMLElement;
  readonly textarea: HTMLTextAreaElement;
  value: string;
  /** Marks these lines (and clears the others). */
  mark(marks: readonly Mark[]): void;
  /** Puts the caret at a line and column and scrolls it into view. */
  reveal(line: number, column: number): void;
}

/** Creates an editor; `onInput` runs after each edit by the user. */
export function createEditor(options: { label: string; onInput: () => void }): Editor {
  const gutter = h("div", { class: "gutter", "aria-hidden": "true" });
  const textarea = h("textarea", { spellcheck: "false", autocomplete: "off", wrap: "off", "aria-label": options.label });
  const element = h("div", { class: "editor" }, gutter, textarea);
  let marks: readonly Mark[] = [];

  const renderGutter = () => {
    const count = textarea.value.split("\n").length;
    const byLine = new Map<number, string[]>();
    for (const m of marks) byLine.set(m.line, [...(byLine.get(m.line) ?? []), m.message]);
    const lines: HTMLElement[] = [];
    for (let i = 1; i <= count; i++) {
      const messages = byLine.get(i);
      lines.push(h("div", { class: messages ? "line marked" : "line", title: messages?.join("\n") }, String(i)));
    }
    gutter.replaceChildren(...lines);
    gutter.scrollTop = textarea.scrollTop;
  };

  textarea.addEventListener("input", () => {
    renderGutter();
    options.onInput();
  });
  textarea.addEventListener("scroll", () => {
    gutter.scrollTop = textarea.scrollTop;
  });
  textarea.addEventListener("keydown", (event) => {
    // Tab indents with two spaces, as YAML wants, instead of leaving the editor
    if (event.key !== "Tab" || event.shiftKey) return;
    event.preventDefault();
    textarea.setRangeText("  ", textarea.selectionStart, textarea.selectionEnd, "end");
    textarea.dispatchEvent(new Event("input"));
  });

  return {
    element,
    textarea,
    get value() {
      return textarea.value;
    },
    set value(text: string) {
      textarea.value = text;
      textarea.scrollTop = 0;
      renderGutter();
    },
    mark(next) {
      marks = next;
      renderGutter();
    },
    reveal(line, column) {
      const lines = textarea.value.split("\n");
      let offset = 0;
      for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i]!.length + 1;
      offset += Math.max(0, column - 1);
      textarea.focus();
      textarea.setSelectionRange(offset, offset);
      const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 18;
      textarea.scrollTop = Math.max(0, (line - 5) * lineHeight);
    },
  };
}
