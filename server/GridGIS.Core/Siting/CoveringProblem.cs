namespace GridGIS.Core.Siting;

/// <summary>
/// A maximal covering location problem (MCLP, Church and ReVelle 1974): demands with integer weights (households not
/// yet covered, weighted by 1, by foreign residents, or by residents of a language group), candidate sites each
/// covering a set of demands, and k sites to open so that the weight covered is greatest. Demands covered by no
/// candidate are left out by whoever builds the problem; a candidate may cover nothing.
/// </summary>
public sealed class CoveringProblem
{
    /// <param name="weights">per demand, its weight (&gt;= 0)</param>
    /// <param name="covers">per candidate, the demands it covers (indices into <paramref name="weights"/>, each once)</param>
    /// <exception cref="ArgumentException">a negative weight, or a demand index out of range or repeated in a candidate</exception>
    public CoveringProblem(long[] weights, IReadOnlyList<int[]> covers)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(covers);
        if (weights.Any(w => w < 0)) throw new ArgumentException("weights must be >= 0", nameof(weights));
        var seen = new int[weights.Length];
        for (var j = 0; j < covers.Count; j++)
            foreach (var d in covers[j])
            {
                if ((uint)d >= (uint)weights.Length) throw new ArgumentException($"candidate {j} covers demand {d}, out of 0..{weights.Length - 1}", nameof(covers));
                if (seen[d] == j + 1) throw new ArgumentException($"candidate {j} lists demand {d} twice", nameof(covers));
                seen[d] = j + 1;
            }
        Weights = weights;
        Covers = covers;
    }

    public long[] Weights { get; }
    public IReadOnlyList<int[]> Covers { get; }
    public int Candidates => Covers.Count;

    /// <summary>The weight that <paramref name="sites"/> (candidate indices) cover together.</summary>
    public long Objective(IEnumerable<int> sites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        var covered = new bool[Weights.Length];
        long total = 0;
        foreach (var j in sites)
            foreach (var d in Covers[j])
                if (!covered[d]) { covered[d] = true; total += Weights[d]; }
        return total;
    }

    /// <summary>Per site, in the order given, the weight it covers that the sites before it do not (its marginal gain).</summary>
    public long[] Gains(IReadOnlyList<int> sites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        var covered = new bool[Weights.Length];
        var gains = new long[sites.Count];
        for (var s = 0; s < sites.Count; s++)
            foreach (var d in Covers[sites[s]])
                if (!covered[d]) { covered[d] = true; gains[s] += Weights[d]; }
        return gains;
    }
}

/// <summary>How a siting answer was found.</summary>
public enum SitingMethod { Greedy, Exact, Exhaustive }

/// <summary>Whether an answer is proven best.</summary>
public enum SitingStatus
{
    /// <summary>Proven optimal (exact or exhaustive).</summary>
    Optimal,
    /// <summary>A feasible answer; <see cref="SitingAnswer.Bound"/> says how far from the best it can be.</summary>
    Feasible,
    /// <summary>The solver found no answer within its time limit (or was cancelled first).</summary>
    Unknown,
}

/// <summary>
/// An answer to a <see cref="CoveringProblem"/>: the sites (candidate indices, in the order chosen), the weight they
/// cover, each site's marginal gain in that order, and an upper bound on the best possible weight (greedy: the
/// objective / (1 - 1/e); exact: the solver's proven bound), so that the gap (bound - objective) / bound says how far
/// from the optimum the answer can be (0 when proven optimal).
/// </summary>
public sealed record SitingAnswer(SitingMethod Method, SitingStatus Status, int[] Sites, long Objective, long[] Gains, double Bound, TimeSpan Elapsed)
{
    /// <summary>(bound - objective) / bound, 0..1; 0 for an empty problem.</summary>
    public double Gap => Bound <= 0 ? 0 : Math.Max(0, (Bound - Objective) / Bound);
}
