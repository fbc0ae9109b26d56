export { ISSUE_CODES, issueCodes, type IssueCode } from "./codes.js";
export { createIssue, formatPath, type CredstackIssue, type SourcePosition } from "./issue.js";
export { CredstackError, EvaluationError, PolicyError, isCredstackError } from "./errors.js";
export { formatIssues, type FormatIssuesOptions } from "./format.js";
