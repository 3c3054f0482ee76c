using System.Collections.Concurrent;
using System.Reflection;

namespace GridGIS.Server.Data;

/// <summary>
/// The SQL statements that sit beside each feature as <c>VerbNoun.sql</c> files, embedded in the
/// assembly and read once. <c>Sql.Get("Features/Layers/ListStreets.sql")</c>.
/// </summary>
internal static class Sql
{
    private static readonly ConcurrentDictionary<string, string> Cache = new();
    private static readonly Assembly Assembly = typeof(Sql).Assembly;

    public static string Get(string path) => Cache.GetOrAdd(path, static p =>
    {
        var name = "GridGIS.Server." + p.Replace('/', '.');
        using var stream = Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException(
                $"no embedded SQL file '{p}': expected server/GridGIS.Server/{p} (every .sql under the project is embedded as {name})");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>A COPY statement from its .sql file: Npgsql wants the text to begin with COPY, so the comment lines go.</summary>
    public static string Copy(string path) =>
        string.Join('\n', Get(path).Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal)));

    /// <summary>Every embedded resource under a folder, e.g. the migrations, in name order.</summary>
    public static IEnumerable<(string Name, string Text)> Folder(string folder)
    {
        var prefix = "GridGIS.Server." + folder.Replace('/', '.') + ".";
        foreach (var name in Assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = Assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (name[prefix.Length..], reader.ReadToEnd());
        }
    }
}
