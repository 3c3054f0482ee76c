using System.Text.Json;
using GridGIS.Core.Geo;
using GridGIS.Core.Grids;
using GridGIS.Core.Privacy;
using GridGIS.Core.Siting;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Grids;
using GridGIS.Server.Http;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGIS.Server.Features.Siting;

/// <summary>
/// Suggested sites (maximal covering, <see cref="SitingProblem"/>): k new sites of a category among candidates that
/// newly cover the most households now outside its threshold (or foreign residents, or those of a language group).
/// Both the lazy greedy answer (within 1 - 1/e) and the exact integer-programming answer (SCIP through OR-Tools) (within the planner's time limit) are
/// computed; the better is given, with each one's bound and gap. Bounded: k, candidates and the time limit are capped,
/// and the searches and the solver stop when the client leaves.
/// </summary>
internal static class SuggestApi
{
    public const int MaxK = 50;
    public const int MaxUploadedCandidates = 5000;
    public const double MaxTimeLimitSeconds = 120;

    public static async Task<Results<Ok<SuggestionView>, BadRequestProblem, ConflictProblem>> SuggestAsync(HttpContext http, NpgsqlDataSource db,
        SitingBaseCache bases, CityProfile city, CancellationToken ct)
    {
        var (body, bad) = await JsonBody.ReadAsync<SuggestRequest>(http.Request, "{\"category\": \"clinic\", \"k\": 5, \"timeLimitSeconds\": 10}", ct);
        if (bad is not null) return bad;
        var q = body!;
        if (string.IsNullOrWhiteSpace(q.Category)) return Problems.Field("category", "category is required (a facility category code, see /api/categories)");
        var k = q.K ?? 5;
        if (k is < 1 or > MaxK) return Problems.Field("k", $"k is the number of sites to suggest, 1..{MaxK}, not {k}");
        if (!EnumText.TryParse(q.Weight, SitingWeight.Households, out var weight)) return EnumText.BadField<SitingWeight>("weight", q.Weight);
        if (weight == SitingWeight.Language && (q.Language is not { Length: 2 } l || !l.All(char.IsAsciiLetterLower)))
            return Problems.Field("language", "language is required with weight 'language': an ISO 639-1 code such as 'ko', 'ja', 'en'");
        var seconds = q.TimeLimitSeconds ?? 10;
        if (!(seconds >= 1 && seconds <= MaxTimeLimitSeconds)) return Problems.Field("timeLimitSeconds", $"timeLimitSeconds is the exact solver's limit, 1..{MaxTimeLimitSeconds}");
        if (q.Capacity is < 0 or > 1_000_000) return Problems.Field("capacity", "capacity is persons, 0..1000000 (or leave it out: unknown)");
        List<SitingCandidate>? uploaded = null;
        if (q.Candidates is { } fc)
        {
            var (points, problem) = ReadCandidates(fc, city.Projection);
            if (problem is not null) return problem;
            uploaded = points;
        }
        var run = await bases.RunAsync(null, ct);
        if (run is null) return Problems.Conflict("No complete coverage run", "suggestions start from the latest complete coverage run; start one with POST /api/coverage/runs");
        if (!run.Current) return Problems.Conflict("Data changed since the base run", $"the data changed since coverage run {run.Id}; start a new run (POST /api/coverage/runs)");
        var category = q.Category.Trim();
        if (!SitingBaseCache.HasCategory(run, category)) return Problems.Field("category", $"category '{ScenariosApi.Clip(category)}' is not among coverage run {run.Id}'s categories");

        var b = await bases.GetAsync(run, category, ct);
        var weights = weight switch
        {
            SitingWeight.ForeignResidents => b.Households.Households.Select(h => (long)h.ForeignResidents).ToArray(),
            SitingWeight.Language => await LanguageWeightsAsync(db, b, q.Language!, ct),
            _ => null,
        };
        var candidates = uploaded ?? DefaultCandidates.Of(b).ToList();
        var parallelism = Math.Max(1, Environment.ProcessorCount / 2);
        var problemOf = await Task.Run(() => SitingProblem.Build(b, candidates, weights, parallelism, ct), ct);
        var greedy = GreedySiting.Solve(problemOf.Problem, k, ct);
        var exact = await Task.Run(() => ExactSiting.Solve(problemOf.Problem, k, TimeSpan.FromSeconds(seconds), greedy.Sites, parallelism, ct), ct);
        var answered = exact.Objective >= greedy.Objective ? exact : greedy;

        var rule = Disclosure.For(http.User.IsInRole(Roles.Administrator));
        await using var conn = await db.OpenConnectionAsync(ct);
        var cx = new ScenarioFigures.Context(rule, await ScenarioStore.UnitNamesAsync(conn, ct), [], city.Projection, run.Mode);
        var clock = System.Diagnostics.Stopwatch.GetTimestamp();
        var built = ScenarioEvaluator.Evaluate(b, problemOf.AsEdits(answered, q.Capacity));
        var allBuilt = ScenarioFigures.Build(b, built, null, cx, System.Diagnostics.Stopwatch.GetElapsedTime(clock).TotalMilliseconds);
        return TypedResults.Ok(new SuggestionView(category, k, EnumText.Name(weight), weight == SitingWeight.Language ? q.Language : null,
            candidates.Count, uploaded is null ? "default: network nodes near the households now outside the threshold" : "uploaded", problemOf.Demands,
            View(problemOf, greedy, rule, city.Projection), View(problemOf, exact, rule, city.Projection), EnumText.Name(answered.Method), allBuilt, rule.Note,
            "weight: what the sites newly cover (households, or persons for foreign residents and languages); gap = (bound - objective) / bound; " +
            "greedy's bound is objective / (1 - 1/e); capacities are the built sites' (loads and E2SFCA), not a limit on what a site covers"));
    }

