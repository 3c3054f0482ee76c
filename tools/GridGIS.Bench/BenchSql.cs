using System.Reflection;

namespace GridGIS.Bench;

/// <summary>The benchmark's own SQL (baselines), embedded beside the code that runs it: <c>BenchSql.Get("Network/BufferReachedEdges.sql")</c>.</summary>
internal static class BenchSql
{
    public static string Get(string path)
    {
        var name = "GridGIS.Bench." + path.Replace('/', '.');
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded SQL '{path}' not found (resource {name})");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
