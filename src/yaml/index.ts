export { READ_LIMITS, readYaml, type DataPath, type Locator, type ReadOptions, type ReadResult } from "./read.js";
export { readJson } from "./json.js";
