/**
 * Turning the URLs, URNs and DIDs that badges use as ids into credstack identifiers
 * (letters, digits, '.', '_', ':' and '-').
 */

const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/**
 * Tells whether a string is already a credstack identifier.
 *
 * @example
 * isIdentifier("wde-cs-algorithms-elementary") //=> true
 * isIdentifier("https://example.org/a") //=> false
 */
export function isIdentifier(text: string): boolean {
  return IDENTIFIER.test(text);
}

/**
 * Makes a deterministic identifier of a URL, URN or DID: the scheme's `//` is dropped, path,
 * query and fragment separators become ':' and any other character that is not allowed becomes
 * '-'. The same text always gives the same identifier.
 *
 * @example
 * toIdentifier("https://badges.edu.wyoming.gov/assertions/8f2c?v=2") //=> "badges.edu.wyoming.gov:assertions:8f2c:v-2"
 * toIdentifier("urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002") //=> "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002"
 */
export function toIdentifier(text: string): string {
  if (isIdentifier(text)) return text;
  const out = text
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, "")
    .replace(/[/?#&]+/g, ":")
    .replace(/[^A-Za-z0-9._:-]+/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "")
    .replace(/[:-]+$/, "");
  return out === "" ? "unnamed" : out;
}

/**
 * The host of a URL (lower case), or `undefined` for text that is not a URL with a host.
 *
 * @example
 * hostOf("https://API.BloomBoard.com/issuers/1") //=> "api.bloomboard.com"
 */
export function hostOf(text: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#:]+)/i.exec(text.trim());
  return m ? m[1]!.toLowerCase() : undefined;
}
