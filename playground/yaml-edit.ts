/**
 * Adding items to a list in a YAML text while keeping the rest of the text as written (comments,
 * flow maps, spacing): new items are written as a block and inserted after the list's last item.
 */
import { Document, isSeq, parseDocument } from "yaml";

/** The text with `items` added at the end of the top-level list `key` (created when missing). */
export function appendToList(text: string, key: string, items: readonly unknown[]): string {
  if (items.length === 0) return text;
  const doc = parseDocument(text);
  const list = doc.get(key, true);
  if (isSeq(list) && !list.flow && list.range && list.items.length > 0) {
    const [start, end] = list.range;
    const indent = " ".repeat(start - (text.lastIndexOf("\n", start - 1) + 1));
    const block = new Document(items).toString({ lineWidth: 0 }).trimEnd().split("\n").map((line) => indent + line).join("\n");
    const before = text.slice(0, end).replace(/\s*$/, "");
    return `${before}\n${block}${text.slice(before.length)}`;
  }
  // no block list to extend: write the document anew
  if (!doc.has(key)) doc.set(key, doc.createNode([]));
  for (const item of items) doc.addIn([key], doc.createNode(item));
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
