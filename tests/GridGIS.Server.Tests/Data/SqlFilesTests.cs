using System.Text.RegularExpressions;
using GridGIS.Server.Data;

namespace GridGIS.Server.Tests.Data;

/// <summary>
/// The server's SQL lives in embedded <c>.sql</c> files loaded by <see cref="Sql"/>: every path the code
/// names must be embedded, and every file under the project must be embedded and named by some code.
/// Reads the server's sources (found from the test's output folder up to GridGIS.sln).
/// </summary>
public sealed partial class SqlFilesTests
{
    private static readonly string ServerDir = Path.Combine(RepositoryRoot(), "server", "GridGIS.Server");
    private static readonly HashSet<string> Embedded = [.. typeof(Sql).Assembly.GetManifestResourceNames()];

    [Fact]
    public void Get_ThrowsNamingTheFile_WhenNoFileIsEmbedded()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Sql.Get("Features/Nowhere/MissingQuery.sql"));
        Assert.Contains("Features/Nowhere/MissingQuery.sql", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryNamedSqlPath_IsAnEmbeddedFile()
    {
        var named = NamedPaths().ToList();
        Assert.NotEmpty(named);
        var missing = named.Where(n => !Embedded.Contains(ResourceName(n.Path))).Select(n => $"{n.Source}: \"{n.Path}\"").ToList();
        Assert.True(missing.Count == 0, "paths named in code with no embedded .sql file:\n" + string.Join('\n', missing));
        foreach (var (_, path) in named) Assert.False(string.IsNullOrWhiteSpace(Sql.Get(path)), $"{path} is empty");
    }

    [Fact]
    public void EverySqlFile_IsEmbeddedAndNamedByCode()
    {
        var files = Directory.EnumerateFiles(ServerDir, "*.sql", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(ServerDir, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);
        var notEmbedded = files.Where(f => !Embedded.Contains(ResourceName(f))).ToList();
        Assert.True(notEmbedded.Count == 0, "not embedded: " + string.Join(", ", notEmbedded));

        // The benchmarks (tools/GridGIS.Bench) run some of the product's own queries (a run's parameters, its parts).
        var named = NamedPaths().Select(n => n.Path)
            .Concat(Sources(Path.Combine(RepositoryRoot(), "tools")).SelectMany(f => SqlPathLiteral().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)))
            .ToHashSet(StringComparer.Ordinal);
        // Migrations are applied by folder (Sql.Folder). A few helpers take a bare name and add the folder
        // and ".sql" themselves (Sql.Get($"Features/Import/{name}.sql")): such a file counts as named when
        // its name is a string literal in a source file of its own folder.
        var unused = files.Where(f => !f.StartsWith("Data/Migrations/", StringComparison.Ordinal) && !named.Contains(f) && !NamedByStem(f)).ToList();
        Assert.True(unused.Count == 0, "no code names these .sql files: " + string.Join(", ", unused));
    }

    /// <summary>Every string literal in the server's C# sources that ends in ".sql" and is a whole path.</summary>
    private static IEnumerable<(string Source, string Path)> NamedPaths() =>
        Sources(ServerDir).SelectMany(f => SqlPathLiteral().Matches(File.ReadAllText(f))
            .Select(m => (Path.GetRelativePath(ServerDir, f), m.Groups[1].Value)));

    private static bool NamedByStem(string file)
    {
        var folder = Path.Combine(ServerDir, Path.GetDirectoryName(file)!);
        var literal = $"\"{Path.GetFileNameWithoutExtension(file)}\"";
        return Directory.EnumerateFiles(folder, "*.cs").Any(cs => File.ReadAllText(cs).Contains(literal, StringComparison.Ordinal));
    }

    private static string ResourceName(string path) => "GridGIS.Server." + path.Replace('/', '.');

    private static IEnumerable<string> Sources(string dir) =>
        Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GridGIS.sln"))) return dir.FullName;
        throw new InvalidOperationException($"GridGIS.sln not found above {AppContext.BaseDirectory}");
    }

    // "Features/Layers/ListStreets.sql": a literal with no interpolation hole.
    [GeneratedRegex("\"([A-Za-z0-9_/.-]+\\.sql)\"")]
    private static partial Regex SqlPathLiteral();
}
