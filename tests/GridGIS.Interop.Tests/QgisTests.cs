using System.Diagnostics;
using System.Text.Json;
using Npgsql;

namespace GridGIS.Interop.Tests;

/// <summary>
/// QGIS 3.22 as Debian ships it (python3-qgis), headless: signs in with a stored Basic auth config (the only
/// fitting method it has), loads an OGC API - Features collection and a vector tile layer, and renders a map
/// that is not blank. The PNGs are kept in artifacts/interop/ to look at.
/// </summary>
public sealed class QgisTests(GdalServer fx) : IClassFixture<GdalServer>
{
    [Theory]
    [InlineData("planner", "grids", "streets", "grid")]
    [InlineData("official", "facilities", "grids", "facility")]
    public async Task Qgis_LoadsAnOgcCollectionAndATileLayer_WithBasicAuth_AndRendersAMap(string user, string collection, string tileLayer, string table)
    {
        var artifacts = Path.Combine(fx.Server.Root, "artifacts", "interop");
        Directory.CreateDirectory(artifacts);
        var authDir = Directory.CreateTempSubdirectory("gridgis-qgis-auth-");
        var png = Path.Combine(artifacts, $"qgis-{user}-{collection}.png");
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
            var result = JsonDocument.Parse(line).RootElement;
            Assert.True(result.GetProperty("authStored").GetBoolean(), line);
            Assert.True(result.GetProperty("featuresValid").GetBoolean(), $"the OGC layer did not load: {line}\n{await stderr}");
            Assert.True(result.GetProperty("tilesValid").GetBoolean(), $"the tile layer did not load: {line}\n{await stderr}");

            await using var db = new NpgsqlConnection(Environment.GetEnvironmentVariable("GRIDGIS_TEST_DB"));
            await db.OpenAsync();
            await using var count = new NpgsqlCommand($"select count(*) from {table}", db);
            Assert.Equal((long)(await count.ExecuteScalarAsync())!, result.GetProperty("featureCount").GetInt64());
            // not blank: the features and the tiles colour a good part of the map, the tiles alone some of it
            var coloured = result.GetProperty("colouredPixels").GetInt64();
            Assert.True(coloured > result.GetProperty("sampledPixels").GetInt64() / 100, $"the map is nearly blank: {line}");
            Assert.True(result.GetProperty("tileColouredPixels").GetInt64() > 0, $"the tile layer drew nothing: {line}");
            Assert.True(File.Exists(png));
        }
        finally { authDir.Delete(true); }
    }
}