    private static SiteAnswerView View(SitingProblem p, SitingAnswer a, Disclosure rule, LocalProjection projection)
    {
        var sites = p.Sites(a);
        var views = sites.Select((s, i) =>
        {
            var (lon, lat) = projection.Inverse(s.Candidate.X, s.Candidate.Y);
            var shown = rule.Shows(s.NewlyCovered.Households);
            return new SiteView(i + 1, s.Candidate.Id, lon, lat, shown ? s.Weight : null, shown
                ? new GroupCount(s.NewlyCovered.Households, s.NewlyCovered.Residents, rule.Shows(s.NewlyCovered.ForeignResidents) ? s.NewlyCovered.ForeignResidents : null)
                : new GroupCount(null, null, null));
        }).ToList();
        // a withheld site would be the total minus the shown ones: the total (and what it gives, bound and gap) goes with it
        var total = views.All(v => v.Weight is not null) && rule.Shows(sites.Sum(s => s.NewlyCovered.Households));
        return new SiteAnswerView(EnumText.Name(a.Method), EnumText.Name(a.Status), views, total ? a.Objective : null,
            total ? Math.Round(a.Bound, 3) : null, total ? Math.Round(a.Gap, 6) : null, Math.Round(a.Elapsed.TotalSeconds, 3));
    }

    /// <summary>Per household of the base, its foreign residents of nationalities that speak <paramref name="language"/>.</summary>
    private static async Task<long[]> LanguageWeightsAsync(NpgsqlDataSource db, CategoryBase b, string language, CancellationToken ct)
    {
        var index = new Dictionary<long, int>(b.Households.Households.Length);
        var hh = b.Households.Households;
        for (var i = 0; i < hh.Length; i++) index[hh[i].Id] = i;
        var weights = new long[hh.Length];
        await using var cmd = db.CreateCommand(Sql.Get("Features/Siting/ListHouseholdNationalities.sql"));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            if (!index.TryGetValue(r.GetInt64(0), out var i)) continue;
            using var doc = JsonDocument.Parse(r.GetString(1));
            foreach (var n in doc.RootElement.EnumerateObject())
                if (n.Value.ValueKind == JsonValueKind.Number && NationalityLanguages.Of(n.Name).Contains(language)) weights[i] += n.Value.GetInt64();
        }
        return weights;
    }

    /// <summary>An uploaded candidate layer: a GeoJSON FeatureCollection of Points (WGS84), at most <see cref="MaxUploadedCandidates"/>.</summary>
    private static (List<SitingCandidate>? Points, BadRequestProblem? Problem) ReadCandidates(JsonElement fc, LocalProjection projection)
    {
        if (fc.ValueKind != JsonValueKind.Object || !fc.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            return (null, Problems.Field("candidates", "candidates must be a GeoJSON FeatureCollection of Points (WGS84 lon/lat)"));
        if (features.GetArrayLength() is 0 or > MaxUploadedCandidates)
            return (null, Problems.Field("candidates", $"candidates holds 1 to {MaxUploadedCandidates} points"));
        var points = new List<SitingCandidate>();
        var n = 0;
        foreach (var f in features.EnumerateArray())
        {
            var where = $"candidates.features[{n}]";
            n++;
            if (f.ValueKind != JsonValueKind.Object || !f.TryGetProperty("geometry", out var g) || g.ValueKind != JsonValueKind.Object
                || !g.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String || t.GetString() != "Point"
                || !g.TryGetProperty("coordinates", out var c) || c.ValueKind != JsonValueKind.Array || c.GetArrayLength() < 2
                || c[0].ValueKind != JsonValueKind.Number || c[1].ValueKind != JsonValueKind.Number)
                return (null, Problems.Field(where, $"{where} must be a Feature with a Point geometry [lon, lat]"));
            double lon = c[0].GetDouble(), lat = c[1].GetDouble();
            if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90))
                return (null, Problems.Field(where, $"{where}: [{lon}, {lat}] is not a WGS84 lon/lat"));
            var (x, y) = projection.Forward(lon, lat);
            points.Add(new SitingCandidate(n, x, y));
        }
        return (points, null);
    }
}
