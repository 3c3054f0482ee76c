using GridGIS.Core.Grids;
using GridGIS.Core.Privacy;
using Npgsql;

namespace GridGIS.Server.Features.Grids;

/// <summary>
/// The worker matching report (<see cref="WorkerLanguageMatch"/>) and the workload report
/// (<see cref="WorkloadBalance"/>), from one load of grid figures and workers. For every role but administrator
/// both are computed from what <see cref="Disclosure"/> lets them see (<see cref="GridFigures.Disclose"/>): a grid of
/// 1-4 households counts as empty, foreign residents and nationalities of 1-4 households as absent, so no load,
/// ranking, limit or suggestion depends on a withheld figure.
/// </summary>
internal static class WorkerReports
{
    public sealed record Worker(int Id, string Name, string[] Languages);

    public sealed record LanguageCount(string Language, long? Persons);

    public sealed record Suggestion(int WorkerId, string Name, IReadOnlyList<string> SharedLanguages, long? ForeignResidentsReached,
        bool SameCommunity, long HouseholdsAfter);

    public sealed record Mismatch(int GridId, string Code, int CommunityId, string Kind, Worker? Worker, IReadOnlyList<LanguageCount> WantedLanguages,
        IReadOnlyList<Suggestion> Suggestions);

    /// <param name="Scope">foreign_resident: designated grids only; all: every grid with foreign residents</param>
    public sealed record MatchingReport(string Scope, DesignationReport.Suppression Suppression, int GridsChecked, IReadOnlyList<Mismatch> Grids);

    public sealed record Load(Worker Worker, int[] GridIds, long? Households, long? Residents, long? ForeignResidents, bool OverLimit);

    public sealed record Move(string Kind, int WorkerId, int? GridId, string? GridCode, int? ToWorkerId, int Parts,
        long? WorkerHouseholdsAfter, long? ToWorkerHouseholdsAfter);

    public sealed record WorkloadReportDto(long HouseholdLimit, DesignationReport.Suppression Suppression, int GridsWithoutWorker,
        IReadOnlyList<Load> Workers, IReadOnlyList<Load> OverLimit, IReadOnlyList<Move> Suggestions);

    public static async Task<MatchingReport> MatchingAsync(NpgsqlDataSource db, bool designatedOnly, long householdLimit, bool suppress, CancellationToken ct)
    {
        var grids = GridFigures.Disclose(await GridFigures.LoadAsync(db, null, ct), Disclosure.For(!suppress));
        var workers = await GridFigures.LoadWorkersAsync(db, ct);
        var households = grids.Where(g => g.WorkerId is not null).GroupBy(g => g.WorkerId!.Value).ToDictionary(x => x.Key, x => x.Sum(g => g.Households));
        var checkedGrids = grids.Where(g => g.ForeignResidents > 0 && (!designatedOnly || g.Kind == GridKind.ForeignResident)).ToList();
        var byId = grids.ToDictionary(g => g.Id);
        var profiles = workers.Select(w => new WorkerProfile(w.Id, w.Name, w.Languages, w.CommunityIds, households.GetValueOrDefault(w.Id))).ToList();
        var names = workers.ToDictionary(w => w.Id);
        var result = new WorkerLanguageMatch(householdLimit).Run(
            checkedGrids.Select(g => new GridLanguageNeed(g.Id, g.Code, g.CommunityId, g.WorkerId, g.Households, g.Nationalities)), profiles);
        var list = result.Select(m =>
        {
            var g = byId[m.Grid.GridId];
            var w = g.WorkerId is { } id && names.TryGetValue(id, out var row) ? new Worker(row.Id, row.Name, row.Languages) : null;
            return new Mismatch(g.Id, g.Code, g.CommunityId, GridFigures.KindName(g.Kind), w,
                m.WantedLanguages.Select(l => new LanguageCount(l.Key, l.Value)).ToList(),
                m.Suggestions.Select(s => new Suggestion(s.WorkerId, s.Name, s.SharedLanguages, s.ForeignResidentsReached,
                    s.SameCommunity, s.HouseholdsAfter)).ToList());
        }).ToList();
        return new MatchingReport(designatedOnly ? "foreign_resident" : "all", DesignationReport.SuppressionFor(suppress), checkedGrids.Count, list);
    }

    public static async Task<WorkloadReportDto> WorkloadAsync(NpgsqlDataSource db, long householdLimit, bool suppress, CancellationToken ct)
    {
        var grids = GridFigures.Disclose(await GridFigures.LoadAsync(db, null, ct), Disclosure.For(!suppress));
        var workers = (await GridFigures.LoadWorkersAsync(db, ct)).ToDictionary(w => w.Id);
        var report = new WorkloadBalance(householdLimit).Run(
            grids.Select(g => new GridLoad(g.Id, g.Code, g.WorkerId, g.Households, g.Residents, g.ForeignResidents, g.Geometry)).ToList());
        long? S(long v) => SmallCounts.Suppress(v, suppress);
        // A worker with a withheld grid shows no load: the sum of the shown grids would not be their load, and the whole one would give the grid away.
        var complete = grids.Where(g => g.WorkerId is not null).GroupBy(g => g.WorkerId!.Value).ToDictionary(x => x.Key, x => x.All(g => g.Shown));
        var loads = report.Workers.Select(w =>
        {
            var row = workers[w.WorkerId];
            var shown = complete.GetValueOrDefault(w.WorkerId, true);
            return new Load(new Worker(row.Id, row.Name, row.Languages), w.GridIds.ToArray(), shown ? S(w.Households) : null, shown ? S(w.Residents) : null,
                shown && grids.Where(g => g.WorkerId == w.WorkerId).All(g => g.ForeignShown) ? S(w.ForeignResidents) : null, w.OverLimit);
        }).ToList();
        var moves = report.Suggestions.Select(s => new Move(SuggestionName(s.Kind), s.WorkerId, s.GridId, s.GridCode, s.ToWorkerId, s.Parts,
            S(s.WorkerHouseholdsAfter), s.ToWorkerHouseholdsAfter is { } after ? S(after) : null)).ToList();
        return new WorkloadReportDto(householdLimit, DesignationReport.SuppressionFor(suppress), grids.Count(g => g.WorkerId is null),
            loads, loads.Where(l => l.OverLimit).ToList(), moves);
    }

    public static string SuggestionName(WorkloadSuggestionKind k) => k switch
    {
        WorkloadSuggestionKind.SplitGrid => "split_grid",
        WorkloadSuggestionKind.MoveGrid => "move_grid",
        _ => "no_neighbour_with_room",
    };
}
