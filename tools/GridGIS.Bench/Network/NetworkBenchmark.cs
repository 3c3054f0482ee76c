using System.Globalization;
using System.Text;
using GridGIS.Core.Geo;
using GridGIS.Core.Network;
using GridGIS.Server;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Network;
using GridGIS.Server.Features.ServiceAreas;
using Npgsql;

namespace GridGIS.Bench.Network;

/// <summary>
/// <c>network [--category CODE] [--runs N] [--budget S] [--pgr-sample K] [--knn-sample M] [--area-sample A]</c>:
/// the engine beside pgRouting / PostGIS on the loaded network and households, same database, same run
/// (nearest-facility passes, snapping, per-facility service areas, a whole category's dissolved bands).
/// Prints a Markdown section (docs/benchmarks.md) on stdout; progress on stderr. Every loop is bounded
/// in count (--runs, samples) and time (--budget seconds per measurement). Not a test.
/// </summary>
internal static class NetworkBenchmark
{
    public const string Help = "benchmark the walking-network engine against pgRouting/PostGIS: [--category CODE] [--runs N] [--budget S] [--pgr-sample K] [--knn-sample M] [--area-sample A]";
    private static readonly WalkSpeed Speed = WalkSpeed.Default;

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = (int)Cli.DoubleOption(args, "--runs", 15);
        var budget = TimeSpan.FromSeconds(Cli.DoubleOption(args, "--budget", 60));
        var pgrSample = (int)Cli.DoubleOption(args, "--pgr-sample", 8);
        var knnSample = (int)Cli.DoubleOption(args, "--knn-sample", 100_000);
        var areaSample = (int)Cli.DoubleOption(args, "--area-sample", 5);
        if (runs is < 1 or > 50 || pgrSample is < 1 or > 100 || knnSample is < 1000 or > 2_000_000 || areaSample is < 1 or > 50 || budget.TotalSeconds is < 1 or > 900)
            throw new CliException("--runs 1..50, --budget 1..900 s, --pgr-sample 1..100, --knn-sample 1000..2000000, --area-sample 1..50");
        await using var db = Database.Create(Database.ConnectionString());
        var md = new StringBuilder();
        var city = GridGIS.Server.Features.City.CityProfiles.FromEnvironment(db);

        var loadStats = await BenchmarkStats.MeasureAsync(1, budget, async () => await WalkNetworkStore.LoadAsync(db, city.Projection));
        var loaded = await WalkNetworkStore.LoadAsync(db, city.Projection);
        var net = loaded.Network;
        if (net.EdgeCount == 0) throw new CliException("the database has no walking network: load the demo (scripts/run --full) or import-osm first");
        var category = Cli.Option(args, "--category") ?? await ScalarAsync<string>(db, BenchSql.Get("Network/FindLargestCategory.sql"))
                       ?? throw new CliException("no facilities in the database");
        var facilities = await ReachQueries.FacilitiesAsync(db, null, category, default);
        if (facilities.Count == 0) throw new CliException($"no facilities of category '{category}'");
        var snapped = facilities.Select(f => loaded.Snap(f.Lon, f.Lat)).Where(p => !p.IsOffNetwork).ToArray();
        // pgRouting starts from nodes: each facility's nearer edge end; the engine does the same work from the same nodes
        var rootNodes = snapped.Select(p => p.Fraction < 0.5 ? net.EdgeSource(p.Edge) : net.EdgeTarget(p.Edge)).Distinct().ToArray();
        var rootIds = rootNodes.Select(n => loaded.NodeIds[n]).ToArray();
        var roots = rootNodes.Select(n => SnappedPoint.AtNode(net, n)).ToArray();
        Cli.Log($"network {net.NodeCount} nodes, {net.EdgeCount} edges; category {category}: {facilities.Count} facilities, {roots.Length} distinct start nodes");

