export { addDays, addYears, daysBetween, fullYearsBetween, isIsoDate } from "./calendar.js";
