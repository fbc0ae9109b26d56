export { addDays, addYears, dateOfDateTime, dateOfUnixSeconds, daysBetween, fullYearsBetween, isIsoDate } from "./calendar.js";
