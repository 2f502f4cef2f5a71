// Intl's formatters built once per locale (or time zone) and options, not per message or per check:
// the event consumer renders every notification and checks quiet hours for each, and in a CPU
// profile of it (bench/engagement-events.ts) building the amount formatter was 3.8 % of its time.
// Bounded: a currency comes from an event and a time zone from a customer, so the cache is emptied
// rather than grown past its size.
const FORMATTERS_KEPT = 500;

type Formatter = Intl.NumberFormat | Intl.DateTimeFormat | Intl.DisplayNames;

const formatters = new Map<string, Formatter>();

/** The formatter kept under `key` (the locale or zone and the options it was built with), built by `build` the first time. */
export function intlFormatter<F extends Formatter>(key: string, build: () => F): F {
  let f = formatters.get(key) as F | undefined;
  if (!f) {
    if (formatters.size >= FORMATTERS_KEPT) formatters.clear();
    f = build();
    formatters.set(key, f);
  }
  return f;
}
