/**
 * Every error code credstack reports, with what it means and how to fix it.
 * docs/errors.md lists the same table; a test checks they agree.
 */

/** The error codes, each with a one-line cause and a fix hint. */
export const ISSUE_CODES = {
  yaml_syntax: { cause: "The text is not valid YAML.", fix: "Fix the YAML syntax at the position shown." },
  yaml_alias: { cause: "The YAML uses an alias (*name) or anchor; policies may not.", fix: "Write the value out in full." },
  yaml_duplicate_key: { cause: "A key appears twice in the same mapping.", fix: "Remove or rename one of the two keys." },
  yaml_tag: { cause: "The YAML uses a custom tag (!!js/function, !something).", fix: "Remove the tag; policies are plain data." },
  input_too_large: { cause: "The input is larger than the size limit.", fix: "Split the policy or raise the maxBytes option." },
  input_too_deep: { cause: "The input nests deeper than the depth limit.", fix: "Flatten the structure or raise the maxDepth option." },
  input_too_many_nodes: { cause: "The input has more keys and values than the node limit.", fix: "Split the input or raise the maxNodes option." },
  not_an_object: { cause: "The document is not a mapping of keys to values.", fix: "Start the document with the policy's keys (credstack: 1, id: ...)." },
  unknown_key: { cause: "A key the format does not define.", fix: "Check the spelling against docs/policy-format.md; the hint names the closest key." },
  missing_key: { cause: "A required key is missing.", fix: "Add the key named in the message." },
  invalid_type: { cause: "A value has the wrong type.", fix: "Use the type named in the message." },
  invalid_value: { cause: "A value is not one of the allowed values or has the wrong form.", fix: "Use one of the values named in the message." },
  invalid_date: { cause: "A date is not a real calendar date written YYYY-MM-DD.", fix: "Write the date as YYYY-MM-DD, e.g. 2024-06-30." },
  invalid_amount: { cause: "An amount is negative, not finite, or not a number, decimal or fraction.", fix: "Write a non-negative number, a decimal like \"0.5\" or a fraction like \"1/14\"." },
  too_small: { cause: "A list or number is smaller than allowed.", fix: "Add items or raise the number." },
  invalid_requirement: { cause: "A requirement has none of the keys that say what it is.", fix: "Give it exactly one of credit, count, condition, stack, all or any." },
  duplicate_id: { cause: "Two items of the same kind share an id.", fix: "Give each item its own id." },
  unknown_reference: { cause: "An id refers to nothing defined in the policy.", fix: "Define the referenced source, assumption, stack or unit, or fix the id." },
  stack_cycle: { cause: "Stacks require each other in a cycle.", fix: "Remove one of the stack references in the cycle." },
  unit_unreachable: { cause: "A unit cannot be converted to the policy's credit unit.", fix: "Add a conversion from that unit to the credit unit." },
  conversion_conflict: { cause: "Two conversion paths between the same units give different rates.", fix: "Remove or correct one of the conversions." },
  invalid_count: { cause: "A count pool's category minimum is not a whole number.", fix: "Use a whole number of credentials." },
  amount_out_of_range: {
    cause: "The credit amounts one requirement adds up need a common denominator so fine (many large, coprime fractions) that their sum cannot be computed exactly.",
    fix: "Write the credentials' amounts in coarser steps (e.g. hours instead of odd fractions of a credit).",
  },
  record_invalid: { cause: "The educator record does not match the record format.", fix: "See docs/record-format.md for the fields and their types." },
  duplicate_credential_id: { cause: "Two credentials on the record share an id.", fix: "Give each credential its own id." },
  invalid_as_of: { cause: "The as-of date is not a real calendar date written YYYY-MM-DD.", fix: "Pass asOf as YYYY-MM-DD." },
  unknown_state: { cause: "No policy is loaded for the requested state.", fix: "Load a policy for that state or pick a loaded state." },
  no_policy_in_force: { cause: "No version of the policy is in force on the date that selects it.", fix: "Load a version whose effective period covers that date, or change the date." },
  unknown_fact: { cause: "A condition uses a fact that is neither derived by credstack nor supplied.", fix: "Use a fact from docs/policy-format.md#facts or supply it in record.facts or the facts option." },
  fact_failed: { cause: "An asynchronous fact provider failed.", fix: "Check the provider named in the message; the cause is attached." },
  file_unreadable: { cause: "A file could not be read.", fix: "Check the path and its permissions." },
  invalid_json: { cause: "The text is not valid JSON.", fix: "Fix the JSON syntax at the position shown." },
  uncited_value: {
    cause: "A number or date in a policy cites neither a source nor an assumption (reported by lintPolicy and validate --strict).",
    fix: "Add source: <id> (or assumption: <id>) to the node, or to an enclosing requirement, variant or stack.",
  },
  invalid_option: { cause: "A function or command option has an invalid value.", fix: "See the option's documentation." },
  input_format_unknown: {
    cause: "The format of an input file could not be detected (not an educator record, Open Badges 2.0 or 3.0, CLR 2.0 or CSV).",
    fix: "Name the format with --input ob3|ob2|clr|csv|record (the format option in code); see docs/inputs.md.",
  },
  badge_invalid: {
    cause: "An Open Badges or CLR item lacks a field the specification requires, or has it in the wrong form.",
    fix: "Fix the field at the path shown; docs/inputs.md lists the fields credstack reads.",
  },
  badge_not_awarded: {
    cause: "A badge's result says it was not completed (status Failed, Withdrew, InProgress, Enrolled or OnHold).",
    fix: "Leave the badge out until it is awarded.",
  },
  badge_reference_missing: {
    cause: "An Open Badges 2.0 assertion or badge class names its badge class or issuer by an id the document does not contain.",
    fix: "Embed the object, or put it in the same document (a list of objects or an @graph).",
  },
  jwt_invalid: { cause: "A VC-JWT is not three base64url parts with a JSON payload holding a credential.", fix: "Pass the compact JWT as the issuer signed it." },
  credential_unverified: {
    cause: "A credential failed verification: the verify hook or the JWT key set rejected it.",
    fix: "Check the issuer's keys and the credential; the message gives the verifier's reason.",
  },
  credential_status_unchecked: {
    cause: "A credential names a status list (credentialStatus) that was not checked, so a revocation would go unseen.",
    fix: "Pass a status function that resolves the status list, or check it before evaluating.",
  },
  duplicate_credential: {
    cause: "The same credential appears twice in the inputs (same id, or same achievement, issuer and date); it counts once.",
    fix: "Nothing to do; remove the copy to silence the message.",
  },
  csv_syntax: { cause: "The CSV text is malformed: an unclosed quote, or a row with more or fewer fields than the header.", fix: "Fix the row at the line shown." },
  csv_missing_column: { cause: "The CSV header lacks a required column.", fix: "Add the column; docs/inputs.md lists the layout." },
  csv_unknown_column: { cause: "The CSV header has a column the layout does not define; it is ignored.", fix: "Check the spelling against docs/inputs.md; the hint names the closest column." },
  catalog_invalid: {
    cause: "A catalog (planner input) does not match the catalog format: a missing or mistyped field, a duplicate item id, or a source or assumption it does not list.",
    fix: "See docs/planning.md#the-catalog-format for the fields; fix the item at the path shown.",
  },
  unknown_stack: {
    cause: "The stack to plan is not in any policy in force for the state on the as-of date, or is in several (name the policy).",
    fix: "Use a stack id from the state's report (credstack evaluate --state <code>), or name the policy family with --policy.",
  },
  csv_row_invalid: { cause: "A CSV row has a value that does not fit its column.", fix: "Fix the value at the line and column shown." },
  file_unwritable: { cause: "An output file could not be opened or written.", fix: "Check that the folder exists and that you may write there." },
  evaluation_failed: {
    cause: "Evaluating one record failed unexpectedly (a bug in credstack or a policy); in a batch, only that line is lost.",
    fix: "Report the message and the record; the other records are not affected.",
  },
} as const;

/** An error code. */
export type IssueCode = keyof typeof ISSUE_CODES;

/** All error codes, in a stable order. */
export const issueCodes = Object.keys(ISSUE_CODES) as IssueCode[];
