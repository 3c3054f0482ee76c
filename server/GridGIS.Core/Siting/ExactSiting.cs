using System.Diagnostics;
using Google.OrTools.Sat;

namespace GridGIS.Core.Siting;

/// <summary>
/// The exact answer to a <see cref="CoveringProblem"/> by integer programming with OR-Tools' CP-SAT solver: a 0/1
/// variable per candidate (open) and per demand group (covered), a group covered only when one of its candidates is
/// open, at most k open, the covered weight maximised. Demands covered by the same candidates are merged into one
/// group first (their weights summed), which shrinks a city's problem from households to a few thousand groups.
/// The solver starts from a hint (the greedy answer) and stops at the time limit or when cancelled; it then reports
/// its best answer, <see cref="SitingStatus.Optimal"/> when proven, and its proven upper bound (so the gap).
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
        var model = new CpModel();
        var open = new BoolVar[problem.Candidates];
        for (var j = 0; j < open.Length; j++) open[j] = model.NewBoolVar($"open{j}");
        var covered = new BoolVar[groups.Count];
        for (var g = 0; g < groups.Count; g++)
        {
            covered[g] = model.NewBoolVar($"covered{g}");
            model.Add(LinearExpr.Sum(groups[g].Candidates.Select(j => open[j])) >= covered[g]);
        }
        model.Add(LinearExpr.Sum(open) <= k);
        model.Maximize(LinearExpr.WeightedSum(covered, groups.Select(g => g.Weight)));
        if (hint is not null)
        {
            var chosen = hint.ToHashSet();
            for (var j = 0; j < open.Length; j++) model.AddHint(open[j], chosen.Contains(j));
        }
        var solver = new CpSolver
        {
            StringParameters = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"max_time_in_seconds:{timeLimit.TotalSeconds} num_workers:{workers} random_seed:1"),
        };
        CpSolverStatus status;
        ct.ThrowIfCancellationRequested();
        using (ct.Register(solver.StopSearch)) status = solver.Solve(model);
        ct.ThrowIfCancellationRequested();                   // the client left: its answer is nobody's
        var found = status is CpSolverStatus.Optimal or CpSolverStatus.Feasible;
        var sites = found ? Enumerable.Range(0, open.Length).Where(j => solver.BooleanValue(open[j])).ToArray() : [];
        sites = InGainOrder(problem, sites);
        var gains = problem.Gains(sites);
        var objective = gains.Sum();
        var bound = found || status == CpSolverStatus.Unknown ? Math.Max(objective, solver.BestObjectiveBound) : objective;
        if (!found) bound = Math.Max(bound, problem.Weights.Sum());
        return new SitingAnswer(SitingMethod.Exact, status == CpSolverStatus.Optimal ? SitingStatus.Optimal : found ? SitingStatus.Feasible : SitingStatus.Unknown,
            sites, objective, gains, status == CpSolverStatus.Optimal ? objective : bound, Stopwatch.GetElapsedTime(start));
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
