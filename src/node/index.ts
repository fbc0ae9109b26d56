/**
 * credstack/node: loading policies, records, inputs and policy tests from files, and batch runs
 * with a worker pool. The only entry that uses Node built-ins.
 *
 * @packageDocumentation
 * @module credstack/node
 */
export { builtinRulesDir, loadBuiltinPolicies, loadPolicies, loadPolicyFile, loadRecordFile } from "./load.js";
export { findPolicyTestFiles, loadPolicyTestFile, runPolicyTestFiles, type RunPolicyTestFilesOptions } from "./tests.js";
export { loadInputFile, loadInputMapping, type LoadInputFileOptions } from "./inputs.js";
export { DEFAULT_MAX_LINE_BYTES, runBatch, type BatchOptions, type BatchSummary, type StackCounts } from "./batch.js";
export { loadBuiltinCatalogs, loadCatalogFile } from "./catalogs.js";
