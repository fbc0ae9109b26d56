/**
 * US states (and DC and the territories) by USPS code and by name, for reading the address region
 * a badge's issuer profile gives ("NC", "North Carolina") as a state code.
 */

/**
 * The USPS code of each state, DC and territory, by its name.
 *
 * @example
 * US_STATES["North Carolina"] //=> "NC"
 */
export const US_STATES: Readonly<Record<string, string>> = {
  Alabama: "AL", Alaska: "AK", Arizona: "AZ", Arkansas: "AR", California: "CA", Colorado: "CO", Connecticut: "CT",
  Delaware: "DE", "District of Columbia": "DC", Florida: "FL", Georgia: "GA", Hawaii: "HI", Idaho: "ID", Illinois: "IL",
  Indiana: "IN", Iowa: "IA", Kansas: "KS", Kentucky: "KY", Louisiana: "LA", Maine: "ME", Maryland: "MD",
  Massachusetts: "MA", Michigan: "MI", Minnesota: "MN", Mississippi: "MS", Missouri: "MO", Montana: "MT",
  Nebraska: "NE", Nevada: "NV", "New Hampshire": "NH", "New Jersey": "NJ", "New Mexico": "NM", "New York": "NY",
  "North Carolina": "NC", "North Dakota": "ND", Ohio: "OH", Oklahoma: "OK", Oregon: "OR", Pennsylvania: "PA",
  "Rhode Island": "RI", "South Carolina": "SC", "South Dakota": "SD", Tennessee: "TN", Texas: "TX", Utah: "UT",
  Vermont: "VT", Virginia: "VA", Washington: "WA", "West Virginia": "WV", Wisconsin: "WI", Wyoming: "WY",
  "American Samoa": "AS", Guam: "GU", "Northern Mariana Islands": "MP", "Puerto Rico": "PR", "U.S. Virgin Islands": "VI",
};

const byName = new Map(Object.entries(US_STATES).map(([name, code]) => [name.toLowerCase(), code]));
const codes = new Set(Object.values(US_STATES));

/**
 * The state code of an address region written as a USPS code or a name, in any case and with
 * surrounding spaces; `undefined` for anything else (a region outside the US, a misspelling).
 *
 * @example
 * stateCodeOf("North Carolina") //=> "NC"
 * stateCodeOf(" wy ") //=> "WY"
 * stateCodeOf("Ontario") //=> undefined
 */
export function stateCodeOf(region: string): string | undefined {
  const text = region.trim().replace(/\s+/g, " ");
  const upper = text.toUpperCase();
  if (codes.has(upper)) return upper;
  return byName.get(text.toLowerCase());
}
