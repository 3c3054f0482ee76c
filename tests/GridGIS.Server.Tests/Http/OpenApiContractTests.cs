using System.Diagnostics;
using GridGIS.Server.Http;

namespace GridGIS.Server.Tests.Http;

/// <summary>
/// The viewer's API types cannot drift from the server: the OpenAPI document the server makes now must be
/// the committed <c>viewer/web/openapi.json</c>, and openapi-typescript run on it must give the committed
/// <c>viewer/web/src/api-types.ts</c> (which the viewer's <c>tsc --noEmit</c> then checks every use against).
/// Either differing means: run <c>scripts/api-types</c> and commit, then fix what the type check finds.
/// No database: the document is made by an application that is started without its background services.
/// </summary>
public sealed class OpenApiContractTests
{
    private const string Fix = "the server's API changed: run scripts/api-types, commit viewer/web/openapi.json and viewer/web/src/api-types.ts, "
                               + "and fix what `npm run build` (tsc --noEmit) then finds in the viewer";

    [Fact]
    public async Task CommittedDocument_IsTheServersDocument()
    {
        var now = await OpenApiExport.DocumentAsync();
        var committed = await File.ReadAllTextAsync(Path.Combine(Web, "openapi.json"));
        Assert.True(now == committed, $"{Fix}. First difference: {FirstDifference(committed, now)}");
    }

    [Fact]
    public async Task CommittedViewerTypes_AreGeneratedFromTheServersDocument()
    {
        var dir = Directory.CreateTempSubdirectory("gridgis-api-types-");
        try
        {
            var document = Path.Combine(dir.FullName, "openapi.json");
            var types = Path.Combine(dir.FullName, "api-types.ts");
            await File.WriteAllTextAsync(document, await OpenApiExport.DocumentAsync());
            var cli = Path.Combine(Web, "node_modules", "openapi-typescript", "bin", "cli.js");
            Assert.True(File.Exists(cli), $"openapi-typescript is not installed: run `npm ci` in {Web}");
            using var node = Process.Start(new ProcessStartInfo("node", [cli, document, "--output", types])
                { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Web })!;
            var stderr = node.StandardError.ReadToEndAsync();
            await node.StandardOutput.ReadToEndAsync();
            await node.WaitForExitAsync();
            Assert.True(node.ExitCode == 0, $"openapi-typescript failed: {await stderr}");
            var generated = await File.ReadAllTextAsync(types);
            var committed = await File.ReadAllTextAsync(Path.Combine(Web, "src", "api-types.ts"));
            Assert.True(generated == committed, $"{Fix}. First difference: {FirstDifference(committed, generated)}");
        }
        finally { dir.Delete(recursive: true); }
    }

    private static string Web => Path.Combine(Root, "viewer", "web");

    private static string Root
    {
        get
        {
            if (Environment.GetEnvironmentVariable("GRIDGIS_ROOT") is { Length: > 0 } root) return root;
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "GridGIS.sln"))) return d.FullName;
            throw new InvalidOperationException("GridGIS.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The first line where the two texts differ, both versions.</summary>
    private static string FirstDifference(string committed, string now)
    {
        var (a, b) = (committed.Split('\n'), now.Split('\n'));
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var (x, y) = (i < a.Length ? a[i] : "(end)", i < b.Length ? b[i] : "(end)");
            if (x != y) return $"line {i + 1}: committed '{x.Trim()}', now '{y.Trim()}'";
        }
        return "none";
    }
}
