using System.Globalization;
using System.Text;
using GridGIS.Core.Geo;
using GridGIS.Core.Privacy;
using GridGIS.Core.Siting;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Coverage;
using GridGIS.Server.Features.Households;
using GridGIS.Server.Http;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridGIS.Server.Features.Siting;

/// <summary>Properties of a scenario facility (GeoJSON export): state added | moved | closed.</summary>
internal sealed record ScenarioFacilityProperties(long Scenario, int FacilityId, string Category, string State, int? Capacity, string? Label, string? Name);

/// <summary>Two scenarios compared, and a scenario's facilities exported (GeoJSON, CSV).</summary>
internal static class ScenarioCompareApi
{
    public static async Task<Results<Ok<ScenarioComparison>, BadRequestProblem, NotFoundProblem, ConflictProblem>> CompareAsync(HttpContext http,
        NpgsqlDataSource db, SitingBaseCache bases, CityProfile city, long? a, long? b, string? category, CancellationToken ct)
    {
        if (a is null) return Problems.Parameter("a", "a is required: the first scenario's id");
        if (b is null) return Problems.Parameter("b", "b is required: the second scenario's id");
        if (string.IsNullOrWhiteSpace(category)) return Problems.Parameter("category", "category is required, e.g. ?category=clinic");
        await using var conn = await db.OpenConnectionAsync(ct);
        var sa = await ScenarioStore.LoadAsync(conn, a.Value, ct);
        var sb = await ScenarioStore.LoadAsync(conn, b.Value, ct);
        if (sa is null) return Problems.NotFound($"no scenario {a}", "a");
        if (sb is null) return Problems.NotFound($"no scenario {b}", "b");
        if (sa.RunId != sb.RunId) return Problems.Parameter("b", $"scenarios {a} and {b} are over different coverage runs ({sa.RunId}, {sb.RunId}): compare each with its run instead");
        var run = await bases.RunAsync(sa.RunId, ct);
        if (run is null || !run.Current) return Problems.Conflict("Data changed since the base run", $"coverage run {sa.RunId} is gone or its data changed since; start a new run and new scenarios");
        if (!SitingBaseCache.HasCategory(run, category)) return Problems.Parameter("category", $"category '{ScenariosApi.Clip(category)}' is not among coverage run {run.Id}'s categories");
        var cb = await bases.GetAsync(run, category, ct);
        ScenarioOutcome oa, ob;
        try
        {
            oa = ScenarioEvaluator.Evaluate(cb, sa.CoreEdits(city.Projection));
            ob = ScenarioEvaluator.Evaluate(cb, sb.CoreEdits(city.Projection));
        }
        catch (ArgumentException e) { return Problems.Parameter("a", e.Message); }
        var rule = Disclosure.For(http.User.IsInRole(Roles.Administrator));
        var names = await ScenarioStore.UnitNamesAsync(conn, ct);
        var cx = new ScenarioFigures.Context(rule, names, [], city.Projection, run.Mode);
        // each side is a scenario beside the other: a unit 1-4 households apart (or from the base) is withheld on both
        var figuresB = ScenarioFigures.Build(cb, ob, oa.Units, cx, 0);
        var figuresA = ScenarioFigures.Build(cb, oa, ob.Units, cx, 0);
        // a unit missing from one side's list is unchanged from the base there: its figures are the other build's base side
        var byA = figuresA.Units.ToDictionary(u => (u.Level, u.UnitId));
        var byB = figuresB.Units.ToDictionary(u => (u.Level, u.UnitId));
        var units = new List<UnitChange>();
        foreach (var key in byA.Keys.Union(byB.Keys))
        {
            var aSide = byA.TryGetValue(key, out var ua) ? ua.Scenario : byB[key].Base;
            var bSide = byB.TryGetValue(key, out var ub) ? ub.Scenario : byA[key].Base;
            var named = ua ?? ub!;
            var same = aSide.HouseholdsCovered == bSide.HouseholdsCovered && aSide.Accessibility == bSide.Accessibility;
            if (same && key.Level is "community" or "grid") continue;
            units.Add(new UnitChange(key.Level, key.UnitId, named.Code, named.Name, aSide, bSide,
                aSide.HouseholdsCovered is { } x && bSide.HouseholdsCovered is { } y ? y - x : null));
        }
        return TypedResults.Ok(new ScenarioComparison(sa.Id, sb.Id, category, units.OrderBy(u => Array.IndexOf(Levels, u.Level)).ThenBy(u => u.UnitId).ToList(),
            "b minus a: households covered; 'base' is scenario a, 'scenario' is scenario b", rule.Note));
    }

