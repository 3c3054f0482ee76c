using GridGIS.Core.Coverage;

namespace GridGIS.Core.Siting;

/// <summary>A place a new facility could go (local metres); <paramref name="Id"/> is the network node, or the uploaded point's number.</summary>
public sealed record SitingCandidate(int Id, double X, double Y);

/// <summary>A suggested site and what it newly covers, given the sites before it in its answer.</summary>
public sealed record SuggestedSite(SitingCandidate Candidate, long Weight, HouseholdCount NewlyCovered);

/// <summary>
/// The covering problem of one category over a <see cref="CategoryBase"/>: the demands are the households its base
/// leaves uncovered (weighted per household by the caller: 1 each, foreign residents, residents of a language group),
/// each candidate covers those it reaches within the threshold (one bounded search each, <see cref="SiteReach"/>).
/// </summary>
public sealed class SitingProblem
{
    private readonly CategoryBase _base;
    private readonly int[] _demandHousehold;

    private SitingProblem(CategoryBase b, IReadOnlyList<SitingCandidate> candidates, CoveringProblem problem, int[] demandHousehold)
    {
        _base = b; Candidates = candidates; Problem = problem; _demandHousehold = demandHousehold;
    }

    public IReadOnlyList<SitingCandidate> Candidates { get; }
    public CoveringProblem Problem { get; }

    /// <summary>Households now outside the threshold that some candidate reaches (with a weight &gt; 0).</summary>
    public int Demands => _demandHousehold.Length;

    /// <param name="b">the category's base</param>
    /// <param name="candidates">where sites may go</param>
    /// <param name="householdWeights">per household of the base (same order), its weight &gt;= 0; null: 1 each</param>
    /// <param name="parallelism">threads for the candidates' searches (-1: all processors)</param>
    /// <param name="ct">checked between candidates</param>
    public static SitingProblem Build(CategoryBase b, IReadOnlyList<SitingCandidate> candidates, long[]? householdWeights = null,
        int parallelism = -1, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(candidates);
        var n = b.Households.Households.Length;
        if (householdWeights is not null && householdWeights.Length != n)
            throw new ArgumentException($"{householdWeights.Length} weights for {n} households", nameof(householdWeights));
        var reached = new int[candidates.Count][];
        Parallel.For(0, candidates.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, j =>
        {
            var c = candidates[j];
            var r = b.Reacher.Reach(new CoverageFacility(c.Id, c.X, c.Y, null)).Reach.Households;
            var list = new List<int>();
            foreach (var i in r)
                if (b.ReachCount[i] == 0 && (householdWeights is null || householdWeights[i] > 0)) list.Add(i);
            reached[j] = list.ToArray();
        });
        var demandOf = new Dictionary<int, int>();
        var demandHousehold = new List<int>();
        var covers = new int[candidates.Count][];
        for (var j = 0; j < covers.Length; j++)
        {
            var set = reached[j];
            var ds = new int[set.Length];
            for (var k = 0; k < set.Length; k++)
            {
                if (!demandOf.TryGetValue(set[k], out var d)) { d = demandHousehold.Count; demandOf[set[k]] = d; demandHousehold.Add(set[k]); }
                ds[k] = d;
            }
            covers[j] = ds;
        }
        var weights = demandHousehold.Select(i => householdWeights?[i] ?? 1L).ToArray();
        return new SitingProblem(b, candidates, new CoveringProblem(weights, covers), demandHousehold.ToArray());
    }

    /// <summary>The sites of <paramref name="answer"/> with what each newly covers, in its order.</summary>
    public IReadOnlyList<SuggestedSite> Sites(SitingAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var covered = new bool[_demandHousehold.Length];
        var units = _base.Households.Units;
        var sites = new List<SuggestedSite>(answer.Sites.Length);
        foreach (var j in answer.Sites)
        {
            long weight = 0, hh = 0, res = 0, foreign = 0;
            foreach (var d in Problem.Covers[j])
            {
                if (covered[d]) continue;
                covered[d] = true;
                var i = _demandHousehold[d];
                weight += Problem.Weights[d]; hh++; res += units.Residents[i]; foreign += units.Foreign[i];
            }
            sites.Add(new SuggestedSite(Candidates[j], weight, new HouseholdCount(hh, res, foreign)));
        }
        return sites;
    }

    /// <summary>The answer's sites as scenario edits (added facilities -1, -2, ... of <paramref name="capacity"/>), to evaluate all k built.</summary>
    public IReadOnlyList<ScenarioEdit> AsEdits(SitingAnswer answer, int? capacity = null)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.Sites.Select((j, s) => new ScenarioEdit(EditKind.Add, _base.Category, -(s + 1), Candidates[j].X, Candidates[j].Y, capacity)).ToList();
    }
}
