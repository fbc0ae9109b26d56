/**
 * credstack: evaluate educator micro-credentials against state policies written in YAML.
 *
 * The core entry: pure, synchronous, no Node built-ins (file loading is in `credstack/node`).
 */

// evaluation
export { evaluate, type EvaluateOptions, type PolicyLike } from "./evaluate/evaluate.js";
export { evaluateAsync, type EvaluateAsyncOptions, type FactProvider } from "./evaluate/engine.js";
export { DERIVED_FACTS } from "./evaluate/facts.js";
export { recognizesRecord, selectLicense } from "./evaluate/select.js";
export { credentialOrigin } from "./evaluate/origin.js";

// portability
export { transfer, type TransferOptions } from "./portability/transfer.js";
export { portability, type PortabilityOptions } from "./portability/matrix.js";
export { renderPortability, renderTransfer } from "./portability/render.js";

// policies
export { parsePolicy, parsePolicyData, safeParsePolicy, safeParsePolicyData } from "./policy/parse.js";
export { checkPolicy } from "./policy/check.js";
export { lintPolicy } from "./policy/lint.js";
export { compilePolicy, isCompiledPolicy, type CompiledPolicy } from "./policy/compile.js";

// policy tests
export {
  renderTestRun,
  runPolicyTests,
  type CoverageItem,
  type PolicyTestCaseResult,
  type PolicyTestInput,
  type PolicyTestRun,
} from "./policy-test/run.js";
export { PolicyTestSuite } from "./schema/policy-test.js";

// records
export { parseRecord, safeParseRecord, safeParseRecordText } from "./record/parse.js";

// explanations and output
export { explainStack, renderReport, type RenderOptions } from "./explain/index.js";
export { jsonSchema, type SchemaName } from "./schema/json-schema.js";

// errors
export {
  CredstackError,
  EvaluationError,
  formatIssues,
  formatPath,
  isCredstackError,
  ISSUE_CODES,
  issueCodes,
  PolicyError,
  type CredstackIssue,
  type FormatIssuesOptions,
  type IssueCode,
  type SourcePosition,
} from "./errors/index.js";

// schemas (each a zod schema and the type inferred from it)
export {
  Condition,
  EarnedCredential,
  EducatorRecord,
  Policy,
  PortabilityMatrix,
  Report,
  Requirement,
  Stack,
  StackResult,
  StateResult,
  TransferReport,
  type EducatorRecordInput,
  type PolicyInput,
} from "./schema/index.js";
export type {
  CredentialResult,
  Gap,
  Quantity,
  RequirementResult,
  RuleOrigin,
  StackStatus,
  Warning,
  ConditionTrace,
  Match,
  Recognition,
  License,
  CredentialOutcome,
  PortabilityCell,
  TransferCredential,
  TransferPlacement,
  TransferStack,
  TransferTotal,
} from "./schema/index.js";