        // 1. nearest-facility time for every node, one category
        for (var w = 0; w < 3; w++) { NearestFacilityTimes.Compute(net, roots); NearestFacilityTimes.Compute(net, snapped); }   // warm-up (JIT)
        var engine = await BenchmarkStats.Measure(runs, budget, () => NearestFacilityTimes.Compute(net, roots));
        var enginePoints = await BenchmarkStats.Measure(runs, budget, () => NearestFacilityTimes.Compute(net, snapped));
        var once = NearestFacilityTimes.Compute(net, roots);
        var reachedEngine = Enumerable.Range(0, net.NodeCount).Count(n => double.IsFinite(once.NodeMetres(n)));
        Cli.Log($"engine multi-source: {engine.Describe()}");
        var edgesSql = EdgesSql();
        long reachedPgr = 0;
        var equicost = await BenchmarkStats.MeasureAsync(Math.Min(runs, 3), budget, async () =>
            reachedPgr = await ScalarAsync<long>(db, BenchSql.Get("Network/CountReachedFromAll.sql"), edgesSql, rootIds));
        Cli.Log($"pgr_drivingDistance equicost: {equicost.Describe()}");
        var sample = rootIds.Take(pgrSample).ToArray();
        var perFacility = new BenchmarkStats();
        var i = 0;
        perFacility = await BenchmarkStats.MeasureAsync(sample.Length, budget, async () =>
            await ScalarAsync<long>(db, BenchSql.Get("Network/CountReachedFromOne.sql"), edgesSql, sample[i++ % sample.Length]));
        var perFacilityTotal = perFacility.Median * rootIds.Length;
        Cli.Log($"pgr_drivingDistance per facility: {perFacility.Describe()} each");

        // 2. snapping every household
        var (hx, hy) = await HouseholdsAsync(db, city.Projection);
        var snapper = loaded.Snapper;
        snapper.SnapAll(hx.Take(1000).ToArray(), hy.Take(1000).ToArray());
        var snapStats = await BenchmarkStats.Measure(Math.Min(runs, 5), budget, () => snapper.SnapAll(hx, hy));
        var snapSingle = await BenchmarkStats.Measure(Math.Min(runs, 3), budget, () => { for (var k = 0; k < hx.Length; k++) snapper.Snap(hx[k], hy[k]); });
        var offNetwork = snapper.SnapAll(hx, hy).Count(p => p.IsOffNetwork);
        var knnRows = Math.Min(knnSample, hx.Length);
        var knn = await BenchmarkStats.MeasureAsync(1, budget, async () => await ScalarAsync<long>(db,
            BenchSql.Get("Network/CountNearestEdges.sql"), knnRows));
        var knnAll = knn.Median * hx.Length / knnRows;
        Cli.Log($"snap all {hx.Length}: engine {snapStats.Describe()}, PostGIS <-> {knn.Describe()} for {knnRows}");

        // 3. all service-area polygons of the category (threshold of the category)
        var limit = facilities[0].Threshold.Metres;
        // one thread, facilities in order until all are done or the budget is spent; the rest extrapolated
        var nextArea = 0;
        var areaSearch = new BoundedSearch(net);
        var areaBuilder = new ServiceArea(net, ServiceArea.DefaultBufferMetres, city.Projection);
        var areaEngine = await BenchmarkStats.Measure(snapped.Length, budget, () =>
        {
            areaSearch.Run(snapped[nextArea++], limit);
            areaBuilder.Build(areaSearch);
        });
        var areaEngineAll = areaEngine.Milliseconds.Average() * snapped.Length;
        var areaSampleIds = rootIds.Take(areaSample).ToArray();
        var j = 0;
        var areaPg = await BenchmarkStats.MeasureAsync(areaSampleIds.Length, budget, async () => await ScalarAsync<double>(db, BenchSql.Get("Network/MeasureServiceArea.sql"),
            edgesSql, areaSampleIds[j++ % areaSampleIds.Length], Speed.Seconds(limit), city.MetricEpsg));
        var areaPgAll = areaPg.Median * snapped.Length;
        Cli.Log($"service areas: engine {areaEngine.Describe()} each ({areaEngine.Count} of {snapped.Length}); PostGIS+pgRouting {areaPg.Describe()} each");

        // 4. the whole category dissolved, 5/10/15-minute bands
        var categoryRow = await CategoryAreaBenchmark.RowAsync(db, city, net, snapped, rootIds, edgesSql, Speed, runs, budget);

