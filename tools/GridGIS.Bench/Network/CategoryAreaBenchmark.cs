using System.Diagnostics;
using System.Globalization;
using GridGIS.Core.Geo;
using GridGIS.Core.Network;
using GridGIS.Server;
using GridGIS.Server.Data;
using Npgsql;

namespace GridGIS.Bench.Network;

/// <summary>
/// Part of <c>network</c>: a whole category's service area dissolved into nested 5/10/15-minute bands
/// (what <c>GET /api/service-areas?category=...&amp;bands=5,10,15</c> computes, before its cache), beside
/// PostGIS doing comparable work in the same run: <c>pgr_drivingDistance</c> from all the category's start
/// nodes (<c>equicost</c>) and <c>ST_Union(ST_Buffer(...))</c> of the whole edges reached within each band.
/// The baseline runs once under a statement timeout (the budget); when it times out the row says so and
/// the speed-up is a lower bound.
/// </summary>
internal static class CategoryAreaBenchmark
{
    private static readonly double[] BandMinutes = [5, 10, 15];

    /// <summary>Measures both sides and returns the Markdown table row.</summary>
    public static async Task<string> RowAsync(NpgsqlDataSource db, CityProfile city, WalkNetwork net, SnappedPoint[] snapped, long[] rootIds,
        string edgesSql, WalkSpeed speed, int runs, TimeSpan budget)
    {
        var limits = BandMinutes.Select(m => speed.Metres(m * 60)).ToArray();
        var search = new BoundedSearch(net);
        var builder = new ServiceArea(net, ServiceArea.DefaultBufferMetres, city.Projection);
        NetTopologySuite.Geometries.Geometry[] bands = [];
        var engine = await BenchmarkStats.Measure(Math.Min(runs, 5), budget, () =>
        {
            search.Run(snapped, limits[^1]);
            bands = builder.Bands(search, limits);
        });
        var areas = bands.Select(g => city.Projection.Forward(g).Area / 1e6).ToArray();
        Cli.Log($"category service area (5/10/15 min bands): engine {engine.Describe()}");

        string baseline;
        var sw = Stopwatch.StartNew();
        try
        {
            await using var cmd = db.CreateCommand(BenchSql.Get("Network/BufferReachedEdges.sql"));
            cmd.CommandTimeout = (int)Math.Ceiling(budget.TotalSeconds);
            cmd.Parameters.Add(new NpgsqlParameter { Value = edgesSql });
            cmd.Parameters.Add(new NpgsqlParameter { Value = rootIds });
            cmd.Parameters.Add(new NpgsqlParameter { Value = BandMinutes.Select(m => m * 60).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = ServiceArea.DefaultBufferMetres });
            cmd.Parameters.Add(new NpgsqlParameter { Value = city.MetricEpsg });
            var pgAreas = new List<double>();
            await using (var r = await cmd.ExecuteReaderAsync())
                while (await r.ReadAsync()) pgAreas.Add(r.GetDouble(0) / 1e6);
            var ms = sw.Elapsed.TotalMilliseconds;
            baseline = Row($"{BenchmarkStats.Format(ms)} ms (n=1; {Km2(pgAreas)})", $"{ms / engine.Median:F1}x");
        }
        catch (Exception e) when (e is NpgsqlException { InnerException: TimeoutException } or PostgresException { SqlState: "57014" })
        {
            var ms = sw.Elapsed.TotalMilliseconds;
            baseline = Row($"timed out after {BenchmarkStats.Format(ms / 1000)} s (the budget)", $"> {ms / engine.Median:F1}x");
        }
        Cli.Log($"category service area: PostGIS {baseline}");
        return string.Create(CultureInfo.InvariantCulture,
            $"| Whole category's service area, dissolved, nested 5/10/15-minute bands ({snapped.Length} facilities, partial edges, 50 m buffer; {Km2(areas)}) | {engine.Describe()} | `pgr_drivingDistance` all starts (`equicost`) + `ST_Union(ST_Buffer(...))` of whole reached edges per band, once, under a {budget.TotalSeconds:F0} s timeout | {baseline}");

        string Row(string time, string ratio) => $"{time} | {ratio} |";
    }

    private static string Km2(IEnumerable<double> areas) =>
        string.Join(" / ", areas.Select(a => a.ToString("F1", CultureInfo.InvariantCulture))) + " km²";
}
