using System.Diagnostics;
using Google.OrTools.LinearSolver;

namespace GridGIS.Core.Siting;

/// <summary>
/// The exact answer to a <see cref="CoveringProblem"/> by mixed-integer programming with OR-Tools' MIP interface and the
/// SCIP solver it bundles: a 0/1 variable per candidate (open) and per demand group (covered), a group covered only when
/// one of its candidates is open, at most k open, the covered weight maximised. Demands covered by the same candidates
/// are merged into one group first (their weights summed), which shrinks a city's problem from households to a few
/// thousand groups. The linear relaxation gives a proven bound from the start (CP-SAT, tried first, left its bound at
/// the total demand within a minute on the city's problem: docs/benchmarks.md). The solver starts from a hint (the
/// greedy answer) and stops at the time limit or when cancelled; it then reports its best answer,
/// <see cref="SitingStatus.Optimal"/> when proven, and its proven upper bound (so the gap).
/// </summary>
public static class ExactSiting
{
    /// <param name="problem">the problem</param>
    /// <param name="k">sites to open, &gt;= 1</param>
    /// <param name="timeLimit">longest the solver may search (0.1 s .. 10 min)</param>
    /// <param name="hint">sites to start from (e.g. <see cref="GreedySiting"/>'s), or null</param>
    /// <param name="workers">solver threads, 1..16</param>
    /// <param name="ct">stops the search at once</param>
    /// <exception cref="OperationCanceledException">when <paramref name="ct"/> is cancelled</exception>
    public static SitingAnswer Solve(CoveringProblem problem, int k, TimeSpan timeLimit, IReadOnlyCollection<int>? hint = null, int workers = 1,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (timeLimit < TimeSpan.FromSeconds(0.1) || timeLimit > TimeSpan.FromMinutes(10))
            throw new ArgumentOutOfRangeException(nameof(timeLimit), timeLimit, "time limit must be 0.1 s .. 10 min");
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(workers, 16);
        var start = Stopwatch.GetTimestamp();
        var groups = Groups(problem);
        using var solver = Solver.CreateSolver("SCIP") ?? throw new InvalidOperationException("OR-Tools' SCIP solver is not available");
        var open = new Variable[problem.Candidates];
        for (var j = 0; j < open.Length; j++) open[j] = solver.MakeBoolVar($"open{j}");
        var covered = new Variable[groups.Count];
        var objective = solver.Objective();
        for (var g = 0; g < groups.Count; g++)
        {
            covered[g] = solver.MakeBoolVar($"covered{g}");
            var c = solver.MakeConstraint(0, double.PositiveInfinity);          // sum of its candidates' open - covered >= 0
            foreach (var j in groups[g].Candidates) c.SetCoefficient(open[j], 1);
            c.SetCoefficient(covered[g], -1);
            objective.SetCoefficient(covered[g], groups[g].Weight);
        }
        var most = solver.MakeConstraint(0, k);
        foreach (var x in open) most.SetCoefficient(x, 1);
        objective.SetMaximization();
        if (hint is not null)
        {
            var chosen = hint.ToHashSet();
            solver.SetHint([.. open, .. covered],
                [.. open.Select((_, j) => chosen.Contains(j) ? 1.0 : 0.0), .. groups.Select(g => g.Candidates.Any(chosen.Contains) ? 1.0 : 0.0)]);
        }
        solver.SetTimeLimit((long)timeLimit.TotalMilliseconds);
        solver.SetNumThreads(workers);
        Solver.ResultStatus status;
        ct.ThrowIfCancellationRequested();
        using (ct.Register(() => solver.InterruptSolve())) status = solver.Solve();
        ct.ThrowIfCancellationRequested();                   // the client left: its answer is nobody's
        var found = status is Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE;
        var sites = found ? Enumerable.Range(0, open.Length).Where(j => open[j].SolutionValue() > 0.5).ToArray() : [];
        sites = InGainOrder(problem, sites);
        var gains = problem.Gains(sites);
        var value = gains.Sum();
        var optimal = status == Solver.ResultStatus.OPTIMAL;
        // a bound from the solver when it has one; without an answer, the total weight is the only sure bound
        var bound = optimal ? value : found ? Math.Max(value, objective.BestBound()) : groups.Sum(g => (double)g.Weight);
        return new SitingAnswer(SitingMethod.Exact, optimal ? SitingStatus.Optimal : found ? SitingStatus.Feasible : SitingStatus.Unknown,
            sites, value, gains, bound, Stopwatch.GetElapsedTime(start));
    }

    /// <summary>The demands merged by the candidates that cover them; demands of weight 0 or covered by none left out.</summary>
    internal static List<(int[] Candidates, long Weight)> Groups(CoveringProblem problem)
    {
        var by = new List<int>[problem.Weights.Length];
        for (var j = 0; j < problem.Candidates; j++)
            foreach (var d in problem.Covers[j]) (by[d] ??= []).Add(j);
        var groups = new Dictionary<string, int>();
        var list = new List<(int[] Candidates, long Weight)>();
        for (var d = 0; d < by.Length; d++)
        {
            if (by[d] is not { } js || problem.Weights[d] == 0) continue;
            var key = string.Join(',', js);                  // candidates come in ascending order: one key per set
            if (groups.TryGetValue(key, out var g)) list[g] = (list[g].Candidates, list[g].Weight + problem.Weights[d]);
            else { groups[key] = list.Count; list.Add((js.ToArray(), problem.Weights[d])); }
        }
        return list;
    }

    /// <summary>The sites ordered as a greedy pick among them would take them: largest marginal gain first (ties: lower index).</summary>
    internal static int[] InGainOrder(CoveringProblem problem, IReadOnlyList<int> sites)
    {
        var left = sites.ToList();
        var order = new List<int>(left.Count);
        var covered = new bool[problem.Weights.Length];
        while (left.Count > 0)
        {
            var best = -1; long bestGain = -1;
            foreach (var j in left)
            {
                long g = 0;
                foreach (var d in problem.Covers[j]) if (!covered[d]) g += problem.Weights[d];
                if (g > bestGain || (g == bestGain && j < best)) { best = j; bestGain = g; }
            }
            order.Add(best);
            left.Remove(best);
            foreach (var d in problem.Covers[best]) covered[d] = true;
        }
        return order.ToArray();
    }
}
