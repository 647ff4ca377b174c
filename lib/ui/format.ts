/**
 * Number, money, hour and date formatting for the dashboard. Formatters are cached because
 * building an Intl.NumberFormat costs far more than using one, and tables format thousands.
 */

const LOCALE = "en-US";
const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE, options);
    cache.set(key, format);
  }
  return format;
}

/** Money in its own currency, to the cent ("$1,234.56"); compact for axes and cards ("$1.2k"). */
export function formatMoney(amount: number, currency: string, options: { compact?: boolean } = {}): string {
  if (!Number.isFinite(amount)) return "–";
  const code = /^[A-Z]{3}$/.test(currency) ? currency : "USD";
  // An axis starts at "$0", not "$0.00": the cents would imply a precision the axis lacks.
  if (options.compact && amount === 0) {
    return numberFormat(`money-0:${code}`, { style: "currency", currency: code, maximumFractionDigits: 0 }).format(0);
  }
  if (options.compact && Math.abs(amount) >= 100) {
    const symbol = numberFormat(`sym:${code}`, { style: "currency", currency: code, maximumFractionDigits: 0 })
      .formatToParts(0)
      .find((part) => part.type === "currency")?.value;
    const sign = amount < 0 ? "-" : "";
    return `${sign}${symbol ?? `${code} `}${compactNumber(Math.abs(amount))}`;
  }
  if (options.compact && amount !== 0 && Math.abs(amount) < 100) {
    // Axis ticks and legends: whole units read faster; small amounts keep their cents.
    return numberFormat(`money-c:${code}`, { style: "currency", currency: code, maximumFractionDigits: Math.abs(amount) < 10 ? 2 : 0 }).format(amount);
  }
  return numberFormat(`money:${code}`, {
    style: "currency",
    currency: code,
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(amount);
}

/**
 * A price per minute: tiers cost fractions of a cent a minute, which cents would show as
 * "$0.00". Below one unit, always four decimals ("$0.0042", "$0.0510") so a column of prices
 * lines up; from one unit up, cents ("$1.25").
 */
export function formatUnitPrice(amount: number, currency: string): string {
  if (!Number.isFinite(amount)) return "–";
  const code = /^[A-Z]{3}$/.test(currency) ? currency : "USD";
  const digits = Math.abs(amount) < 1 ? 4 : 2;
  return numberFormat(`price${digits}:${code}`, {
    style: "currency",
    currency: code,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amount);
}

/** 1.2k, 3.4M: lower-case suffixes read better next to units than Intl's "K". */
function compactNumber(value: number): string {
  const units: [number, string][] = [
    [1e12, "T"],
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "k"],
  ];
  for (const [size, suffix] of units) {
    if (value >= size) {
      const scaled = value / size;
      const digits = scaled >= 100 ? 0 : 1;
      const text = scaled.toFixed(digits).replace(/\.0$/, "");
      // 999.96k rounds to "1000k": carry to the next unit.
      if (text === "1000" && suffix !== "T") return compactNumber(size * 1000);
      return `${text}${suffix}`;
    }
  }
  return numberFormat("int", { maximumFractionDigits: 0 }).format(value);
}

/** Counts: exact below 10,000 ("9,876"), compact above ("12.3k"). */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return "–";
  const sign = value < 0 ? "-" : "";
  const abs = Math.abs(value);
  if (abs < 10_000) return sign + numberFormat("int", { maximumFractionDigits: 0 }).format(abs);
  return sign + compactNumber(abs);
}

/** Compute hours: "3.4 h", "1.2k h"; minutes below one hour so short runs don't read "0.0 h". */
export function formatHours(hours: number): string {
  if (!Number.isFinite(hours)) return "–";
  if (hours === 0) return "0 h";
  if (hours < 1) {
    const minutes = hours * 60;
    return minutes < 1 ? "<1 min" : `${Math.round(minutes)} min`;
  }
  if (hours < 100) return `${hours.toFixed(1).replace(/\.0$/, "")} h`;
  if (hours < 10_000) return `${numberFormat("int", { maximumFractionDigits: 0 }).format(Math.round(hours))} h`;
  return `${compactNumber(hours)} h`;
}

/** A share (0..1) as a percentage: "42.1%", "<0.1%" for tiny non-zero shares. */
export function formatShare(share: number): string {
  if (!Number.isFinite(share)) return "–";
  if (share > 0 && share < 0.001) return "<0.1%";
  return `${(share * 100).toFixed(1)}%`;
}

/** A run's duration: "45 s", "12 min 05 s", "3 h 02 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "–";
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  const h = Math.floor(s / 3600);
  return `${formatCount(h)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
}

export interface Delta {
  /** The relative change, e.g. 0.123 for +12.3 %; null when there is nothing to compare with. */
  ratio: number | null;
  label: string;
  direction: "up" | "down" | "flat" | "none";
}

/** The change of a KPI against the previous period. */
export function computeDelta(current: number, previous: number | null | undefined): Delta {
  if (previous === null || previous === undefined || !Number.isFinite(previous)) {
    return { ratio: null, label: "no previous period", direction: "none" };
  }
  if (previous === 0) {
    return current === 0
      ? { ratio: 0, label: "0%", direction: "flat" }
      : { ratio: null, label: "new", direction: "up" };
  }
  const ratio = (current - previous) / Math.abs(previous);
  if (Math.abs(ratio) < 0.0005) return { ratio: 0, label: "0%", direction: "flat" };
  const percent = Math.abs(ratio * 100);
  const text = percent >= 100 ? percent.toFixed(0) : percent.toFixed(1);
  return { ratio, label: `${ratio > 0 ? "+" : "−"}${text}%`, direction: ratio > 0 ? "up" : "down" };
}

const dateTimeCache = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}:${JSON.stringify(options)}`;
  let format = dateTimeCache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALE, { timeZone, ...options });
    dateTimeCache.set(key, format);
  }
  return format;
}

/** An instant in the deployment's zone: "Mar 4, 2025, 14:05". */
export function formatDateTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return "–";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "–";
  return dateTimeFormat(timeZone, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(date);
}

/** A calendar day "YYYY-MM-DD" as "Mar 4, 2025" (or "Mar 4" with short). No zone shift: it is a plain date. */
export function formatDay(day: string, options: { short?: boolean; month?: boolean } = {}): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  if (options.month) return dateTimeFormat("UTC", { year: "numeric", month: "short" }).format(date);
  return dateTimeFormat(
    "UTC",
    options.short ? { month: "short", day: "numeric" } : { year: "numeric", month: "short", day: "numeric" },
  ).format(date);
}

/** How long ago an instant was: "just now", "5 min ago", "3 h ago", "2 d ago". */
export function formatAgo(iso: string, now: Date): string {
  const seconds = (now.getTime() - new Date(iso).getTime()) / 1000;
  if (!Number.isFinite(seconds)) return "–";
  if (seconds < 60) return "just now";
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}

/** When the data was read, briefly: "14:05" today (in the zone), else "Mar 4, 14:05". */
export function formatAsOf(iso: string | null | undefined, timeZone: string, now: Date = new Date()): string {
  if (!iso) return "–";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "–";
  const day = (d: Date) => dateTimeFormat(timeZone, { year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
  const time = dateTimeFormat(timeZone, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(date);
  if (day(date) === day(now)) return time;
  return `${dateTimeFormat(timeZone, { month: "short", day: "numeric" }).format(date)}, ${time}`;
}
