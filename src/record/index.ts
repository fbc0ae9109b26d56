export {
  parseRecord,
  safeParseRecord,
  safeParseRecordText,
  type ParseRecordOptions,
  type ParseRecordTextOptions,
  type SafeParseRecordResult,
} from "./parse.js";
