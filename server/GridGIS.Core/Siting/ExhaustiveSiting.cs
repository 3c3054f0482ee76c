using System.Diagnostics;

namespace GridGIS.Core.Siting;

/// <summary>
/// The exhaustive answer to a small <see cref="CoveringProblem"/>: every set of k candidates tried, the best kept (the
/// first in lexicographic order among equals). The reference the greedy and exact answers are checked against;
/// C(candidates, k) sets, so for small cases only.
/// </summary>
public static class ExhaustiveSiting
{
    /// <summary>Most sets tried before refusing (10 million).</summary>
    public const long MaxSets = 10_000_000;

    /// <exception cref="ArgumentOutOfRangeException">k outside 1..candidates, or more than <see cref="MaxSets"/> sets</exception>
    public static SitingAnswer Solve(CoveringProblem problem, int k)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var n = problem.Candidates;
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, n);
        double sets = 1;
        for (var i = 0; i < k; i++) sets = sets * (n - i) / (i + 1);
        if (sets > MaxSets) throw new ArgumentOutOfRangeException(nameof(k), k, $"C({n}, {k}) sets is more than {MaxSets}");
        var start = Stopwatch.GetTimestamp();
        var pick = Enumerable.Range(0, k).ToArray();
        int[] best = [.. pick];
        var bestValue = problem.Objective(pick);
        while (Next(pick, n))
        {
            var v = problem.Objective(pick);
            if (v > bestValue) { bestValue = v; best = [.. pick]; }
        }
        return new SitingAnswer(SitingMethod.Exhaustive, SitingStatus.Optimal, best, bestValue, problem.Gains(best), bestValue, Stopwatch.GetElapsedTime(start));
    }

    private static bool Next(int[] pick, int n)
    {
        var k = pick.Length;
        var i = k - 1;
        while (i >= 0 && pick[i] == n - k + i) i--;
        if (i < 0) return false;
        pick[i]++;
        for (var j = i + 1; j < k; j++) pick[j] = pick[j - 1] + 1;
        return true;
    }
}
