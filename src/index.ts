/**
 * credstack: evaluate educator micro-credentials against state policies written in YAML.
 *
 * The core entry: pure, synchronous, no Node built-ins (file loading is in `credstack/node`).
 *
 * @packageDocumentation
 * @module credstack
 */

// evaluation
export { evaluate, evaluateStatus, toStatusReport, type EvaluateOptions, type PolicyLike } from "./evaluate/evaluate.js";
export { evaluateAsync, type EvaluateAsyncOptions, type FactProvider } from "./evaluate/engine.js";
export { DERIVED_FACTS } from "./evaluate/facts.js";
export { recognizesRecord, selectLicense } from "./evaluate/select.js";
export { credentialOrigin } from "./evaluate/origin.js";

// portability
export { transfer, type TransferOptions } from "./portability/transfer.js";
export { portability, type PortabilityOptions } from "./portability/matrix.js";
export { renderPortability, renderTransfer } from "./portability/render.js";

// planning, what-if and reviewers' exceptions
export { plan, type PlanOptions } from "./plan/plan.js";
export { parseCatalog, safeParseCatalog, safeParseCatalogText, type SafeParseCatalogResult } from "./plan/catalog.js";
export { expiringCredit, type ExpiringOptions } from "./plan/expiring.js";
export { diffReports, whatIf, type WhatIfOptions } from "./plan/diff.js";
export { renderDiff, renderExpiring, renderPlan } from "./plan/render.js";
export { applyExceptions } from "./exceptions/apply.js";
export { Catalog, CatalogItem, type CatalogInput } from "./schema/catalog.js";
export { ExpiringReport, Plan, ReportDiff, type ExpiringCredential, type ExpiringStack, type PlanItem, type StackChange } from "./schema/plan.js";
export { ReviewerException } from "./schema/record.js";

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

// inputs: Open Badges 2.0 / 3.0, CLR 2.0 and CSV
export { readOb3 } from "./input/ob3.js";
export { readOb2 } from "./input/ob2.js";
export { readClr } from "./input/clr.js";
export { readCsv, CSV_COLUMNS, CSV_REQUIRED_COLUMNS, type CsvEducator, type CsvInput, type ReadCsvOptions } from "./input/csv.js";
export { detectInputData, detectInputText } from "./input/detect.js";
export { mergeCredentials, type MergeCredentialsOptions, type MergedCredentials } from "./input/dedupe.js";
export { fieldOfStudyTag } from "./input/badge.js";
export { stateCodeOf, US_STATES } from "./input/regions.js";
export { decodeVcJwt, type DecodedJwt } from "./input/jwt.js";
export { parseInputMapping } from "./input/mapping.js";
export { BUILTIN_ISSUERS } from "./input/directory.js";
export {
  assembleRecord,
  readInputText,
  type AssembleRecordOptions,
  type AssembleRecordResult,
  type Input,
  type ReadInputOptions,
  type ReadInputResult,
  type RecordInput,
} from "./input/read.js";
export { jwtVerifier, verifyCredentials, type CredentialVerifier, type JsonWebKeySet, type JwtVerifierOptions, type VerifyOutcome } from "./input/verify.js";
export type { AdapterOptions, BadgeFormat, CredentialProof, CredentialsInput, InputFormat, ResolvedStatus, StatusResolver } from "./input/types.js";
export { InputMapping, type InputMappingInput } from "./schema/input-mapping.js";
export { MAX_SEED, generateRecord, generateRecords, type GenerateOptions } from "./generate/records.js";

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
  StackStatusResult,
  StateResult,
  StateStatus,
  StatusReport,
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
