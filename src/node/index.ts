export { builtinRulesDir, loadBuiltinPolicies, loadPolicies, loadPolicyFile, loadRecordFile } from "./load.js";
