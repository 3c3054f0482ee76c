using GridGIS.Bench.Coverage;
using GridGIS.Bench.Network;
using GridGIS.Bench.Siting;
using GridGIS.Server;

namespace GridGIS.Bench;

/// <summary>
/// The benchmarks of scripts/bench.d: <c>coverage [--mode network|euclidean]</c>, <c>network [...]</c>, <c>siting [...]</c>.
/// GRIDGIS_DB_CS names the database. Not part of the product.
/// </summary>
internal static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            return args.FirstOrDefault() switch
            {
                "coverage" => await CoverageBenchmark.RunAsync(args[1..]),
                "network" => await NetworkBenchmark.RunAsync(args[1..]),
                "siting" => await SitingBenchmark.RunAsync(args[1..]),
                _ => Usage(),
            };
        }
        catch (CliException e)
        {
            Console.Error.WriteLine($"[gridgis-bench] {e.Message}");
            return 2;
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine($"usage: GridGIS.Bench coverage [--mode network|euclidean] | network: {NetworkBenchmark.Help} | siting [--category CODE] [--repeat N] [--time-limit S]");
        return 2;
    }
}
