using System.Diagnostics;
using System.Text.Json;
using Npgsql;

namespace GridGIS.Interop.Tests;

/// <summary>
/// QGIS 3.22 as Debian ships it (python3-qgis), headless: signs in with a stored Basic auth config (the only
/// fitting method it has), loads an OGC API - Features collection and a vector tile layer, and renders a map
/// that is not blank. The PNGs are kept in artifacts/interop/ to look at.
/// </summary>
[Collection(GdalCollection.Name)]
public sealed class QgisTests(GdalServer fx)
{
    /// <summary>Runs qgis_render.py as <paramref name="user"/>; its JSON line, after checking that both layers loaded.</summary>
    private async Task<JsonElement> RenderAsync(string user, string collection, string tileLayer, string png)
    {
        var authDir = Directory.CreateTempSubdirectory("gridgis-qgis-auth-");
        try
        {
            var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "qgis_render.py"), fx.Server.BaseUrl, user, fx.Server.Password(user),
                         collection, tileLayer, png, authDir.FullName })
                start.ArgumentList.Add(a);
            start.Environment["QT_QPA_PLATFORM"] = "offscreen";
            start.Environment["XDG_RUNTIME_DIR"] = authDir.FullName;
            start.Environment.Remove("PYTHONHOME");
            start.Environment.Remove("PYTHONPATH");
            using var p = Process.Start(start) ?? throw new InvalidOperationException("could not start /usr/bin/python3: install python3-qgis");
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await p.WaitForExitAsync(cts.Token);
            var output = await stdout;
            Assert.True(p.ExitCode == 0, $"QGIS exited {p.ExitCode}: {await stderr}\n{output}");
            var line = output.Split('\n').Last(l => l.StartsWith('{'));
            var result = JsonDocument.Parse(line).RootElement.Clone();
            Assert.True(result.GetProperty("authStored").GetBoolean(), line);
            Assert.True(result.GetProperty("featuresValid").GetBoolean(), $"the OGC layer did not load: {line}\n{await stderr}");
            Assert.True(result.GetProperty("tilesValid").GetBoolean(), $"the tile layer did not load: {line}\n{await stderr}");
            // not blank: the features and the tiles colour a good part of the map, the tiles alone some of it
            Assert.True(result.GetProperty("colouredPixels").GetInt64() > result.GetProperty("sampledPixels").GetInt64() / 100, $"the map is nearly blank: {line}");
            Assert.True(result.GetProperty("tileColouredPixels").GetInt64() > 0, $"the tile layer drew nothing: {line}");
            Assert.True(File.Exists(png));
            return result;
        }
        finally { authDir.Delete(true); }
    }

    private static async Task<long> CountAsync(string sql)
    {
        await using var db = new NpgsqlConnection(Environment.GetEnvironmentVariable("GRIDGIS_TEST_DB"));
        await db.OpenAsync();
        await using var count = new NpgsqlCommand(sql, db);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private string Png(string name)
    {
        var artifacts = Path.Combine(fx.Server.Root, "artifacts", "interop");
        Directory.CreateDirectory(artifacts);
        return Path.Combine(artifacts, name);
    }

    [Theory]
    [InlineData("planner", "grids", "streets", "grid")]
    [InlineData("official", "facilities", "grids", "facility")]
    public async Task Qgis_LoadsAnOgcCollectionAndATileLayer_WithBasicAuth_AndRendersAMap(string user, string collection, string tileLayer, string table)
    {
        var result = await RenderAsync(user, collection, tileLayer, Png($"qgis-{user}-{collection}.png"));
        Assert.Equal(await CountAsync($"select count(*) from {table}"), result.GetProperty("featureCount").GetInt64());
    }

    /// <summary>
    /// Coverage per grid in QGIS: an official gets the privacy-withheld figures (NULL) for the grids /api withholds from
    /// officials, an administrator every figure; the tile layer of the same collection renders for both.
    /// </summary>
    [Theory]
    [InlineData("official")]
    [InlineData("admin")]
    public async Task Qgis_ReadsCoverageWithTheFiguresTheRoleMaySee(string user)
    {
        var result = await RenderAsync(user, "coverage-grids", "coverage-grids", Png($"qgis-{user}-coverage-grids.png"));
        var units = await CountAsync("select count(*) from coverage_unit_result where run_id = coverage_latest_run() and level = 'grid'");
        Assert.Equal(units, result.GetProperty("featureCount").GetInt64());
        using var http = await fx.Server.ClientAsAsync(user);
        using var api = JsonDocument.Parse(await http.GetStringAsync("/api/coverage/runs/latest?level=grid"));
        var withheld = api.RootElement.GetProperty("units").EnumerateArray().Count(u => u.GetProperty("households").ValueKind == JsonValueKind.Null);
        Assert.Equal(withheld, result.GetProperty("nullHouseholds").GetInt64());
        Assert.Equal(units - withheld, result.GetProperty("numberHouseholds").GetInt64());
        if (user == "admin") Assert.Equal(0, withheld);
        else Assert.True(withheld > 0, "the demo's small grids have units of fewer than 5 households: an official must get NULLs");
    }
}
