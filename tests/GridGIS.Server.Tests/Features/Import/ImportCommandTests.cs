using System.Diagnostics;
using GridGIS.Server.Tests.Infrastructure;
using static GridGIS.Server.Tests.Features.Import.ImportTestFiles;

namespace GridGIS.Server.Tests.Features.Import;

/// <summary>The <c>import</c> command, run as its own process on the fixture's database.</summary>
[Collection(PostgisCollection.Name)]
public sealed class ImportCommandTests(PostgisFixture fx)
{
    private async Task<(int Code, string Stderr)> RunAsync(params string[] args)
    {
        var server = Path.Combine(AppContext.BaseDirectory, "GridGIS.Server.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(server);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["GRIDGIS_DB_CS"] = fx.ConnectionString;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        await stdout;
        return (process.ExitCode, await stderr);
    }

    private static async Task<string> WriteAsync(string name, HttpContent body)
    {
        var path = Path.Combine(Path.GetTempPath(), $"gridgis-import-{Guid.NewGuid():N}-{name}");
        await File.WriteAllBytesAsync(path, await body.ReadAsByteArrayAsync());
        return path;
    }

    [Fact]
    public async Task Import_StoresStreetsAndPrintsProgress_WhenFileIsValid()
    {
        var t = new ImportTestFiles();
        var file = await WriteAsync("streets.geojson", Json((Props(("code", t.StreetCode), ("name_zh", "命令行")), t.Street)));
        try
        {
            var (code, stderr) = await RunAsync("import", "streets", file, "--crs", "wgs84");
            Assert.True(code == 0, stderr);
            Assert.Contains("features valid", stderr);
            Assert.Contains("1 inserted", stderr);
            await using var cmd = fx.Db.CreateCommand("select name_zh from street where code = $1");
            cmd.Parameters.Add(new() { Value = t.StreetCode });
            Assert.Equal("命令行", await cmd.ExecuteScalarAsync());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Import_Exits2WithErrorList_AndWritesNothing_WhenFileIsInvalid()
    {
        var t = new ImportTestFiles();
        var file = await WriteAsync("streets.csv", Csv(
            (Props(("code", t.StreetCode), ("name_zh", "好")), t.Street),
            (Props(("code", "12345"), ("name_zh", "坏")), t.Street)));
        try
        {
            var before = await ChecksumAsync(fx);
            var (code, stderr) = await RunAsync("import", "streets", file, "--replace");
            Assert.Equal(2, code);
            Assert.Contains("line 3 (row 1), code: code '12345' is not a 9-digit street code", stderr);
            Assert.Contains("nothing was written", stderr);
            Assert.Equal(before, await ChecksumAsync(fx));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Import_Exits2_WhenLayerIsUnknown()
    {
        var (code, stderr) = await RunAsync("import", "households", "x.csv");
        Assert.Equal(2, code);
        Assert.Contains("unknown layer 'households'", stderr);
    }
}