    private static readonly string[] Levels = ["district", "street", "community", "grid"];

    /// <summary>The facilities a scenario touches, as each ends: added and moved at their point, closed at the real one's.</summary>
    private static async Task<List<(int Id, string Category, string State, double Lon, double Lat, int? Capacity, string? Label, string? Name)>?> FinalAsync(
        NpgsqlDataSource db, long id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var s = await ScenarioStore.LoadAsync(conn, id, ct);
        if (s is null) return null;
        var state = new Dictionary<(string, int), (string State, double? Lon, double? Lat, int? Capacity, string? Label)>();
        foreach (var e in s.Edits)
        {
            var key = (e.Category, e.FacilityId);
            state.TryGetValue(key, out var was);
            state[key] = e.Kind switch
            {
                "add" => ("added", e.Lon, e.Lat, e.Capacity, e.Label),
                "move" => (was.State == "added" ? "added" : "moved", e.Lon, e.Lat, e.Capacity ?? was.Capacity, e.Label ?? was.Label),
                _ => ("closed", null, null, was.Capacity, e.Label ?? was.Label),
            };
        }
        var real = await ScenarioStore.FacilitiesAsync(conn, state.Keys.Where(k => k.Item2 > 0).Select(k => k.Item2).Distinct().ToArray(), ct);
        return state.Where(kv => !(kv.Value.State == "closed" && kv.Key.Item2 < 0))
            .Select(kv =>
            {
                real.TryGetValue(kv.Key.Item2, out var r);
                var (lon, lat) = kv.Value.Lon is { } x ? (x, kv.Value.Lat!.Value) : (r.Lon, r.Lat);
                return (kv.Key.Item2, kv.Key.Item1, kv.Value.State, lon, lat, kv.Value.Capacity, kv.Value.Label, r.Name);
            }).OrderBy(f => f.Item2).ThenBy(f => f.Item1).ToList();
    }

    public static async Task<Results<GeoJsonResult<GeoJsonCollection<ScenarioFacilityProperties>>, NotFoundProblem>> FacilitiesGeoJsonAsync(
        NpgsqlDataSource db, long id, CancellationToken ct)
    {
        var list = await FinalAsync(db, id, ct);
        if (list is null) return Problems.NotFound($"no scenario {id}", "id");
        var fc = new FeatureCollection();
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        foreach (var f in list)
            fc.Add(new Feature(factory.CreatePoint(new Coordinate(f.Lon, f.Lat)), new AttributesTable
            {
                { "scenario", id }, { "facilityId", f.Id }, { "category", f.Category }, { "state", f.State },
                { "capacity", f.Capacity }, { "label", f.Label }, { "name", f.Name },
            }));
        return new GeoJsonResult<GeoJsonCollection<ScenarioFacilityProperties>>(fc);
    }

    public static async Task<Results<FileContentHttpResult, NotFoundProblem>> FacilitiesCsvAsync(NpgsqlDataSource db, long id, CancellationToken ct)
    {
        var list = await FinalAsync(db, id, ct);
        if (list is null) return Problems.NotFound($"no scenario {id}", "id");
        var csv = new StringBuilder("facility_id,category,state,lon,lat,capacity,label,name\n");
        foreach (var f in list)
            csv.Append(CultureInfo.InvariantCulture, $"{f.Id},{CsvRecords.Field(f.Category)},{f.State},{f.Lon:R},{f.Lat:R},{f.Capacity},")
               .Append(CsvRecords.Field(HouseholdCsv.SafeAddress(f.Label))).Append(',').Append(CsvRecords.Field(HouseholdCsv.SafeAddress(f.Name))).Append('\n');
        return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"scenario-{id}-facilities.csv");
    }
}
