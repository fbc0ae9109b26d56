/**
 * Primitive schemas shared by policies, records and reports.
 */
import { z } from "zod";
import { isIsoDate } from "../dates/index.js";
import { AMOUNT_LIMITS, AMOUNT_PATTERN, withinAmountLimits } from "../quantity/rational.js";

/** A calendar date written `YYYY-MM-DD`, with date-only meaning. */
export const IsoDate = z
  .string()
  .refine(isIsoDate, { message: "must be a real calendar date written YYYY-MM-DD" })
  .meta({ description: "A calendar date written YYYY-MM-DD (date only, no time zone).", examples: ["2024-06-30"] });
export type IsoDate = z.infer<typeof IsoDate>;

/** An identifier: letters, digits, `.`, `_`, `-`; starts with a letter or digit. */
export const Identifier = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, { message: "must be an identifier: letters, digits, '.', '_', ':' or '-'" })
  .meta({ description: "An identifier: letters, digits, '.', '_', ':' or '-', starting with a letter or digit." });
export type Identifier = z.infer<typeof Identifier>;

/** A two-letter US state code in capitals. */
export const StateCode = z
  .string()
  .regex(/^[A-Z]{2}$/, { message: "must be a two-letter state code in capitals, e.g. NC" })
  .meta({ description: "A two-letter US state code in capitals.", examples: ["NC", "WY"] });
export type StateCode = z.infer<typeof StateCode>;

/** An exact, non-negative amount: a number, a decimal string (`"0.5"`) or a fraction (`"1/14"`). */
export const Amount = z
  .union([
    z.number().nonnegative({ message: "must not be negative" }).refine(Number.isFinite, { message: "must be finite" }),
    z.string().regex(AMOUNT_PATTERN, { message: "must be a non-negative number, a decimal like \"0.5\" or a fraction like \"1/14\"" }),
  ])
  .refine(withinAmountLimits, {
    message: `must be at most ${AMOUNT_LIMITS.max}, in steps no finer than 1/${AMOUNT_LIMITS.maxDenominator}`,
  })
  .meta({ description: "An exact non-negative amount: a number, a decimal string or a fraction string like \"1/14\"." });
export type Amount = z.infer<typeof Amount>;

/** A unit identifier such as `hour`, `ceu`, `semester_hour` or a state credit unit. */
export const UnitId = Identifier.meta({
  description: "A unit of credit: hour (contact hour), ceu, semester_hour, quarter_hour, or a state's own unit.",
  examples: ["hour", "ceu", "semester_hour", "wy_ptsb_credit"],
});
export type UnitId = z.infer<typeof UnitId>;

/** One value or a list of values. */
export function oneOrMany<T extends z.ZodType>(schema: T) {
  return z.union([schema, z.array(schema).min(1)]);
}

/** An http(s) URL. */
export const Url = z.string().regex(/^https?:\/\/\S+$/, { message: "must be an http(s) URL" });
