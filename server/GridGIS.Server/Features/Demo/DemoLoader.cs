using Npgsql;

namespace GridGIS.Server.Features.Demo;

/// <summary>Generates the Chaoyang demo (GridGIS.Core.Demo) and loads it with binary COPY.</summary>
internal static class DemoLoader
{
    public static Task LoadAsync(NpgsqlDataSource db, double scale, int seed, bool force, Action<string> log)
    {
        log($"demo generator not built yet (scale {scale}, seed {seed}); nothing loaded");
        return Task.CompletedTask;
    }
}
