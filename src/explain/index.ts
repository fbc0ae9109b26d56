export { renderReport, type RenderOptions } from "./render.js";
export { amountText, explainStack, failedLeaves, type UnitLabeler } from "./summarize.js";
