using System.Diagnostics;

namespace GridGIS.Core.Siting;

/// <summary>
/// The greedy answer to a <see cref="CoveringProblem"/>: k times, the candidate whose newly covered weight is largest
/// (ties to the lower index), with lazy evaluation (Minoux 1978): a candidate's gain only falls as sites are opened
/// (coverage is submodular), so gains kept in a max-heap are upper bounds, and only the top one is recomputed until it
/// stays on top. Within 1 - 1/e (about 63%) of the optimum (Nemhauser, Wolsey and Fisher 1978); its
/// <see cref="SitingAnswer.Bound"/> is objective / (1 - 1/e). Stops early when no candidate adds anything.
/// </summary>
public static class GreedySiting
{
    /// <summary>1 - 1/e: the share of the optimum a greedy answer is guaranteed.</summary>
    public static readonly double Guarantee = 1 - 1 / Math.E;

    /// <param name="problem">the problem</param>
    /// <param name="k">sites to open, 1..candidates (fewer come back when the rest would cover nothing)</param>
    /// <param name="ct">checked between picks</param>
    public static SitingAnswer Solve(CoveringProblem problem, int k, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var start = Stopwatch.GetTimestamp();
        var covered = new bool[problem.Weights.Length];
        // max-heap on (gain, -index): PriorityQueue is a min-heap, so the priority is negated
        var heap = new PriorityQueue<int, (long NegGain, int Index)>(problem.Candidates);
        for (var j = 0; j < problem.Candidates; j++)
        {
            var g = Gain(problem, j, covered);
            if (g > 0) heap.Enqueue(j, (-g, j));
        }
        var sites = new List<int>();
        var gains = new List<long>();
        while (sites.Count < k && heap.TryDequeue(out var j, out _))
        {
            ct.ThrowIfCancellationRequested();
            var g = Gain(problem, j, covered);
            if (g <= 0) continue;
            if (heap.TryPeek(out _, out var next) && (-next.NegGain > g || (-next.NegGain == g && next.Index < j)))
            {
                heap.Enqueue(j, (-g, j));                    // no longer on top: back with its true gain
                continue;
            }
            sites.Add(j);
            gains.Add(g);
            foreach (var d in problem.Covers[j]) covered[d] = true;
        }
        var objective = gains.Sum();
        return new SitingAnswer(SitingMethod.Greedy, SitingStatus.Feasible, sites.ToArray(), objective, gains.ToArray(),
            objective / Guarantee, Stopwatch.GetElapsedTime(start));
    }

    private static long Gain(CoveringProblem problem, int j, bool[] covered)
    {
        long g = 0;
        var weights = problem.Weights;
        foreach (var d in problem.Covers[j]) if (!covered[d]) g += weights[d];
        return g;
    }
}
