using GridGIS.Core.Privacy;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Coverage;
using GridGIS.Server.Http;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGIS.Server.Features.Languages;

/// <summary>
/// Equity per street and for the district: the share of all residents covered beside the share of foreign residents covered and
/// covered in their language, and the spread of accessibility (Gini, Palma; <see cref="Core.Coverage.AccessibilityEquity"/>).
/// </summary>
internal static class EquityApi
{
    public const string Definition = "coveredShare: residents within the category's threshold of a facility; foreignCoveredShare: the same for foreign "
        + "residents; foreignInLanguageShare: foreign residents within the threshold of a facility speaking one of their languages (null where language "
        + "does not apply); gini and palma: the spread of the households' E2SFCA scores weighted by residents, as IPEA's R package accessibility defines "
        + "gini_index and palma_ratio (Palma: mean score of the 10 % best served over that of the 40 % worst served; null when the 40 % have none)";

    public static async Task<Results<Ok<EquityResults>, BadRequestProblem, NotFoundProblem>> Equity(HttpContext http, NpgsqlDataSource db,
        string id, string? category, CancellationToken ct)
    {
        if (!CoverageApi.TryRunId(id, out var runId)) return Problems.Parameter("id", $"run id must be a positive number or 'latest', not '{id}'");
        var resolved = await CoverageResultsApi.ResolveCompleteAsync(db, runId, ct);
        if (resolved is null) return Problems.NotFound(runId is null ? "no complete coverage run yet" : $"no complete coverage run {runId}", "id");
        var rule = Disclosure.For(http.User.IsInRole(Roles.Administrator));
        return TypedResults.Ok(new EquityResults(resolved.Value, await LoadAsync(db, resolved.Value, category, rule, null, ct), Definition, rule.Note));
    }

    /// <summary>The equity rows of a run (district and streets; only <paramref name="streetIds"/> when given) as the caller may see them.</summary>
    internal static async Task<List<UnitEquityResult>> LoadAsync(NpgsqlDataSource db, long runId, string? category, Disclosure rule,
        IReadOnlySet<int>? streetIds, CancellationToken ct)
    {
        List<UnitDisclosure.Row> units;
        await using (var conn = await db.OpenConnectionAsync(ct)) units = await UnitDisclosure.LoadAsync(conn, runId, category, ct);
        var unitWithheld = UnitDisclosure.Withheld(units, rule);
        var (rows, _) = await LanguageCoverageApi.LoadAsync(db, runId, category, ct);
        var languageWithheld = LanguageDisclosure.Withheld(rows, units, rule);
        var inLanguage = new Dictionary<(string, string, int), double?>();
        for (var i = 0; i < rows.Count; i++)
            if (rows[i].Language == Core.Languages.LanguageCoverage.AllLanguages)
                inLanguage[(rows[i].Category, rows[i].Level, rows[i].UnitId)] = languageWithheld[i] || rows[i].Persons == 0 ? null : (double)rows[i].PersonsInLanguage / rows[i].Persons;
        var result = new List<UnitEquityResult>();
        await using var cmd = db.CreateCommand(Sql.Get("Features/Languages/ListEquity.sql"));
        cmd.Parameters.Add(new() { Value = runId });
        cmd.Parameters.Add(new() { Value = (object?)category ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var byUnit = units.ToDictionary(u => (u.Category, u.Level, u.UnitId));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var key = (r.GetString(0), r.GetString(1), r.GetInt32(2));
            if (streetIds is not null && (key.Item2 != "street" || !streetIds.Contains(key.Item3))) continue;
            if (!byUnit.TryGetValue(key, out var u)) continue;
            var hidden = unitWithheld.Contains(key);
            // Foreign residents: judged by persons, as the coverage results judge them (the run keeps no count of their households).
            var foreignHidden = hidden || !rule.ShowsParts(u.ForeignResidents, u.ForeignCovered, u.ForeignResidents - u.ForeignCovered);
            result.Add(new UnitEquityResult(key.Item1, key.Item2, key.Item3, u.Code, u.Name,
                hidden || u.Residents == 0 ? null : (double)u.ResidentsCovered / u.Residents,
                foreignHidden || u.ForeignResidents == 0 ? null : (double)u.ForeignCovered / u.ForeignResidents,
                hidden ? null : inLanguage.GetValueOrDefault(key),
                hidden || r.IsDBNull(3) ? null : r.GetDouble(3), hidden || r.IsDBNull(4) ? null : r.GetDouble(4)));
        }
        return result;
    }
}
