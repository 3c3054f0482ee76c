using System.Security.Claims;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GridGIS.Core.Privacy;
using GridGIS.Render;
using GridGIS.Server.Data;
using GridGIS.Server.Http;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGIS.Server.Features.Compare;

/// <summary>
/// Side-by-side comparison of streets for officials: <c>GET /api/compare?streets=code,code,..</c>
/// (or <c>streets=pilot</c>) returns one table of figures per street; <c>GET /api/compare.png</c> and <c>.pdf</c>
/// renders the same streets as same-scale map panels with the table, through GridGIS.Render.
/// </summary>
internal static partial class CompareApi
{
    /// <summary>The five 2010 international-community pilot streets: Maizidian, Yayuncun, Sanlitun, Jianwai, Wangjing.</summary>
    public static readonly string[] PilotStreetCodes = ["110105012", "110105009", "110105004", "110105001", "110105026"];

    public const int MaxStreets = 8;

    public static IEndpointRouteBuilder MapCompareApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(Policies.Analyst).WithTags("Compare");
        api.MapGet("/compare", async Task<Results<JsonTextResult<StreetComparison>, BadRequestProblem, NotFoundProblem>> (NpgsqlDataSource db,
                ClaimsPrincipal user, string? streets, CancellationToken ct) =>
            {
                var (codes, problem) = ParseStreets(streets);
                if (problem is not null) return problem;
                var (figures, missing) = await FiguresAsync(db, codes!, user.IsInRole(Roles.Administrator), ct);
                return missing is not null ? missing : new JsonTextResult<StreetComparison>(figures!.ToJsonString());
            })
           .WithSummary("Figures of two or more streets side by side: residents, foreign share, households, grids, facilities per 10,000 residents, coverage and gaps.");
        api.MapGet("/compare.png", (NpgsqlDataSource db, GridGIS.Core.Geo.CityProfile city, TimeProvider clock, ClaimsPrincipal user,
                string? streets, string? lang, string? category, CancellationToken ct) =>
                ReportAsync(db, city, clock, user, streets, lang, category, "png", ct))
           .Produces<byte[]>(contentType: "image/png")
           .LimitAsExpensive()
           .WithSummary("The comparison as a report in one PNG: title, category and threshold, run and date, same-scale maps with legend, scale bar and north arrow, the figures table with the 2010 published rows, sources.");
        api.MapGet("/compare.pdf", (NpgsqlDataSource db, GridGIS.Core.Geo.CityProfile city, TimeProvider clock, ClaimsPrincipal user,
                string? streets, string? lang, string? category, CancellationToken ct) =>
                ReportAsync(db, city, clock, user, streets, lang, category, "pdf", ct))
           .Produces<byte[]>(contentType: "application/pdf")
           .LimitAsExpensive()
           .WithSummary("The comparison as a PDF report (A4 landscape) with the same content as compare.png, fonts embedded.");
        return app;
    }

    private static async Task<Results<FileContentHttpResult, BadRequestProblem, NotFoundProblem>> ReportAsync(NpgsqlDataSource db,
        GridGIS.Core.Geo.CityProfile city, TimeProvider clock, ClaimsPrincipal user, string? streets, string? lang, string? category, string format,
        CancellationToken ct)
    {
        var (codes, problem) = ParseStreets(streets);
        if (problem is not null) return problem;
        if (lang is not (null or "zh" or "en")) return Problems.Parameter("lang", $"lang must be 'zh' or 'en', not '{(lang.Length > 20 ? lang[..20] : lang)}'");
        var (figures, missing) = await FiguresAsync(db, codes!, user.IsInRole(Roles.Administrator), ct);
        if (missing is not null) return missing;
        category = string.IsNullOrWhiteSpace(category) ? null : category.Trim();
        if (category is not null && !figures!["categories"]!.AsArray().Any(c => (string)c!["code"]! == category))
            return Problems.Parameter("category", $"no facility category '{(category.Length > 40 ? category[..40] : category)}'");
        var report = await ComparisonReport.BuildAsync(db, city, clock, codes!, figures!, lang ?? "zh", category, ct);
        return format == "pdf"
            ? TypedResults.File(ReportRenderer.Pdf(report), "application/pdf", "street-comparison.pdf")
            : TypedResults.File(ReportRenderer.Png(report), "image/png", "street-comparison.png");
    }

    [GeneratedRegex("^[0-9]{9}$")]
    private static partial Regex StreetCode();

    internal static (string[]? Codes, BadRequestProblem? Problem) ParseStreets(string? streets)
    {
        if (string.IsNullOrWhiteSpace(streets))
            return (null, Bad("streets is required: two or more 9-digit street codes separated by commas, or 'pilot'"));
        if (streets.Trim().Equals("pilot", StringComparison.OrdinalIgnoreCase)) return (PilotStreetCodes, null);
        var codes = streets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray();
        var bad = codes.FirstOrDefault(c => !StreetCode().IsMatch(c));
        if (bad is not null) return (null, Bad($"'{bad}' is not a 9-digit street code"));
        if (codes.Length is < 2 or > MaxStreets) return (null, Bad($"compare 2 to {MaxStreets} streets, not {codes.Length}"));
        return (codes, null);
    }

    internal static async Task<(JsonObject? Figures, NotFoundProblem? Missing)> FiguresAsync(NpgsqlDataSource db, string[] codes, bool isAdmin, CancellationToken ct)
    {
        JsonArray streets;
        await using (var cmd = db.CreateCommand(Sql.Get("Features/Compare/SelectStreetFigures.sql")))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = codes });
            streets = JsonNode.Parse((string)(await cmd.ExecuteScalarAsync(ct))!)!.AsArray();
        }
        var found = streets.Select(s => (string)s!["code"]!).ToHashSet();
        var absent = codes.Where(c => !found.Contains(c)).ToArray();
        if (absent.Length > 0)
            return (null, Problems.NotFound($"no street with code {string.Join(", ", absent)}", "streets"));

        var categories = await CategoriesAsync(db, ct);
        var coverage = await StreetCoverage.LoadAsync(db, codes, !isAdmin, ct);
        var rule = Disclosure.For(isAdmin);
        await StreetCoverage.AddEquityAsync(db, coverage, rule, ct);
        foreach (var s in streets.Select(n => n!.AsObject()))
        {
            // The loaded figures by the privacy rule: a street of 1-4 households shows none, its foreign residents only
            // when at least 5 households have them; the published 2010 figures are public.
            var shown = rule.Shows((long)s["households"]!);
            var foreignShown = shown && (rule.ShowsLabel((long)s["foreignHouseholds"]!) || !rule.Applies);
            s.Remove("foreignHouseholds");
            if (!shown) { s["households"] = null; s["residents"] = null; }
            if (!foreignShown) { s["foreignResidents"] = null; s["foreignShare"] = null; }
            // Facilities are placed at the city's density whatever the demo's household scale, so the
            // rate is per 10,000 of the published population where one exists, else of the loaded residents.
            var residents = s["published"]?["residents"] is { } published ? (long)published : s["residents"] is { } loaded ? (long)loaded : 0;
            var byCategory = s["facilitiesByCategory"]!.AsObject();
            var facilities = new JsonObject();
            foreach (var c in categories)
            {
                var n = byCategory[c.Code] is { } v ? (long)v : 0;
                facilities[c.Code] = new JsonObject
                {
                    ["count"] = n,
                    ["per10kResidents"] = residents > 0 ? Math.Round(n * 10_000.0 / residents, 2) : null,
                };
            }
            s.Remove("facilitiesByCategory");
            s["facilities"] = facilities;
            s["coverage"] = coverage.For((string)s["code"]!);
        }
        return (new JsonObject
        {
            ["streets"] = streets,
            ["categories"] = new JsonArray(categories.Select(c => (JsonNode)new JsonObject
                { ["code"] = c.Code, ["nameZh"] = c.NameZh, ["nameEn"] = c.NameEn }).ToArray()),
            ["coverageRun"] = coverage.Run?.DeepClone(),
            ["coverageNote"] = coverage.Run is null ? "no complete coverage run yet"
                : "coveredShare: share of residents within the category's walk of a facility; householdsOutside: households outside every one; "
                  + "foreignCoveredShare, foreignInLanguageShare: the same for foreign residents, and of them within the walk of a facility "
                  + "speaking one of their languages (null where language does not apply); gini, palma: the spread of accessibility over the "
                  + "street's households (IPEA's accessibility package)",
            ["note"] = "residents, households and foreign residents count the loaded households (generated where the demo is loaded); "
                       + "facilities per 10,000 residents use the published population where there is one; "
                       + "'published' holds the 2010 figures as published. " + (isAdmin ? "" : Disclosure.Restricted.Note),
        }, null);
    }

    internal sealed record Category(string Code, string NameZh, string NameEn);

    private static async Task<List<Category>> CategoriesAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        var list = new List<Category>();
        await using var cmd = db.CreateCommand(Sql.Get("Features/Compare/ListCategoryNames.sql"));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(new Category(r.GetString(0), r.GetString(1), r.GetString(2)));
        return list;
    }

    private static BadRequestProblem Bad(string detail) => Problems.Parameter("streets", detail);
}
