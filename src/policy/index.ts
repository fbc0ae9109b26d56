export {
  parsePolicy,
  parsePolicyData,
  safeParsePolicy,
  safeParsePolicyData,
  type ParsePolicyDataOptions,
  type ParsePolicyOptions,
  type SafeParsePolicyDataResult,
  type SafeParsePolicyResult,
} from "./parse.js";
export { checkPolicy } from "./check.js";
export { compilePolicy, isCompiledPolicy, type CompiledPolicy } from "./compile.js";
