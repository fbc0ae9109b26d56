/**
 * The built-in issuer directory: the micro-credential issuers of the four partner states, by the
 * host names their badges are issued from, with the issuer ids the policies in rules/ recognize.
 * A caller's mapping is consulted first and may override any entry.
 */
import type { IssuerMapping } from "../schema/input-mapping.js";

/**
 * The issuers credstack knows without a mapping.
 *
 * @example
 * BUILTIN_ISSUERS.find((i) => i.id === "wde")?.state //=> "WY"
 */
export const BUILTIN_ISSUERS: readonly IssuerMapping[] = [
  { match: ["digitalpromise.org"], id: "digital-promise", name: "Digital Promise", kind: "micro_credential" },
  { match: ["bloomboard.com"], id: "bloomboard", name: "BloomBoard", kind: "micro_credential" },
  { match: ["nea.org"], id: "nea", name: "National Education Association", kind: "micro_credential" },
  { match: ["ideas.aetn.org", "arkansasideas.org"], id: "arkansas-ideas", name: "ArkansasIDEAS", state: "AR" },
  { match: ["dese.ade.arkansas.gov"], id: "ar-dese", name: "Arkansas Division of Elementary and Secondary Education", state: "AR" },
  { match: ["dpi.nc.gov"], id: "nc-dpi", name: "North Carolina Department of Public Instruction", state: "NC" },
  { match: ["ncsu.edu"], id: "ncsu", name: "NC State University College of Education", state: "NC" },
  { match: ["edu.wyoming.gov"], id: "wde", name: "Wyoming Department of Education", state: "WY", kind: "micro_credential" },
  { match: ["nbpts.org"], id: "nbpts", name: "National Board for Professional Teaching Standards", kind: "national_board" },
];
