using GridGIS.Core.Coverage;
using GridGIS.Core.Network;
using GridGIS.Core.Siting;

namespace GridGIS.Core.Tests.Siting;

/// <summary>
/// Suggested sites (maximal covering): the greedy answer equals the exhaustive optimum where greedy is optimal and stays
/// within 1 - 1/e where it is not; the exact solver's answer always equals the exhaustive optimum; on a city the
/// suggestion's sites, built as a scenario, newly cover exactly what the answer says.
/// </summary>
public sealed class SitingTests
{
    private static CoveringProblem Problem(long[] weights, params int[][] covers) => new(weights, covers);

    private static void CheckSites(CoveringProblem p, int k, SitingMethod method, int[] expectedSites, long expectedObjective)
    {
        var answer = method switch
        {
            SitingMethod.Greedy => GreedySiting.Solve(p, k),
            SitingMethod.Exact => ExactSiting.Solve(p, k, TimeSpan.FromSeconds(10)),
            _ => ExhaustiveSiting.Solve(p, k),
        };
        Assert.Equal(expectedObjective, answer.Objective);
        Assert.Equal(expectedSites.Order(), answer.Sites.Order());
        Assert.Equal(answer.Objective, answer.Gains.Sum());
    }

    [Fact]
    public void Greedy_EqualsTheOptimum_WhenTheSetsAreDisjoint()
    {
        var p = Problem([5, 1, 1, 3, 1, 2, 4], [0], [1, 2], [3, 4], [5, 6]);
        var best = ExhaustiveSiting.Solve(p, 2);
        Assert.Equal(11, best.Objective);
        CheckSites(p, 2, SitingMethod.Greedy, best.Sites, 11);
        CheckSites(p, 2, SitingMethod.Exact, best.Sites, 11);
    }

    [Fact]
    public void Greedy_EqualsTheOptimum_WhenTheSetsAreNested()
    {
        var p = Problem([1, 1, 1, 1, 1, 1], [0, 1, 2, 3, 4, 5], [0, 1, 2], [3], [4, 5]);
        CheckSites(p, 1, SitingMethod.Greedy, [0], 6);
        CheckSites(p, 1, SitingMethod.Exhaustive, [0], 6);
        var two = GreedySiting.Solve(p, 2);
        Assert.Equal([0], two.Sites);                        // a second site adds nothing: greedy stops
    }

    [Fact]
    public void Greedy_FallsShortButWithinItsBound_WhereGreedyIsNotOptimal()
    {
        // the classic trap: the largest set (0) overlaps both halves of the optimum (1, 2)
        var p = Problem([1, 1, 1, 1, 1, 1], [0, 1, 3, 4], [0, 1, 2], [3, 4, 5]);
        var greedy = GreedySiting.Solve(p, 2);
        var best = ExhaustiveSiting.Solve(p, 2);
        Assert.Equal(6, best.Objective);
        Assert.Equal(5, greedy.Objective);
        Assert.True(greedy.Bound >= best.Objective);
        Assert.Equal(6, ExactSiting.Solve(p, 2, TimeSpan.FromSeconds(10), greedy.Sites).Objective);
    }

    [Fact]
    public void Exact_EqualsTheExhaustiveOptimum_OnRandomSmallProblems()
    {
        var random = new Random(11);
        for (var t = 0; t < 40; t++)
        {
            var demands = 10 + random.Next(40);
            var weights = Enumerable.Range(0, demands).Select(_ => (long)random.Next(1, 9)).ToArray();
            var covers = Enumerable.Range(0, 6 + random.Next(8))
                .Select(_ => Enumerable.Range(0, demands).Where(_ => random.NextDouble() < 0.2).ToArray()).ToArray();
            var p = new CoveringProblem(weights, covers);
            var k = 1 + random.Next(Math.Min(4, covers.Length));
            var best = ExhaustiveSiting.Solve(p, k);
            var exact = ExactSiting.Solve(p, k, TimeSpan.FromSeconds(10));
            var greedy = GreedySiting.Solve(p, k);
            Assert.Equal(SitingStatus.Optimal, exact.Status);
            Assert.Equal(best.Objective, exact.Objective);
            Assert.Equal(best.Objective, p.Objective(exact.Sites));
            Assert.Equal(0, exact.Gap);
            Assert.InRange(greedy.Objective, Math.Ceiling(GreedySiting.Guarantee * best.Objective), best.Objective);
        }
    }

    [Fact]
    public void Exact_StopsAtOnce_WhenCancelled()
    {
        var random = new Random(3);
        var covers = Enumerable.Range(0, 300).Select(_ => Enumerable.Range(0, 3000).Where(_ => random.NextDouble() < 0.01).ToArray()).ToArray();
        var p = new CoveringProblem(Enumerable.Repeat(1L, 3000).ToArray(), covers);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => ExactSiting.Solve(p, 20, TimeSpan.FromMinutes(5), GreedySiting.Solve(p, 20).Sites, ct: cts.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData(ReachMode.Network)]
    [InlineData(ReachMode.Euclidean)]
    public void Suggestion_BuiltAsAScenario_NewlyCoversWhatTheAnswerSays(ReachMode mode)
    {
        var city = new SitingCity();
        var b = city.Base(mode);
        var candidates = DefaultCandidates.Of(b);
        Assert.NotEmpty(candidates);
        var problem = SitingProblem.Build(b, candidates);
        var greedy = GreedySiting.Solve(problem.Problem, 3);
        var exact = ExactSiting.Solve(problem.Problem, 3, TimeSpan.FromSeconds(20), greedy.Sites);
        Assert.True(exact.Objective >= greedy.Objective);
        foreach (var answer in new[] { greedy, exact })
        {
            var outcome = ScenarioEvaluator.Evaluate(b, problem.AsEdits(answer, 100));
            Assert.Equal(answer.Objective, outcome.NewlyCovered.Households);
            var sites = problem.Sites(answer);
            Assert.Equal(answer.Objective, sites.Sum(s => s.NewlyCovered.Households));
            Assert.Equal(answer.Gains, sites.Select(s => s.Weight));
        }
    }

    [Fact]
    public void Suggestion_WeightedByForeignResidents_CountsForeignResidents()
    {
        var city = new SitingCity();
        var b = city.Base(ReachMode.Network);
        var weights = city.Households.Households.Select(h => (long)h.ForeignResidents).ToArray();
        var problem = SitingProblem.Build(b, DefaultCandidates.Of(b), weights);
        var greedy = GreedySiting.Solve(problem.Problem, 2);
        var outcome = ScenarioEvaluator.Evaluate(b, problem.AsEdits(greedy));
        Assert.True(greedy.Objective > 0);
        Assert.Equal(greedy.Objective, outcome.NewlyCovered.ForeignResidents);
    }
}
