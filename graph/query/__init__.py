"""Questions to the store: the named queries of queries/*.rq with their parameters (`named`), their order
(`ordering`), names as users type them resolved to IRIs (`resolve`), stances over time (`stances`) and
recurring asks across documents (`track`, the matching; `tracking`, over a store)."""
