using GridGIS.Core.Languages;
using GridGIS.Core.Privacy;
using GridGIS.Core.Siting;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Coverage;
using GridGIS.Server.Features.Siting;
using GridGIS.Server.Http;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGIS.Server.Features.Languages;

/// <summary>
/// What closes the most language gaps: the first <c>staff</c> steps of the greedy plan the run stored for a category
/// (<see cref="Core.Languages.LanguageStaffing"/>). Non-administrators read the plan whose every step serves at least 5 households.
/// Administrators may ask for the exact plan beside it (<c>?exact=true</c>, <see cref="ExactStaffing"/> over the run's reach, bounded
/// by <c>timeLimitSeconds</c> and stopped when the client leaves): it answers when proven optimal; both objectives and gaps are reported.
/// </summary>
internal static class StaffingApi
{
    public const string WorkerMatching = "/api/grids/workers/matching";
    public const double MaxTimeLimitSeconds = 60;

    public static async Task<Results<Ok<StaffingAnswer>, BadRequestProblem, NotFoundProblem, ConflictProblem>> Staffing(HttpContext http, NpgsqlDataSource db,
        SitingBaseCache bases, string id, string? category, int? staff, bool? exact, double? timeLimitSeconds, CancellationToken ct)
    {
        if (!CoverageApi.TryRunId(id, out var runId)) return Problems.Parameter("id", $"run id must be a positive number or 'latest', not '{id}'");
        if (string.IsNullOrWhiteSpace(category)) return Problems.Parameter("category", "category is required, e.g. ?category=health_station");
        var n = staff ?? 3;
        if (n is < 1 or > Core.Coverage.LanguageRunInputs.DefaultStaffBudget)
            return Problems.Parameter("staff", $"staff is 1..{Core.Coverage.LanguageRunInputs.DefaultStaffBudget} (the plans a run stores), not {n}");
        var seconds = timeLimitSeconds ?? 10;
        if (!(seconds >= 1 && seconds <= MaxTimeLimitSeconds))
            return Problems.Parameter("timeLimitSeconds", $"timeLimitSeconds is the exact solver's limit, 1..{MaxTimeLimitSeconds}, not {seconds}");
        var resolved = await CoverageResultsApi.ResolveCompleteAsync(db, runId, ct);
        if (resolved is null) return Problems.NotFound(runId is null ? "no complete coverage run yet" : $"no complete coverage run {runId}", "id");
        await using (var applies = db.CreateCommand(Sql.Get("Features/Languages/GetCategoryLanguageApplies.sql")))
        {
            applies.Parameters.Add(new() { Value = category });
            switch (await applies.ExecuteScalarAsync(ct))
            {
                case null: return Problems.NotFound($"no facility category '{category}'", "category");
                case false: return Problems.Parameter("category", $"language does not apply to category '{category}' (facility_category.language_applies)");
            }
        }
        var admin = http.User.IsInRole(Roles.Administrator);
        var rule = Disclosure.For(admin);
        var steps = new List<StaffingStepResult>();
        long? unserved = null;
        await using (var cmd = db.CreateCommand(Sql.Get("Features/Languages/ListStaffing.sql")))
        {
            cmd.Parameters.Add(new() { Value = resolved.Value });
            cmd.Parameters.Add(new() { Value = category });
            cmd.Parameters.Add(new() { Value = !admin });
            cmd.Parameters.Add(new() { Value = n });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                steps.Add(new StaffingStepResult(r.GetInt32(0), r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetInt64(5)));
                unserved = r.GetInt64(6);
            }
        }
        var persons = steps.Sum(s => s.Persons);
        double? bound = admin && steps.Count > 0 ? Math.Min(unserved ?? 0, persons / (1 - 1 / Math.E)) : null;
        var boundText = admin
            ? "greedy with lazy evaluation serves at least 1 - 1/e (63.2 %) of the best plan's persons: the best plan of this budget serves at most upperBound"
            : "greedy over steps of at least 5 households each (the privacy rule); the 1 - 1/e bound does not hold for this restricted plan";
        var method = "greedy";
        StaffingComparison? comparison = null;
        if (admin && exact == true)
        {
            var run = await bases.RunAsync(resolved.Value, ct);
            if (run is null || !run.Current || !SitingBaseCache.HasCategory(run, category))
                return Problems.Conflict("Data changed since the run", $"the exact plan is solved over coverage run {resolved.Value}'s reach, which the data no longer matches; start a new run (POST /api/coverage/runs)");
            var b = await bases.GetAsync(run, category, ct);
            var nationalities = await StaffingInputs.NationalitiesAsync(db, ct);
            var (greedy, solved) = await Task.Run(() => ExactStaffing.Solve(b, nationalities, n, TimeSpan.FromSeconds(seconds), ct), ct);
            var upper = solved.Plan.UpperBound ?? solved.Plan.Unserved;
            double Gap(long p) => upper <= 0 ? 0 : Math.Max(0, (upper - p) / upper);
            var proven = solved.Status == SitingStatus.Optimal && solved.Plan.Persons >= greedy.Persons;
            comparison = new StaffingComparison(proven ? "exact" : "greedy", greedy.Persons, solved.Plan.Persons, EnumText.Name(solved.Status), upper,
                Gap(greedy.Persons), solved.Gap, seconds, solved.Elapsed.TotalSeconds);
            if (proven)
            {
                var names = await StaffingInputs.FacilityNamesAsync(db, [.. solved.Plan.Steps.Select(s => s.FacilityId)], ct);
                method = "exact";
                steps = [.. solved.Plan.Steps.Select((s, i) => new StaffingStepResult(i + 1, s.FacilityId, names.GetValueOrDefault(s.FacilityId), s.Language, s.Persons, s.Households))];
                persons = solved.Plan.Persons;
                unserved = solved.Plan.Unserved;
                boundText = "the exact plan (maximal covering solved by SCIP), proven optimal within the time limit: upperBound is its persons";
            }
            bound = upper;
        }
        return TypedResults.Ok(new StaffingAnswer(resolved.Value, category, n, method, steps, persons, bound,
            admin ? unserved : null, boundText + $"; fewer steps than {n} when no further step serves anybody", WorkerMatching, rule.Note, comparison));
    }
}
