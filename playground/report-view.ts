/**
 * The report, for people: per policy each stack's status, its requirements with the credentials
 * placed on them, the gaps with their deadlines and the sources; then each credential's
 * placement (or why it did not count), the warnings and every source cited.
 */
import type { CredentialResult, Quantity, Report, RequirementResult, StackResult, StateResult } from "../src/index.js";
import { h, type Child } from "./dom.js";

const STATUS_TEXT: Readonly<Record<string, string>> = {
  met: "met",
  not_met: "not met",
  not_eligible: "not eligible",
  not_evaluated: "not evaluated",
  not_applicable: "not applicable",
  counted: "counted",
  unused: "unused",
  rejected: "rejected",
};

const badge = (status: string) => h("span", { class: `badge ${status}`, "data-status": status }, STATUS_TEXT[status] ?? status);

/** Renders a whole report. */
export function renderReportView(report: Report): HTMLElement {
  return h(
    "div",
    { class: "report" },
    report.results.length === 0 && report.skipped.length === 0 ? h("p", { class: "empty" }, "This policy has nothing to say about this record.") : null,
    report.skipped.map((s) => h("p", { class: "skipped" }, `${s.state} · ${s.policy}: not evaluated. ${s.message}`)),
    report.results.map(renderState),
  );
}

function renderState(result: StateResult): HTMLElement {
  const unit = (q: Quantity | undefined) => (q === undefined ? "" : amount(q, result));
  const cite = (ids: readonly string[]) => citations(ids, result);
  const license = result.license;
  return h(
    "section",
    { class: "state-result" },
    h("h3", {}, `${result.state} · ${result.policy.title} `, h("code", {}, `${result.policy.id}@${result.policy.version}`)),
    license
      ? h("p", { class: "license" }, `License ${[license.type, license.role, license.grade_band].filter(Boolean).join(" ")}, ${license.issued} → ${license.expires ?? "no expiry"}`)
      : h("p", { class: "license" }, "No license in this state."),
    result.stacks.map((stack) => renderStack(stack, unit, cite)),
    renderCredentials(result.credentials, result),
    result.warnings.length > 0
      ? h("details", { class: "warnings" }, h("summary", {}, `Warnings (${result.warnings.length})`), h("ul", {}, result.warnings.map((w) => h("li", {}, `${w.message} `, h("code", {}, w.code)))))
      : null,
    h("h4", {}, "Sources"),
    h("ol", { class: "sources" }, result.sources.map((s) => h("li", {}, h("a", { href: s.url, target: "_blank", rel: "noopener" }, s.title ?? s.url), " ", h("code", {}, s.id)))),
  );
}

function renderStack(stack: StackResult, unit: (q: Quantity | undefined) => string, cite: (ids: readonly string[]) => Child): HTMLElement {
  const span = stack.window ? `window ${stack.window.from ?? "…"} → ${stack.window.to}` : stack.deadline ? `deadline ${stack.deadline}` : "";
  return h(
    "article",
    { class: `stack ${stack.status}`, "data-stack": stack.id },
    h("header", {}, badge(stack.status), " ", h("strong", {}, stack.title), stack.variant?.title ? h("span", { class: "variant" }, ` (${stack.variant.title})`) : null, " ", h("span", { class: "kind" }, stack.kind), span ? h("span", { class: "window" }, span) : null),
    stack.reason ? h("p", { class: "reason" }, stack.reason) : null,
    stack.requirements.length > 0 ? h("ul", { class: "requirements" }, stack.requirements.map((r) => renderRequirement(r, unit, cite))) : null,
    stack.gaps.length > 0
      ? h(
          "div",
          { class: "gaps" },
          h("h5", {}, "Still missing"),
          h(
            "ul",
            {},
            stack.gaps.map((g) =>
              h("li", { class: "gap" }, g.missing ? `${unit(g.missing)} ` : "", g.title ?? g.requirement, g.needs ? `: ${g.needs}` : "", g.accepts ? ` (${g.accepts})` : "", g.deadline ? h("span", { class: "deadline" }, ` by ${g.deadline}`) : null),
            ),
          ),
        )
      : null,
    h("details", { class: "explanation" }, h("summary", {}, "Explanation"), h("ul", {}, stack.explanation.map((line) => h("li", {}, line)))),
    stack.sources.length > 0 ? h("p", { class: "cites" }, "Sources ", cite(stack.sources)) : null,
  );
}

function renderRequirement(r: RequirementResult, unit: (q: Quantity | undefined) => string, cite: (ids: readonly string[]) => Child): HTMLElement {
  const counts = r.required ? `${r.counted?.amount ?? "0"} / ${unit(r.required)}` : "";
  return h(
    "li",
    { class: `requirement ${r.status}` },
    h(
      "div",
      { class: "row" },
      h("span", { class: `mark ${r.status}`, title: STATUS_TEXT[r.status] }, r.status === "met" ? "✔" : r.status === "not_met" ? "✖" : "–"),
      " ",
      h("span", { class: "title" }, r.title ?? r.id),
      counts ? h("span", { class: "counts" }, counts) : null,
      r.placements && r.placements.length > 0 ? h("span", { class: "placements" }, r.placements.map((p) => h("code", { class: "placement" }, `${p.credential} (${p.amount})`))) : null,
      r.sources.length > 0 ? h("span", { class: "req-cites" }, cite(r.sources)) : null,
    ),
    r.children && r.children.length > 0 ? h("ul", {}, r.children.map((c) => renderRequirement(c, unit, cite))) : null,
  );
}

function renderCredentials(credentials: readonly CredentialResult[], result: StateResult): HTMLElement | null {
  if (credentials.length === 0) return null;
  return h(
    "div",
    { class: "credentials" },
    h("h4", {}, "Credentials"),
    h(
      "table",
      {},
      h("thead", {}, h("tr", {}, h("th", {}, ""), h("th", {}, "Credential"), h("th", {}, "Value"), h("th", {}, "Placed on, or why not"))),
      h(
        "tbody",
        {},
        credentials.map((c) =>
          h(
            "tr",
            { "data-credential": c.id },
            h("td", {}, badge(c.status)),
            h("td", {}, h("code", {}, c.id), " ", c.title),
            h("td", { class: "value" }, c.value ? amount(c.value, result) : ""),
            h(
              "td",
              {},
              c.placements.map((p) => h("div", {}, `${p.stack} / ${p.requirement} (${p.amount})`)),
              c.reasons.map((reason) => h("div", { class: "why" }, reason.message, " ", h("code", {}, reason.code))),
            ),
          ),
        ),
      ),
    ),
  );
}

/** An amount with its unit: the policy's own unit by its label ("3.5 renewal credits"), others by id. */
function amount(q: Quantity, result: StateResult): string {
  const label = q.unit === result.unit.id ? result.unit.label : q.unit.replace(/_/g, " ");
  // labels are singular ("renewal credit"), except the count units ("credentials")
  if (q.amount === "1") return `1 ${label.endsWith("s") ? label.slice(0, -1) : label}`;
  return `${q.amount} ${label.endsWith("s") ? label : `${label}s`}`;
}

/** Cited sources (ids or URLs) as numbered links: [n] is the n-th entry of the policy's source list. */
function citations(cited: readonly string[], result: StateResult): Child {
  return cited.map((ref) => {
    const index = result.sources.findIndex((s) => s.id === ref || s.url === ref);
    const source = result.sources[index];
    if (!source) return h("span", { class: "cite" }, ref, " ");
    return [h("a", { href: source.url, target: "_blank", rel: "noopener", class: "cite", title: source.title ?? source.url }, `[${index + 1}]`), " "];
  });
}
