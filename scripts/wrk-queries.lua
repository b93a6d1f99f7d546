-- wrk script: typical searches (words, a phrase, a kind or a year filter),
-- with facets and highlights, in rotation.
local paths = {
  "/api/search?q=county+lines&kind=section",
  "/api/search?q=community+safety&date_from=2015-01-01&date_to=2015-12-31",
  "/api/search?q=%22police+and+crime+plan%22&kind=minute",
  "/api/search?q=youth+offending&kind=funding",
  "/api/search?q=domestic+abuse&date_from=2019-01-01&date_to=2019-12-31",
  "/api/search?q=%22council+tax%22&kind=recommendation",
  "/api/search?q=knife+crime+victims&date_from=2022-01-01&date_to=2022-12-31",
  "/api/search?q=precept&kind=decision",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
