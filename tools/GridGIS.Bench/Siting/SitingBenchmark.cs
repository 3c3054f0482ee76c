using System.Diagnostics;
using System.Globalization;
using GridGIS.Core.Coverage;
using GridGIS.Core.Network;
using GridGIS.Core.Siting;
using GridGIS.Server;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Coverage;
using GridGIS.Server.Features.Network;
using Microsoft.Extensions.Configuration;

namespace GridGIS.Bench.Siting;

/// <summary>
/// <c>siting [--category CODE] [--repeat N] [--time-limit S]</c>: scenarios and suggested sites on the bench database,
/// with the product's own code, in this process. The run's inputs are loaded as a coverage run loads them
/// (<see cref="CoverageInputCache"/>); then, for one category: the base built (one search per facility); the baseline, a
/// full computation of the category with a facility really added (<see cref="CategoryRun.Compute"/>, what a coverage
/// run's part computes); one edit adding the same facility (<see cref="ScenarioEvaluator"/>), checked equal to the
/// baseline; the default candidates and their searches; k = 10 greedy; the exact MIP solver (SCIP) for k = 5 and 10.
/// Prints machine-readable lines <c>key=value ...</c> for scripts/bench.d/siting.sh.
/// </summary>
internal static class SitingBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection("Coverage").Get<CoverageOptions>() ?? new CoverageOptions();
        var category = Cli.Option(args, "--category") ?? "health_station";
        var repeat = int.Parse(Cli.Option(args, "--repeat") ?? "5", CultureInfo.InvariantCulture);
        var timeLimit = double.Parse(Cli.Option(args, "--time-limit") ?? "60", CultureInfo.InvariantCulture);
        var inv = CultureInfo.InvariantCulture;
        var cs = Database.ConnectionString();
        await using var db = Database.Create(cs);
        var city = GridGIS.Server.Features.City.CityProfiles.FromEnvironment(db);
        var cache = new CoverageInputCache(db, new WalkNetworkStore(db, city), TimeProvider.System, city);
        long runId;
        await using (var cmd = db.CreateCommand(Sql.Get("Features/Coverage/CreateRun.sql")))
        {
            cmd.Parameters.Add(new() { Value = "network" });
            cmd.Parameters.Add(new() { Value = "bench" });
            cmd.Parameters.Add(new() { Value = options.DetourFactor });
            cmd.Parameters.Add(new() { Value = true });                   // a no-op row: it only carries the parameters
            cmd.Parameters.Add(new() { Value = DateTimeOffset.UtcNow });
            cmd.Parameters.Add(new() { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Double });
            cmd.Parameters.Add(new() { Value = new[] { category }, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
            runId = (long)(await cmd.ExecuteScalarAsync())!;
        }
        string parameters;
        await using (var cmd = db.CreateCommand(Sql.Get("Features/Coverage/GetRunParameters.sql")))
        {
            cmd.Parameters.Add(new() { Value = runId });
            parameters = (string)(await cmd.ExecuteScalarAsync())!;
        }
        var clock = Stopwatch.StartNew();
        var inputs = await cache.GetAsync(runId, "network", parameters, CancellationToken.None);
        var loadS = clock.Elapsed.TotalSeconds;
        var c = RunParameters.Parse(parameters).Category(category);
        var speed = new WalkSpeed(c.SpeedKmh);
        var households = inputs.Base.Households;
        var network = inputs.Base.Network ?? throw new CliException("the bench database has no walking network");
        var facilities = inputs.Facilities.GetValueOrDefault(category) ?? throw new CliException($"no category {category}");
        var snapped = inputs.SnappedFacilities[category];

        clock.Restart();
        var b = CategoryBase.Build(SiteReach.OnNetwork(households, network, category, c.ThresholdSeconds, speed), facilities);
        var baseS = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(inv, $"line=setup run={runId} households={households.Households.Length} facilities={facilities.Length} threshold_s={c.ThresholdSeconds:0} load_s={loadS:0.000} base_s={baseS:0.000} pairs={b.Pairs} base_mb={b.ApproximateBytes / 1048576.0:0.0} covered={b.Coverage.Covered.Count(x => x)} gaps={b.Gaps.Count}"));

        // the sites: a point inside each of the largest gaps, in turn
        var points = b.Gaps.Take(repeat).Select(g => g.Polygon.InteriorPoint.Coordinate).ToList();
        if (points.Count == 0) throw new CliException($"category {category} has no gap");
        var parametersOf = new CategoryRunParameters(category, c.ThresholdSeconds, speed, ReachMode.Network, options.DetourFactor);
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var added = new CoverageFacility(-1, p.X, p.Y, 200);
            clock.Restart();
            var full = CategoryRun.Compute(households, network, [.. facilities, added], [.. snapped, network.Snapper.Snap(p.X, p.Y)], parametersOf);
            var fullS = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var outcome = ScenarioEvaluator.Evaluate(b, [new ScenarioEdit(EditKind.Add, category, -1, p.X, p.Y, 200)]);
            var editMs = clock.Elapsed.TotalMilliseconds;
            var district = outcome.Units.Single(u => u.Level == GridGIS.Core.Coverage.CoverageLevel.District);
            var fullDistrict = full.Coverage.Units.Single(u => u.Level == GridGIS.Core.Coverage.CoverageLevel.District);
            var equal = outcome.Units.Select(u => (u.Level, u.UnitId, u.HouseholdsCovered)).SequenceEqual(full.Coverage.Units.Select(u => (u.Level, u.UnitId, u.HouseholdsCovered)));
            Console.WriteLine(string.Create(inv, $"line=edit full_s={fullS:0.000} edit_ms={editMs:0.00} newly={outcome.NewlyCovered.Households} touched={outcome.HouseholdsTouched} equal={equal} covered={district.HouseholdsCovered} full_covered={fullDistrict.HouseholdsCovered}"));
        }

        clock.Restart();
        var candidates = DefaultCandidates.Of(b);
        var candidatesS = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var problem = SitingProblem.Build(b, candidates);
        var searchesS = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(inv, $"line=problem candidates={candidates.Count} demands={problem.Demands} candidates_s={candidatesS:0.000} searches_s={searchesS:0.000}"));
        var greedy10 = GreedySiting.Solve(problem.Problem, 10);
        Console.WriteLine(string.Create(inv, $"line=greedy k=10 greedy_s={greedy10.Elapsed.TotalSeconds:0.000} objective={greedy10.Objective} bound={greedy10.Bound:0}"));
        foreach (var k in new[] { 5, 10 })
        {
            var greedy = GreedySiting.Solve(problem.Problem, k);
            var exact = ExactSiting.Solve(problem.Problem, k, TimeSpan.FromSeconds(timeLimit), greedy.Sites, Math.Max(1, Environment.ProcessorCount));
            Console.WriteLine(string.Create(inv, $"line=exact k={k} exact_s={exact.Elapsed.TotalSeconds:0.000} status={exact.Status} objective={exact.Objective} bound={exact.Bound:0} gap={exact.Gap:0.0000} greedy={greedy.Objective} greedy_s={greedy.Elapsed.TotalSeconds:0.000} groups={ExactSiting.Groups(problem.Problem).Count}"));
        }
        await using (var cmd = db.CreateCommand(BenchSql.Get("Siting/DeleteBenchRun.sql")))
        {
            cmd.Parameters.Add(new() { Value = runId });
            await cmd.ExecuteNonQueryAsync();
        }
        return 0;
    }
}
