using System.Globalization;
using System.Text.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Features.Grids;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Security;

/// <summary>
/// Issue 13, item 2: every aggregate endpoint, read as planner and as official over a dataset with units of
/// 1-4 households, reveals nothing about them: no household or person count of 1-4, no figure derived from a
/// withheld unit (share, ratio, load, score), no label of a withheld group (a nationality or language listed
/// with a null count), and no parent total that differs from its shown children by 1-4. The endpoints come from
/// the running server (<see cref="EndpointCatalog"/>): a new GET endpoint open to analysts fails this test until
/// it is classified below as an aggregate (with the requests to sweep) or as carrying no household figures.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class PrivacySweepTests(PostgisFixture fx)
{
    /// <summary>Endpoints open to analysts that carry no figure computed from households, and why.</summary>
    private static readonly Dictionary<string, string> NoHouseholdFigures = new()
    {
        ["GET /api/auth/me"] = "the caller's own account",
        ["GET /api/viewer/config"] = "map settings",
        ["GET /api/streets"] = "public boundaries",
        ["GET /api/streets/{id:int}"] = "public boundaries",
        ["GET /api/communities"] = "public boundaries",
        ["GET /api/communities/{id:int}"] = "public boundaries",
        ["GET /api/grids"] = "public boundaries",
        ["GET /api/grids/{id:int}"] = "public boundaries",
        ["GET /api/facilities"] = "public places",
        ["GET /api/facilities/{id:int}"] = "public places",
        ["GET /api/categories"] = "facility categories",
        ["GET /api/facilities/osm-rules"] = "the OSM tag-to-category mapping: rules, no data about anyone",
        ["GET /api/network/edges"] = "the walking network",
        ["GET /api/network/edges/{id:long}"] = "the walking network",
        ["GET /api/facilities/{id:int}/service-area"] = "walking isochrones of a public place",
        ["GET /api/service-areas"] = "walking isochrones of public places",
        ["GET /api/nearest"] = "a walk from a point the caller gives",
        ["GET /api/network/report"] = "the walking network's connectivity",
        ["GET /api/network/distance"] = "a walk between two points the caller gives",
        ["GET /api/communities/{id:int}/topology"] = "grid shapes: overlaps and gaps",
        ["GET /api/communities/topology"] = "grid shapes: overlaps and gaps",
        ["GET /api/coverage/runs"] = "run bookkeeping: states, parameters, timings",
        ["GET /api/compare.png"] = "drawn from the figures of GET /api/compare, swept there",
        ["GET /api/compare.pdf"] = "the same report as GET /api/compare.png, from the figures of GET /api/compare, swept there",
        ["GET /api/import/jobs/{id}"] = "an import job's state",
        ["GET /api/export/{layer}"] = "the public layers above as files",
        ["GET /api/scenarios"] = "scenario bookkeeping: names, runs, edit counts",
        ["GET /api/scenarios/{id:long}/facilities.geojson"] = "a scenario's planned facilities: points, capacities, labels",
        ["GET /api/scenarios/{id:long}/facilities.csv"] = "a scenario's planned facilities: points, capacities, labels",
        // Aggregates over a real run's reach, which the planted runs here do not have: swept in
        // Features/Siting/ScenarioRulesTests (no count of 1-4; units one edit moves by 1-4 withheld on both sides).
        ["GET /api/scenarios/{id:long}"] = "aggregates swept by ScenarioRulesTests over a real network run",
        ["GET /api/scenarios/compare"] = "aggregates swept by ScenarioRulesTests over a real network run",
    };

    /// <summary>
    /// OGC API - Features and vector tiles: metadata, and public layers (households are not a collection); the items of
    /// the run's collections (coverage per unit, gaps) are aggregates, swept below with the API's.
    /// </summary>
    private static bool IsPublicLayerService(string endpoint) =>
        (endpoint.StartsWith("GET /ogc", StringComparison.Ordinal) || endpoint.StartsWith("GET /tiles", StringComparison.Ordinal))
        && !endpoint.StartsWith("GET /ogc/collections/{collectionId}/items", StringComparison.Ordinal);

    private sealed record Planted(GridTestData T, int Street, string StreetCode, string OtherStreetCode, int Community,
        int Tiny, int Small, int Mixed, int Plain, int Facility, string Category, long Run, long WhatIf);

    [Fact]
    public async Task EveryAggregateEndpoint_RevealsNothingOfUnitsUnderFiveHouseholds_ToPlannerAndOfficial()
    {
        var p = await PlantAsync();
        try
        {
            var requests = Requests(p);
            var endpoints = (await EndpointCatalog.ListAsync(fx.Factory))
                .Where(e => e.Method == "GET" && !e.IsFallback && (e.AllowedRoles.Contains(Roles.Planner) || e.AllowedRoles.Contains(Roles.Official)))
                .ToList();
            var unclassified = endpoints.Select(e => e.ToString())
                .Where(e => !NoHouseholdFigures.ContainsKey(e) && !requests.ContainsKey(e) && !IsPublicLayerService(e)).ToList();
            Assert.True(unclassified.Count == 0, "classify these endpoints as aggregates (with requests) or as carrying no household figures: " + string.Join(", ", unclassified));

            var findings = new List<string>();
            foreach (var role in new[] { Roles.Planner, Roles.Official })
            {
                var client = await fx.ClientAsAsync(role);
                foreach (var e in endpoints.Where(e => requests.ContainsKey(e.ToString()) && e.AllowedRoles.Contains(role)))
                    foreach (var url in requests[e.ToString()])
                    {
                        var response = await client.GetAsync(url);
                        var body = await response.Content.ReadAsStringAsync();
                        if (!response.IsSuccessStatusCode) { findings.Add($"{role} {url}: {(int)response.StatusCode} {body}"); continue; }
                        using var doc = JsonDocument.Parse(body);
                        Inspect(doc.RootElement, $"{role} {url} $", p, findings);
                    }
                await CheckDifferencesAsync(client, role, p, findings);
            }
            Assert.True(findings.Count == 0, $"{findings.Count} findings:\n" + string.Join("\n", findings.Distinct().Take(80)));
        }
        finally
        {
            await p.T.ScalarAsync<int>("with d as (delete from coverage_run where id in ($1, $2) returning 1) select count(*)::int from d", p.Run, p.WhatIf);
        }
    }

    private static Dictionary<string, string[]> Requests(Planted p)
    {
        var t = p.T;
        var bbox = string.Create(CultureInfo.InvariantCulture, $"{t.X(-1)},{t.Y(-1)},{t.X(11)},{t.Y(11)}");
        return new()
        {
            ["GET /api/heatmap"] = [$"/api/heatmap?metric=residents&bbox={bbox}&zoom=17", $"/api/heatmap?metric=foreign&bbox={bbox}&zoom=16"],
            ["GET /api/streets/figures"] = ["/api/streets/figures"],
            ["GET /api/streets/{id:int}/figures"] = [$"/api/streets/{p.Street}/figures"],
            ["GET /api/coverage/runs/{id}"] = [$"/api/coverage/runs/{p.Run}", $"/api/coverage/runs/{p.WhatIf}"],
            ["GET /api/coverage/runs/{id}/gaps"] = [$"/api/coverage/runs/{p.Run}/gaps?category={p.Category}"],
            ["GET /api/coverage/compare"] = [$"/api/coverage/compare?from={p.Run}&to={p.WhatIf}&level=grid", $"/api/coverage/compare?from={p.Run}&to={p.WhatIf}&level=community"],
            ["GET /api/compare"] = [$"/api/compare?streets={p.StreetCode},{p.OtherStreetCode}"],
            ["GET /api/grids/designation/proposals"] = [.. Enumerable.Range(1, 8).Select(n => $"/api/grids/designation/proposals?minForeign={n}&minShare=0.01")],
            ["GET /api/grids/workers/matching"] = ["/api/grids/workers/matching?scope=all", "/api/grids/workers/matching"],
            ["GET /api/grids/workload"] = ["/api/grids/workload", "/api/grids/workload?householdLimit=3"],
            ["GET /api/viewer/grids/{id:int}/figures"] = [.. new[] { p.Tiny, p.Small, p.Mixed, p.Plain }.Select(id => $"/api/viewer/grids/{id}/figures")],
            ["GET /api/viewer/facilities/{id:int}/figures"] = [$"/api/viewer/facilities/{p.Facility}/figures"],
            ["GET /ogc/collections/{collectionId}/items"] =
                [.. new[] { "grids", "communities", "streets" }.Select(l => $"/ogc/collections/coverage-{l}/items?limit=10000&category={p.Category}"),
                 $"/ogc/collections/gaps/items?limit=10000&category={p.Category}"],
            ["GET /ogc/collections/{collectionId}/items/{featureId}"] =
                [.. new[] { p.Tiny, p.Small, p.Mixed, p.Plain }.Select(g => $"/ogc/collections/coverage-grids/items/{p.Category}.{g}")],
            // The run results as files (GeoJSON here; the other formats are written from the same values), snake-case names.
            ["GET /api/export/runs/{id}/{result}"] = [.. new[] { p.Run, p.WhatIf }.SelectMany(run =>
                new[] { "coverage_streets", "coverage_communities", "coverage_grids", "gaps", "facility_loads" }.Select(r => $"/api/export/runs/{run}/{r}?format=geojson"))],
            ["GET /api/coverage/runs/{id}/languages"] = [$"/api/coverage/runs/{p.Run}/languages", $"/api/coverage/runs/{p.Run}/languages?level=grid&language=ko"],
            ["GET /api/coverage/runs/{id}/language-gaps"] = [$"/api/coverage/runs/{p.Run}/language-gaps?category={p.Category}"],
            ["GET /api/coverage/runs/{id}/equity"] = [$"/api/coverage/runs/{p.Run}/equity", $"/api/coverage/runs/{p.WhatIf}/equity?category={p.Category}"],
            ["GET /api/coverage/runs/{id}/language-staffing"] = [$"/api/coverage/runs/{p.Run}/language-staffing?category={p.Category}&staff=5"],
        };
    }

    /// <summary>Names of properties that count households or persons.</summary>
    private static bool IsCount(string name) =>
        name.Contains("household", StringComparison.OrdinalIgnoreCase) || name.Contains("resident", StringComparison.OrdinalIgnoreCase)
        || name.Equals("persons", StringComparison.OrdinalIgnoreCase) || name.Equals("value", StringComparison.Ordinal)
        || name.EndsWith("Covered", StringComparison.Ordinal) || name.EndsWith("Reached", StringComparison.Ordinal);

    /// <summary>Properties that name or place a unit, or describe a facility, not its households.</summary>
    private static readonly HashSet<string> Identity = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "gridId", "unitId", "communityId", "facilityId", "workerId", "toWorkerId", "run", "capacity", "gapNo", "areaM2", "parts",
        "householdLimit", "threshold", "zoom", "cellSizeM", "minForeignResidents", "foreignResidentGrids", "grids",
    };

    private static void Inspect(JsonElement e, string path, Planted p, List<string> findings)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var smallUnit = IsWithheldUnit(e, p);
                foreach (var property in e.EnumerateObject())
                {
                    var prop = (Name: Camel(property.Name), property.Value);
                    var at = $"{path}.{property.Name}";
                    if (prop.Value.ValueKind == JsonValueKind.Number && IsCount(prop.Name) && !Identity.Contains(prop.Name)
                        && prop.Value.TryGetInt64(out var n) && n is >= 1 and <= 4)
                        findings.Add($"{at} = {n}: a count of 1-4");
                    if (smallUnit && prop.Value.ValueKind == JsonValueKind.Number && !Identity.Contains(prop.Name) && !IsLevel(prop.Name))
                        findings.Add($"{at} = {prop.Value}: a figure of a unit under 5 households");
                    if (smallUnit && prop.Value.ValueKind == JsonValueKind.Array && prop.Value.GetArrayLength() > 0
                        && prop.Name is "nationalities" or "wantedLanguages")
                        findings.Add($"{at}: labels of a unit under 5 households: {prop.Value}");
                    if (prop.Name is "persons" or "foreignResidentsReached" && prop.Value.ValueKind == JsonValueKind.Null)
                        findings.Add($"{path}: a label listed with a withheld count: {e}");
                    if (prop.Name is "supplyRatio" or "loadRatio" or "overloaded" && prop.Value.ValueKind != JsonValueKind.Null
                        && e.TryGetProperty("households", out var hh) && hh.ValueKind == JsonValueKind.Null)
                        findings.Add($"{at} = {prop.Value}: derived from a withheld load");
                    Inspect(prop.Value, at, p, findings);
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in e.EnumerateArray()) Inspect(item, $"{path}[{i++}]", p, findings);
                break;
        }
    }

    private static bool IsLevel(string name) => name is "level" or "gapNo";

    /// <summary>A file export's snake-case name as the API's camel case (<c>households_covered</c> is <c>householdsCovered</c>).</summary>
    private static string Camel(string name) =>
        string.Concat(name.Split('_').Select((w, i) => i == 0 || w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));

    /// <summary>An object describing one of the planted grids of 1 and 3 households, or the facility whose walk reaches 3.</summary>
    private static bool IsWithheldUnit(JsonElement e, Planted p)
    {
        static string Snake(string name) => string.Concat(name.Select(c => char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : c.ToString()));
        static int? Int(JsonElement o, string name) =>
            (o.TryGetProperty(name, out var v) || o.TryGetProperty(Snake(name), out v)) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
        var grid = Int(e, "gridId") ?? (e.TryGetProperty("level", out var l) && l.GetString() == "grid" ? Int(e, "unitId") : null);
        if (grid is { } g && (g == p.Tiny || g == p.Small)) return true;
        if (e.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
            && (code.GetString() == p.T.Code("001") || code.GetString() == p.T.Code("002"))) return true;
        return Int(e, "facilityId") == p.Facility;
    }

    /// <summary>Parents against their shown children (coverage per unit), a run against its what-if, and workloads against grids.</summary>
    private static async Task CheckDifferencesAsync(HttpClient client, string role, Planted p, List<string> findings)
    {
        foreach (var run in new[] { p.Run, p.WhatIf })
        {
            using var doc = JsonDocument.Parse(await client.GetStringAsync($"/api/coverage/runs/{run}"));
            var units = doc.RootElement.GetProperty("units").EnumerateArray().ToList();
            JsonElement? Unit(string level, int id) => units.Select(u => (JsonElement?)u)
                .FirstOrDefault(u => u!.Value.GetProperty("level").GetString() == level && u.Value.GetProperty("unitId").GetInt32() == id);
            foreach (var field in new[] { "households", "householdsCovered", "householdsNotCovered" })
            {
                long? Value(JsonElement? u) => u is { } x && x.GetProperty(field).ValueKind == JsonValueKind.Number ? x.GetProperty(field).GetInt64() : null;
                var parent = Value(Unit("community", p.Community));
                if (parent is null) continue;
                var shown = new[] { p.Tiny, p.Small, p.Mixed, p.Plain }.Select(g => Value(Unit("grid", g))).Where(v => v is not null).Sum(v => v!.Value);
                var rest = parent.Value - shown;
                if (rest is >= 1 and <= 4) findings.Add($"{role} run {run}: community {field} {parent} minus its shown grids {shown} = {rest}");
            }
        }
        using var a = JsonDocument.Parse(await client.GetStringAsync($"/api/coverage/runs/{p.Run}"));
        using var b = JsonDocument.Parse(await client.GetStringAsync($"/api/coverage/runs/{p.WhatIf}"));
        var before = a.RootElement.GetProperty("units").EnumerateArray().ToDictionary(u => (u.GetProperty("level").GetString(), u.GetProperty("unitId").GetInt32()));
        foreach (var u in b.RootElement.GetProperty("units").EnumerateArray())
            if (before.TryGetValue((u.GetProperty("level").GetString(), u.GetProperty("unitId").GetInt32()), out var v)
                && u.GetProperty("householdsCovered").ValueKind == JsonValueKind.Number && v.GetProperty("householdsCovered").ValueKind == JsonValueKind.Number
                && Math.Abs(u.GetProperty("householdsCovered").GetInt64() - v.GetProperty("householdsCovered").GetInt64()) is >= 1 and <= 4)
                findings.Add($"{role}: run {p.Run} and its what-if {p.WhatIf} differ by 1-4 covered households at {u.GetProperty("level")} {u.GetProperty("unitId")}");
    }

    /// <summary>
    /// Language-aware results of the planted households (issue 19): the 5 foreign households are covered, none in their language;
    /// per language they are 1 (ko), 3 (ja) and 1 (en) households; two language gaps (3 and 5 households); a staffing plan whose
    /// administrators' step serves 1 household and whose shown step serves 5; Gini and Palma of the street and district.
    /// </summary>
    private static async Task PlantLanguagesAsync(GridTestData t, long run, string category, int street, int community, int tiny, int small, int mixed)
    {
        var rows = new List<(string Level, int Unit, string Language, long Hh, long Persons)>();
        foreach (var (level, unit) in new[] { ("district", 0), ("street", street), ("community", community) })
            rows.AddRange([(level, unit, "all", 5, 14), (level, unit, "ko", 1, 6), (level, unit, "ja", 3, 6), (level, unit, "en", 1, 2)]);
        rows.AddRange([("grid", tiny, "all", 1, 6), ("grid", tiny, "ko", 1, 6), ("grid", small, "all", 3, 6), ("grid", small, "ja", 3, 6),
            ("grid", mixed, "all", 1, 2), ("grid", mixed, "en", 1, 2)]);
        foreach (var r in rows)
            await t.ScalarAsync<int>("""
                with i as (insert into coverage_language_result (run_id, category_code, level, unit_id, language, households, households_covered,
                                                                 households_in_language, persons, persons_covered, persons_in_language)
                           values ($1, $2, $3, $4, $5, $6, $6, 0, $7, $7, 0) returning 1) select count(*)::int from i
                """, run, category, r.Level, r.Unit, r.Language, r.Hh, r.Persons);
        await t.ScalarAsync<int>("""
            with i as (insert into coverage_language_gap (run_id, category_code, gap_no, language, geom, households, persons)
                       values ($1, $2, 1, 'ja', st_geomfromtext($3, 4326), 3, 6), ($1, $2, 2, 'ko', st_geomfromtext($4, 4326), 5, 12) returning 1)
            select count(*)::int from i
            """, run, category, t.Box(2, 0, 3, 1), t.Box(0, 0, 1, 1));
        // The staffing plan's facility: another station of the category (the planted one's walk reaches 3 households).
        var station = await t.ScalarAsync<int>("insert into facility (category_code, name, geom, capacity, street_id) values ($1, '测试设施二', st_setsrid(st_makepoint($2, $3), 4326), 50, $4) returning id",
            category, t.X(8), t.Y(5), street);
        await t.ScalarAsync<int>("""
            with i as (insert into coverage_language_staffing (run_id, category_code, shown, step, facility_id, language, persons, households, unserved)
                       values ($1, $2, false, 1, $3, 'ko', 6, 1, 14), ($1, $2, true, 1, $3, 'ja', 12, 5, 14) returning 1)
            select count(*)::int from i
            """, run, category, station);
        await t.ScalarAsync<int>("""
            with i as (insert into coverage_equity (run_id, category_code, level, unit_id, gini, palma)
                       values ($1, $2, 'district', 0, 0.3, 2.5), ($1, $2, 'street', $3, 0.3, 2.5) returning 1) select count(*)::int from i
            """, run, category, street);
    }

    /// <summary>
    /// One street and community with four grids: 1 household (6 Korean residents), 3 households (Japanese), 12 households of
    /// which 1 has foreign residents, and 8 ordinary; a worker for the first and third, a facility; and a run and a what-if
    /// run of the same data whose results differ by 2 covered households in one grid.
    /// </summary>
    private async Task<Planted> PlantAsync()
    {
        var t = new GridTestData(fx);
        var community = await t.CommunityAsync(t.Box(0, 0, 10, 10));
        var street = await t.ScalarAsync<int>("select street_id from community where id = $1", community);
        var streetCode = await t.ScalarAsync<string>("select code from street where id = $1", street);
        var other = new GridTestData(fx);
        var otherCommunity = await other.CommunityAsync(other.Box(0, 0, 1, 1));
        var otherStreet = await other.ScalarAsync<int>("select street_id from community where id = $1", otherCommunity);
        var otherCode = await other.ScalarAsync<string>("select code from street where id = $1", otherStreet);
        var worker = await t.WorkerAsync("测试员", ["zh"]);
        var tiny = await t.GridAsync(community, "001", t.Box(0, 0, 2, 10), worker);
        var small = await t.GridAsync(community, "002", t.Box(2, 0, 4, 10));
        var mixed = await t.GridAsync(community, "003", t.Box(4, 0, 7, 10), worker);
        var plain = await t.GridAsync(community, "004", t.Box(7, 0, 10, 10));
        async Task Households(int grid, double x0, int n, int residents, int foreign, string nationalities)
        {
            for (var i = 0; i < n; i++)
            {
                var id = await t.HouseholdAsync(x0 + 0.1 * i, 5, residents, foreign, nationalities, grid);
                await t.ScalarAsync<int>("with u as (update household set street_id = $1 where id = $2 returning 1) select count(*)::int from u", street, id);
            }
        }
        await Households(tiny, 1, 1, 6, 6, "{\"KR\": 6}");
        await Households(small, 3, 3, 2, 2, "{\"JP\": 2}");
        await Households(mixed, 5, 1, 2, 2, "{\"US\": 2}");
        await Households(mixed, 5.2, 11, 3, 0, "{}");
        await Households(plain, 8, 8, 2, 0, "{}");
        for (var i = 0; i < 6; i++)
        {
            var id = await other.HouseholdAsync(0.5, 0.1 * i, 3, 0);
            await other.ScalarAsync<int>("with u as (update household set street_id = $1 where id = $2 returning 1) select count(*)::int from u", otherStreet, id);
        }
        var category = await t.ScalarAsync<string>(
            "insert into facility_category (code, name_zh, name_en) values ('privacy_sweep', '测试', 'Test') on conflict (code) do update set code = excluded.code returning code");
        var facility = await t.ScalarAsync<int>("insert into facility (category_code, name, geom, capacity, street_id) values ($1, '测试设施', st_setsrid(st_makepoint($2, $3), 4326), 50, $4) returning id",
            category, t.X(5), t.Y(5), street);

        async Task<long> Run(bool whatIf, long mixedCovered)
        {
            var run = await t.ScalarAsync<long>("""
                insert into coverage_run (parameters, mode, trigger, state, progress, created_at, finished_at)
                values (jsonb_build_object('what_if', $1::boolean, 'data_version', jsonb_build_object('household', -1)), 'euclidean', 'test', 'complete', 100, now(), now()) returning id
                """, whatIf);
            // level, unit, households, covered, residents, residents covered, foreign, foreign covered
            var rows = new (string Level, int Unit, long Hh, long Cov, long Res, long ResCov, long Fr, long FrCov)[]
            {
                ("street", street, 24, 12 + mixedCovered, 63, 28 + 2 * mixedCovered, 14, 8),
                ("community", community, 24, 12 + mixedCovered, 63, 28 + 2 * mixedCovered, 14, 8),
                ("grid", tiny, 1, 1, 6, 6, 6, 6),
                ("grid", small, 3, 3, 6, 6, 6, 0),
                ("grid", mixed, 12, mixedCovered, 35, 2 * mixedCovered, 2, 2),
                ("grid", plain, 8, 8, 16, 16, 0, 0),
            };
            foreach (var r in rows)
                await t.ScalarAsync<int>("""
                    with i as (insert into coverage_unit_result (run_id, category_code, level, unit_id, households, households_covered, residents, residents_covered, foreign_residents, foreign_covered, accessibility)
                               values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0.5) returning 1) select count(*)::int from i
                    """, run, category, r.Level, r.Unit, r.Hh, r.Cov, r.Res, r.ResCov, r.Fr, r.FrCov);
            await t.ScalarAsync<int>("""
                with i as (insert into coverage_facility_load (run_id, category_code, facility_id, households, residents, capacity, load_ratio, overloaded, supply_ratio)
                           values ($1, $2, $3, 3, 9, 50, 0.18, false, 5.5555) returning 1) select count(*)::int from i
                """, run, category, facility);
            await t.ScalarAsync<int>("""
                with i as (insert into coverage_gap (run_id, category_code, gap_no, geom, area_m2, households, households_not_covered, residents, foreign_residents)
                           values ($1, $2, 1, st_geomfromtext($3, 4326), 5000, 2, 2, 5, 2) returning 1) select count(*)::int from i
                """, run, category, t.Box(4, 0, 5, 1));
            await PlantLanguagesAsync(t, run, category, street, community, tiny, small, mixed);
            return run;
        }
        var standard = await Run(false, 10);
        var whatIf = await Run(true, 12);
        return new Planted(t, street, streetCode, otherCode, community, tiny, small, mixed, plain, facility, category, standard, whatIf);
    }
}
