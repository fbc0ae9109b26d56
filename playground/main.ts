/**
 * The playground page: built-in policies and sample records, two editors, and the report of
 * `evaluate` on every edit. Only the pure core (`credstack`) runs here, as in any browser app.
 */
import {
  assembleRecord,
  evaluate,
  isCredstackError,
  readInputText,
  recognizesRecord,
  safeParsePolicy,
  safeParseRecordText,
  type CompiledPolicy,
  type CredstackIssue,
  type EarnedCredential,
  type EducatorRecord,
} from "../src/index.js";
import { BUILTIN_POLICIES, EXAMPLES, STATES, type BuiltinPolicy } from "./builtins.js";
import { h } from "./dom.js";
import { createEditor, type Editor } from "./editor.js";
import { renderReportView } from "./report-view.js";
import { appendToList } from "./yaml-edit.js";

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const stateSelect = byId<HTMLSelectElement>("state");
const policySelect = byId<HTMLSelectElement>("policy");
const exampleSelect = byId<HTMLSelectElement>("example");
const asOfInput = byId<HTMLInputElement>("as-of");
const reportView = byId<HTMLElement>("report");
const recordIssues = byId<HTMLUListElement>("record-issues");
const policyIssues = byId<HTMLUListElement>("policy-issues");

let timer: ReturnType<typeof setTimeout> | undefined;
const later = () => {
  clearTimeout(timer);
  timer = setTimeout(run, 200);
};
const recordEditor = createEditor({ label: "Record (YAML)", onInput: later });
const policyEditor = createEditor({ label: "Policy (YAML)", onInput: later });
byId("record-editor").replaceWith(Object.assign(recordEditor.element, { id: "record-editor" }));
byId("policy-editor").replaceWith(Object.assign(policyEditor.element, { id: "policy-editor" }));

/** Notes about dropped files (rejected badges, duplicates), shown with the record's issues. */
let dropNotes: string[] = [];

/** Today in the machine's time zone, YYYY-MM-DD: the page's default as-of date. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** Lists issues under an editor and marks their lines; a click on one moves the caret there. */
function showIssues(list: HTMLUListElement, editor: Editor, issues: readonly CredstackIssue[], notes: readonly string[] = []): void {
  editor.mark(issues.flatMap((i) => (i.position ? [{ line: i.position.line, column: i.position.column, message: i.message }] : [])));
  list.replaceChildren(
    ...issues.map((i) => {
      const where = i.position ? `${i.position.line}:${i.position.column}` : i.path.length > 0 ? i.path.join(".") : "";
      const jump = i.position ? h("button", { type: "button", class: "where" }, where) : h("span", { class: "where" }, where);
      if (i.position) {
        const { line, column } = i.position;
        jump.addEventListener("click", () => editor.reveal(line, column));
      }
      return h("li", { class: "issue", "data-code": i.code }, jump, " ", i.message, " ", h("code", {}, i.code), i.hint ? h("div", { class: "hint" }, i.hint) : null);
    }),
    ...notes.map((n) => h("li", { class: "note" }, n)),
  );
}

/** Parses both editors and evaluates; shows the issues or the report. */
function run(): void {
  clearTimeout(timer);
  const selected = BUILTIN_POLICIES.find((p) => p.file === policySelect.value);
  const record = safeParseRecordText(recordEditor.value, { source: "record.yaml" });
  const policy = safeParsePolicy(policyEditor.value, { source: selected ? `rules/${selected.file}` : "policy.yaml" });
  showIssues(recordIssues, recordEditor, record.success ? [] : record.issues, dropNotes);
  showIssues(policyIssues, policyEditor, policy.success ? [] : policy.issues);
  const asOf = asOfInput.value;
  if (!record.success || !policy.success) {
    const which = [!record.success && "the record", !policy.success && "the policy"].filter(Boolean).join(" and ");
    reportView.replaceChildren(h("p", { class: "blocked" }, `Fix ${which} to see the report (the problems are listed under the editor, with their line and column).`));
    return;
  }
  try {
    const report = evaluate(record.record, [policy.policy], { asOf, states: [policy.policy.state] });
    reportView.replaceChildren(renderReportView(report));
  } catch (error) {
    if (!isCredstackError(error)) throw error;
    reportView.replaceChildren(h("ul", { class: "issues" }, error.issues.map((i) => h("li", { class: "issue", "data-code": i.code }, i.message, " ", h("code", {}, i.code)))));
  }
}

/** Whether a policy has something to say about a sample record (a license in its state, or a credential it recognizes) and is in force for it. */
function speaksTo(policy: CompiledPolicy, text: string): boolean {
  const record = safeParseRecordText(text);
  if (!record.success || !recognizesRecord(policy, record.record, asOfInput.value)) return false;
  try {
    return evaluate(record.record, [policy], { asOf: asOfInput.value, states: [policy.state] }).results.length > 0;
  } catch {
    return false;
  }
}

