using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace GridGIS.Core.Grids;

/// <summary>A grid's load: its worker (null: none), households, residents, foreign residents, and polygon (EPSG:4326).</summary>
public sealed record GridLoad(int GridId, string Code, int? WorkerId, long Households, long Residents, long ForeignResidents, Geometry Geometry);

/// <summary>One worker's totals over their grids, and whether they exceed the household limit.</summary>
public sealed record WorkerLoad(int WorkerId, IReadOnlyList<int> GridIds, long Households, long Residents, long ForeignResidents, bool OverLimit);

public enum WorkloadSuggestionKind
{
    /// <summary>A single grid holds more households than the limit: split it into <see cref="WorkloadSuggestion.Parts"/> parts.</summary>
    SplitGrid,
    /// <summary>Hand a grid on the worker's edge to the neighbouring worker <see cref="WorkloadSuggestion.ToWorkerId"/>.</summary>
    MoveGrid,
    /// <summary>No neighbour has room: the worker stays over the limit (a new worker is needed).</summary>
    NoNeighbourWithRoom,
}

/// <summary>A suggestion for an over-limit worker; households of the worker (and of the receiving worker) after it.</summary>
public sealed record WorkloadSuggestion(WorkloadSuggestionKind Kind, int WorkerId, int? GridId, string? GridCode, int? ToWorkerId,
    int Parts, long WorkerHouseholdsAfter, long? ToWorkerHouseholdsAfter);

public sealed record WorkloadReport(long HouseholdLimit, IReadOnlyList<WorkerLoad> Workers, IReadOnlyList<WorkloadSuggestion> Suggestions);

/// <summary>
/// Workload per grid worker (households, residents, foreign residents over their grids) and the
/// workers above <see cref="HouseholdLimit"/> households (default 500; more is over, 500 is not).
/// For each over-limit worker, worst first, it suggests: splitting any single grid that alone
/// exceeds the limit into ceil(households / limit) parts, handing all parts but one to others; then,
/// while still over, moving a boundary grid (one sharing an edge, not just a corner, with a grid of
/// another worker) to that neighbouring worker when the neighbour stays within the limit. It
/// prefers the smallest grid that brings the worker within the limit, else the largest grid that
/// fits. Suggestions are applied to a simulated load as they are made, so they do not conflict.
/// Grids without a worker are ignored.
/// </summary>
public sealed class WorkloadBalance
{
    public const long DefaultHouseholdLimit = 500;
    private const int MaxMovesPerWorker = 50;

    /// <param name="householdLimit">households per worker, >= 1</param>
    public WorkloadBalance(long householdLimit = DefaultHouseholdLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(householdLimit, 1);
        HouseholdLimit = householdLimit;
    }

    public long HouseholdLimit { get; }

    /// <summary>One-call entry with the default limit.</summary>
    public static WorkloadReport Balance(IReadOnlyList<GridLoad> grids) => new WorkloadBalance().Run(grids);

    public WorkloadReport Run(IReadOnlyList<GridLoad> grids)
    {
        ArgumentNullException.ThrowIfNull(grids);
        var staffed = grids.Where(g => g.WorkerId is not null).ToList();
        var workers = staffed.GroupBy(g => g.WorkerId!.Value).OrderBy(w => w.Key)
            .Select(w => new WorkerLoad(w.Key, w.Select(g => g.GridId).Order().ToList(), w.Sum(g => g.Households),
                w.Sum(g => g.Residents), w.Sum(g => g.ForeignResidents), w.Sum(g => g.Households) > HouseholdLimit))
            .ToList();

        var load = workers.ToDictionary(w => w.WorkerId, w => w.Households);
        var owner = staffed.ToDictionary(g => g.GridId, g => g.WorkerId!.Value);
        var neighbours = Neighbours(staffed);
        var suggestions = new List<WorkloadSuggestion>();

        foreach (var w in workers.Where(w => w.OverLimit).OrderByDescending(w => w.Households).ThenBy(w => w.WorkerId))
        {
            var id = w.WorkerId;
            var split = new HashSet<int>();
            foreach (var g in staffed.Where(g => owner[g.GridId] == id && g.Households > HouseholdLimit).OrderBy(g => g.Code, StringComparer.Ordinal))
            {
                var parts = (int)Math.Ceiling((double)g.Households / HouseholdLimit);
                load[id] -= g.Households - g.Households / parts;
                split.Add(g.GridId);
                suggestions.Add(new WorkloadSuggestion(WorkloadSuggestionKind.SplitGrid, id, g.GridId, g.Code, null, parts, load[id], null));
            }
            for (var moves = 0; load[id] > HouseholdLimit && moves < MaxMovesPerWorker; moves++)
            {
                var excess = load[id] - HouseholdLimit;
                var options = staffed
                    .Where(g => owner[g.GridId] == id && !split.Contains(g.GridId))
                    .SelectMany(g => neighbours[g.GridId].Select(n => owner[n]).Where(o => o != id).Distinct()
                        .Where(o => load[o] + g.Households <= HouseholdLimit).Select(o => (Grid: g, To: o)))
                    .ToList();
                if (options.Count == 0)
                {
                    suggestions.Add(new WorkloadSuggestion(WorkloadSuggestionKind.NoNeighbourWithRoom, id, null, null, null, 0, load[id], null));
                    break;
                }
                var enough = options.Where(o => o.Grid.Households >= excess).ToList();
                var pick = enough.Count > 0
                    ? enough.OrderBy(o => o.Grid.Households).ThenBy(o => load[o.To]).ThenBy(o => o.Grid.Code, StringComparer.Ordinal).First()
                    : options.OrderByDescending(o => o.Grid.Households).ThenBy(o => load[o.To]).ThenBy(o => o.Grid.Code, StringComparer.Ordinal).First();
                if (pick.Grid.Households == 0)
                {
                    suggestions.Add(new WorkloadSuggestion(WorkloadSuggestionKind.NoNeighbourWithRoom, id, null, null, null, 0, load[id], null));
                    break;
                }
                load[id] -= pick.Grid.Households;
                load[pick.To] += pick.Grid.Households;
                owner[pick.Grid.GridId] = pick.To;
                suggestions.Add(new WorkloadSuggestion(WorkloadSuggestionKind.MoveGrid, id, pick.Grid.GridId, pick.Grid.Code, pick.To, 1,
                    load[id], load[pick.To]));
            }
        }
        return new WorkloadReport(HouseholdLimit, workers, suggestions);
    }

    /// <summary>Grids that share an edge (a boundary piece of positive length, or overlap), per grid id.</summary>
    public static IReadOnlyDictionary<int, IReadOnlyList<int>> Neighbours(IReadOnlyList<GridLoad> grids)
    {
        ArgumentNullException.ThrowIfNull(grids);
        var index = new STRtree<GridLoad>();
        foreach (var g in grids.Where(g => !g.Geometry.IsEmpty)) index.Insert(g.Geometry.EnvelopeInternal, g);
        index.Build();
        var result = new Dictionary<int, IReadOnlyList<int>>();
        foreach (var g in grids)
        {
            var list = new List<int>();
            if (!g.Geometry.IsEmpty)
                foreach (var other in index.Query(g.Geometry.EnvelopeInternal))
                {
                    if (other.GridId == g.GridId) continue;
                    var m = g.Geometry.Relate(other.Geometry);
                    if (m.Get(Location.Boundary, Location.Boundary) >= Dimension.Curve || m.Get(Location.Interior, Location.Interior) == Dimension.Surface)
                        list.Add(other.GridId);
                }
            list.Sort();
            result[g.GridId] = list;
        }
        return result;
    }
}
