export { addDays, addYears, dateOfDateTime, dateOfUnixSeconds, daysBetween, fullYearsBetween, isIsoDate, yearsInSpans } from "./calendar.js";