function fillStates(): void {
  stateSelect.replaceChildren(...STATES.map((s) => h("option", { value: s }, s)));
}

/** The state's policies; the default is the newest renewal policy (all its stacks renewals), else the first. */
function fillPolicies(): void {
  const policies = BUILTIN_POLICIES.filter((p) => p.policy.state === stateSelect.value);
  policySelect.replaceChildren(...policies.map((p) => h("option", { value: p.file }, `${p.policy.policy.title ?? p.policy.id} (${p.policy.version})`)));
  const renewal = policies.filter((p) => p.policy.stacks.every((s) => s.kind === "renewal")).sort((a, b) => b.policy.policy.effective.from.localeCompare(a.policy.policy.effective.from));
  policySelect.value = (renewal[0] ?? policies[0])?.file ?? "";
}

/** Every sample record, those the policy speaks to first; picks the first of those. */
function fillExamples(policy: BuiltinPolicy): void {
  const relevant = EXAMPLES.filter((e) => speaksTo(policy.policy, e.text));
  const others = EXAMPLES.filter((e) => !relevant.includes(e));
  exampleSelect.replaceChildren(
    h("optgroup", { label: `For ${policy.policy.id}` }, relevant.map((e) => h("option", { value: e.name }, e.name))),
    h("optgroup", { label: "Other states and policies" }, others.map((e) => h("option", { value: e.name }, e.name))),
  );
  exampleSelect.value = (relevant[0] ?? EXAMPLES[0])!.name;
}

function loadPolicy(): void {
  const policy = BUILTIN_POLICIES.find((p) => p.file === policySelect.value);
  if (!policy) return;
  policyEditor.value = policy.text;
  fillExamples(policy);
  loadExample();
}

function loadExample(): void {
  const example = EXAMPLES.find((e) => e.name === exampleSelect.value);
  if (!example) return;
  dropNotes = [];
  recordEditor.value = example.text;
  run();
}

/** Adds credentials to the record in the editor, as YAML list items (the rest of the text kept); skips duplicates. */
function addCredentials(credentials: readonly EarnedCredential[], from: string): void {
  const record = safeParseRecordText(recordEditor.value);
  const base: EducatorRecord | undefined = record.success ? record.record : undefined;
  const assembled = assembleRecord({ base, id: "dropped", credentials: [credentials] });
  if (!assembled.success) {
    dropNotes.push(`${from}: ${assembled.issues.map((i) => i.message).join(" ")}`);
    return;
  }
  const had = new Set(base?.credentials.map((c) => c.id) ?? []);
  const added = assembled.record.credentials.filter((c) => !had.has(c.id));
  recordEditor.value = appendToList(recordEditor.value, "credentials", added.map((c) => JSON.parse(JSON.stringify(c)) as unknown));
  dropNotes.push(`${from}: added ${added.length} credential${added.length === 1 ? "" : "s"}${assembled.duplicates.length > 0 ? `, ${assembled.duplicates.length} already in the record` : ""}.`);
}

/** Reads dropped or chosen files: a record replaces the one in the editor; badges and CSV rows are added to it. */
async function readFiles(files: readonly File[]): Promise<void> {
  dropNotes = [];
  for (const file of files) {
    const text = await file.text();
    const result = readInputText(text, { source: file.name });
    if (!result.success) {
      dropNotes.push(...result.issues.map((i) => `${file.name}: ${i.message} [${i.code}]`));
      continue;
    }
    const input = result.input;
    if (input.format === "record") {
      recordEditor.value = text;
      dropNotes.push(`${file.name}: the record.`);
      continue;
    }
    const credentials = input.format === "csv" ? input.educators.flatMap((e) => e.credentials) : input.credentials;
    addCredentials(credentials, file.name);
    for (const i of [...input.rejected, ...input.warnings]) dropNotes.push(`${file.name}: ${i.message} [${i.code}]`);
  }
  run();
}

const drop = byId<HTMLElement>("drop");
for (const target of [drop, recordEditor.element]) {
  target.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("over");
  });
  target.addEventListener("dragleave", () => drop.classList.remove("over"));
  target.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    void readFiles([...(event.dataTransfer?.files ?? [])]);
  });
}
byId<HTMLInputElement>("file").addEventListener("change", (event) => {
  const input = event.target as HTMLInputElement;
  void readFiles([...(input.files ?? [])]).then(() => (input.value = ""));
});

stateSelect.addEventListener("change", () => {
  fillPolicies();
  loadPolicy();
});
policySelect.addEventListener("change", loadPolicy);
exampleSelect.addEventListener("change", loadExample);
asOfInput.addEventListener("change", run);

asOfInput.value = today();
fillStates();
stateSelect.value = STATES.includes("NC") ? "NC" : STATES[0]!;
fillPolicies();
loadPolicy();
document.body.dataset["ready"] = "true";
