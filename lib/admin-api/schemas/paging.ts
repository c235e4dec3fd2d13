import { z } from "zod";
import { MAX_PAGE } from "../../identity/users/list-users.ts";
import { described } from "./documentation.ts";

// a count or index that is not a positive number falls back to the default instead of failing the request
const positive = (fallback: number) => z.coerce.number().positive().transform(Math.floor).catch(fallback);

/** A search box and pages, as the console's lists of users, groups and members read them. */
export const pageQuerySchema = z.object({
  search: described(
    z
      .string()
      .optional()
      .catch(undefined)
      .transform((s) => s || undefined),
    "Part of a name or an email, in any case",
  ),
  startIndex: described(positive(1), "1-based; 1 when left out"),
  count: described(positive(20), `At most ${MAX_PAGE}; 20 when left out`),
});

/** A request's query parameters read with a schema, the first value of a repeated parameter as URLSearchParams.get reads it. */
export function queryFrom<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  const url = new URL(req.url);
  return schema.parse(Object.fromEntries([...new Set(url.searchParams.keys())].map((key) => [key, url.searchParams.get(key)!])));
}

/** The query's paging. */
export const pageQueryFrom = (req: Request) => queryFrom(pageQuerySchema, req);

/** One page of a list: the total, where the page starts, and its items. */
export const pageOf = <T extends z.ZodType>(item: T) => z.strictObject({ totalResults: z.int(), startIndex: z.int(), items: z.array(item) });
