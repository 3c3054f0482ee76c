using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Features.Grids;
using GridGIS.Server.Tests.Infrastructure;
using static GridGIS.Server.Tests.Features.Import.ImportTestFiles;

namespace GridGIS.Server.Tests.Features.Import;

/// <summary>Imports with ?async=true: 202 at once, then state and percentage from /api/import/jobs/{id}.</summary>
[Collection(PostgisCollection.Name)]
public sealed class ImportJobsTests(PostgisFixture fx)
{
    private readonly ImportTestFiles _t = new();

    /// <summary>Polls the job until it is no longer running (at most 60 s); returns every state seen and the last body.</summary>
    private static async Task<(List<(string State, double Percent)> Seen, JsonElement Last)> WaitAsync(HttpClient client, Uri location)
    {
        var seen = new List<(string, double)>();
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await client.GetAsync(location);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var job = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            var state = job.GetProperty("state").GetString()!;
            seen.Add((state, job.GetProperty("percent").GetDouble()));
            if (state != "running") return (seen, job);
            Assert.True(DateTime.UtcNow < until, "the import job did not finish within 60 s");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task AsyncImport_Answers202_ThenCompletesAt100Percent_WithTheSameResult()
    {
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var body = Body("geojson", (Props(("code", _t.StreetCode), ("name_zh", "异步街道"), ("name_en", "Async")), _t.Street));
        var response = await admin.PostAsync("/api/import/streets?async=true", body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.NotNull(response.Headers.Location);
        using var accepted = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("streets", accepted.RootElement.GetProperty("kind").GetString());
        var (seen, job) = await WaitAsync(admin, response.Headers.Location!);

        Assert.Equal("complete", job.GetProperty("state").GetString());
        Assert.Equal(100, job.GetProperty("percent").GetDouble());
        Assert.Equal(200, job.GetProperty("status").GetInt32());
        Assert.Equal(1, job.GetProperty("result").GetProperty("inserted").GetInt32());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("problem").ValueKind);
        // percentages never go backwards while the job runs
        Assert.Equal(seen.Select(s => s.Percent).Order(), seen.Select(s => s.Percent));
        await using var cmd = fx.Db.CreateCommand("select name_en from street where code = $1");
        cmd.Parameters.Add(new() { Value = _t.StreetCode });
        Assert.Equal("Async", await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AsyncImport_Fails_WithTheProblemAndNothingWritten_WhenFileIsInvalid()
    {
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var before = await ChecksumAsync(fx);
        // a self-intersecting (bow-tie) street polygon
        var body = Body("geojson", (Props(("code", _t.StreetCode), ("name_zh", "坏街道"), ("name_en", "Bad")),
            "POLYGON((116.40 39.90, 116.41 39.91, 116.41 39.90, 116.40 39.91, 116.40 39.90))"));
        var response = await admin.PostAsync("/api/import/streets?async=true", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var (_, job) = await WaitAsync(admin, response.Headers.Location!);

        Assert.Equal("failed", job.GetProperty("state").GetString());
        Assert.Equal(422, job.GetProperty("status").GetInt32());
        var problem = job.GetProperty("problem");
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("feature").GetInt32() == 0);
        Assert.Equal(before, await ChecksumAsync(fx));
    }

    [Fact]
    public async Task AsyncHouseholdImport_Completes_AndCountsTheRows()
    {
        var d = new GridTestData(fx);
        var community = await d.CommunityAsync(d.Box(0, 0, 10, 10));
        await d.GridAsync(community, "001", d.Box(0, 0, 10, 10));
        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var csv = "address,lon,lat,crs,residents,foreign_residents,nationalities\n" +
                  string.Join("\n", Enumerable.Range(1, 30).Select(i => $"row {i},{F(d.X(1 + i % 8))},{F(d.Y(2))},WGS84,3,1,KR:1"));
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var response = await admin.PostAsync("/api/households/import?async=true", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var (_, job) = await WaitAsync(admin, response.Headers.Location!);

        Assert.Equal("complete", job.GetProperty("state").GetString());
        Assert.Equal("households", job.GetProperty("kind").GetString());
        Assert.Equal(30, job.GetProperty("result").GetProperty("imported").GetInt32());
        Assert.Equal(30, job.GetProperty("result").GetProperty("assigned").GetInt32());
    }

    [Fact]
    public async Task ImportJob_Is404_WhenUnknown_AndForAdministratorsOnly()
    {
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var missing = await admin.GetAsync("/api/import/jobs/nosuchjob");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        var planner = await fx.ClientAsAsync(Roles.Planner);
        Assert.Equal(HttpStatusCode.Forbidden, (await planner.GetAsync("/api/import/jobs/nosuchjob")).StatusCode);
    }

    [Fact]
    public async Task Import_Returns400_WhenAsyncIsNotABoolean()
    {
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var body = Body("geojson", (Props(("code", _t.StreetCode), ("name_zh", "街道"), ("name_en", "X")), _t.Street));
        var response = await admin.PostAsync("/api/import/streets?async=maybe", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("async", await response.Content.ReadAsStringAsync());
    }
}
