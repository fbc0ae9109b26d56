export { builtinRulesDir, loadBuiltinPolicies, loadPolicies, loadPolicyFile, loadRecordFile } from "./load.js";
export { findPolicyTestFiles, loadPolicyTestFile, runPolicyTestFiles, type RunPolicyTestFilesOptions } from "./tests.js";