        var inv = CultureInfo.InvariantCulture;
        md.AppendLine("## Walking-network engine (scripts/bench.d/network.sh)").AppendLine();
        md.AppendLine(string.Create(inv, $"Machine: {Environment.ProcessorCount} cores ({Cpu()}), shared with other work while measured; .NET {Environment.Version}; PostgreSQL with pgRouting in the same database."));
        var data = await ScalarAsync<string>(db, BenchSql.Get("Network/DescribeDemoData.sql"));
        md.AppendLine(string.Create(inv, $"Data: {data}; network {net.NodeCount:N0} nodes, {net.EdgeCount:N0} edges (load from the database {loadStats.Describe(0.001, "s")}); {hx.Length:N0} households ({offNetwork:N0} off network, > 300 m); category `{category}`: {facilities.Count} facilities, {roots.Length} start nodes; walking speed 4 km/h."));
        md.AppendLine("Times are median (min-max, n = runs) wall clock, warm (after untimed warm-up runs).").AppendLine();
        md.AppendLine("| Work | Engine | Baseline (same run) | Baseline time | Speed-up |");
        md.AppendLine("|---|---|---|---|---|");
        md.AppendLine(string.Create(inv, $"| Nearest-facility time, every node, one category (multi-source, from nodes; {reachedEngine:N0} nodes reached, pgRouting {reachedPgr:N0}) | {engine.Describe()} | `pgr_drivingDistance` all starts, `equicost` | {equicost.Describe()} | {equicost.Median / engine.Median:F0}x |"));
        md.AppendLine(string.Create(inv, $"| same, one call per facility | {engine.Describe()} | `pgr_drivingDistance` per facility: {perFacility.Count} of {rootIds.Length} timed ({perFacility.Describe()} each), x {rootIds.Length} extrapolated | {BenchmarkStats.Format(perFacilityTotal / 1000)} s | {perFacilityTotal / engine.Median:F0}x |"));
        md.AppendLine(string.Create(inv, $"| same, from the facilities' snapped points on edges | {enginePoints.Describe()} | - | - | - |"));
        md.AppendLine(string.Create(inv, $"| Snap every household to the nearest edge ({hx.Length:N0}) | {snapStats.Describe()} parallel; {snapSingle.Describe()} one thread | PostGIS `<->` KNN per household: {knnRows:N0} timed ({knn.Describe(0.001, "s")}), extrapolated to all | {BenchmarkStats.Format(knnAll / 1000)} s | {knnAll / snapStats.Median:F0}x ({knnAll / snapSingle.Median:F0}x one thread) |"));
        md.AppendLine(string.Create(inv, $"| All service-area polygons of the category ({snapped.Length}, {limit:F0} m, partial edges, 50 m buffer) | {BenchmarkStats.Format(areaEngineAll / 1000)} s ({areaEngine.Count} of {snapped.Length} timed, {areaEngine.Describe()} each, one thread{(areaEngine.Count < snapped.Length ? ", extrapolated" : "")}) | `pgr_drivingDistance` + `ST_Union(ST_Buffer(...))` of whole reached edges: {areaPg.Count} timed ({areaPg.Describe()} each), extrapolated | {BenchmarkStats.Format(areaPgAll / 1000)} s | {areaPgAll / areaEngineAll:F1}x |"));
        md.AppendLine(categoryRow);
        md.AppendLine();
        Console.Write(md.ToString());
        return 0;
    }

    /// <summary>The pgRouting edge query: its costs are seconds at 4 km/h, the benchmark's <see cref="Speed"/>.</summary>
    private static string EdgesSql()
    {
        if (Speed.KilometresPerHour != 4) throw new InvalidOperationException($"SelectRoutingEdges.sql costs edges at 4 km/h, the benchmark walks at {Speed.KilometresPerHour} km/h");
        return BenchSql.Get("Network/SelectRoutingEdges.sql");
    }

    private static async Task<T?> ScalarAsync<T>(NpgsqlDataSource db, string sql, params object[] args)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.CommandTimeout = 900;
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        var v = await cmd.ExecuteScalarAsync();
        return v is null or DBNull ? default : (T)Convert.ChangeType(v, typeof(T), CultureInfo.InvariantCulture);
    }

    private static async Task<(double[] X, double[] Y)> HouseholdsAsync(NpgsqlDataSource db, LocalProjection projection)
    {
        var xs = new List<double>(); var ys = new List<double>();
        await using var cmd = db.CreateCommand(BenchSql.Get("Network/ListHouseholdPoints.sql"));
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            var (x, y) = projection.Forward(r.GetDouble(0), r.GetDouble(1));
            xs.Add(x); ys.Add(y);
        }
        return (xs.ToArray(), ys.ToArray());
    }

    private static string Cpu()
    {
        try { return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "unknown CPU"; }
        catch (IOException) { return "unknown CPU"; }
    }
}
