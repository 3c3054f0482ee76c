using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using GridGIS.Server.Features.Import;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Features.Grids;
using GridGIS.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static GridGIS.Server.Tests.Features.Import.ImportTestFiles;

namespace GridGIS.Server.Tests.Features.Import;

/// <summary>
/// Background imports are Hangfire jobs whose state lives in the database: another server process sees
/// them, any process's worker runs them, a job whose worker died runs again, administrators cancel them,
/// and the uploaded file is dropped when the job ends.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class DurableImportJobsTests(PostgisFixture fx)
{
    private readonly ImportTestFiles _t = new();

    private static async Task<JsonElement> PollAsync(HttpClient client, string location, Func<JsonElement, bool> until, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var response = await client.GetAsync(location);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var job = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            if (until(job)) return job;
            Assert.True(DateTime.UtcNow < deadline, $"the import job did not reach the state wanted within {seconds} s: {job}");
            await Task.Delay(50);
        }
    }

    /// <summary>A second server process on the same database that only enqueues (no Hangfire worker of its own).</summary>
    private WebApplicationFactory<Program> EnqueueOnlyHost() => new WebApplicationFactory<Program>()
        .WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:GridGIS", fx.ConnectionString)
            .UseSetting("Security:SignIn:PerIp", "1000000").UseSetting("Security:SignIn:PerUser", "1000000")
            .UseSetting("Coverage:RunAtStartup", "false").UseSetting("Coverage:Server", "false"));

    [Fact]
    public async Task AsyncImport_IsReportedByEveryServerProcess_AndRunByAnotherProcessWorker()
    {
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        await using var other = EnqueueOnlyHost();
        var second = other.CreateClient();
        second.DefaultRequestHeaders.Authorization = admin.DefaultRequestHeaders.Authorization;

        // queued through the process without workers: the fixture's process (another host) runs it
        var body = Body("geojson", (Props(("code", _t.StreetCode), ("name_zh", "持久街道"), ("name_en", "Durable")), _t.Street));
        var response = await second.PostAsync("/api/import/streets?async=true", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();

        var done = await PollAsync(second, location, j => j.GetProperty("state").GetString() != "running");
        Assert.Equal("complete", done.GetProperty("state").GetString());
        Assert.Equal(1, done.GetProperty("result").GetProperty("inserted").GetInt32());
        // the first process reports the same job, with the same answer
        var seenByFirst = JsonDocument.Parse(await admin.GetStringAsync(location)).RootElement;
        Assert.Equal(done.GetProperty("finishedAt").GetString(), seenByFirst.GetProperty("finishedAt").GetString());
        Assert.Equal("complete", seenByFirst.GetProperty("state").GetString());
        // and lists it
        var list = JsonDocument.Parse(await admin.GetStringAsync("/api/import/jobs?limit=500")).RootElement;
        Assert.Contains(list.EnumerateArray(), j => j.GetProperty("id").GetString() == done.GetProperty("id").GetString());
        // the uploaded file is not kept once the job has ended
        await using var cmd = fx.Db.CreateCommand("select payload is null from import_job where id = $1");
        cmd.Parameters.Add(new() { Value = Guid.Parse(done.GetProperty("id").GetString()!) });
        Assert.True((bool)(await cmd.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task ImportJob_RunsAgainFromItsStoredFile_WhenItsWorkerDied()
    {
        _ = fx.Factory.Services;   // the fixture's host, whose services run the job here
        var id = Guid.NewGuid();
        var geojson = await Body("geojson", (Props(("code", _t.StreetCode), ("name_zh", "重跑街道"), ("name_en", "Rerun")), _t.Street)).ReadAsByteArrayAsync();
        // a job that a dead worker had taken: running, started, 40 %
        await using (var insert = fx.Db.CreateCommand("""
            insert into import_job (id, kind, actor, state, percent, stage, request, payload, worker, created_at, started_at)
            values ($1, 'streets', 'test', 'running', 40, 'writing', $2::jsonb, $3, 'dead-host:1', now(), now())
            """))
        {
            insert.Parameters.Add(new() { Value = id });
            insert.Parameters.Add(new() { Value = JsonSerializer.Serialize(new ImportJobRequest(ImportJobRequest.LayerKind,
                Core.Import.ImportLayer.Streets, Core.Import.ImportFormat.GeoJson, Core.Geo.InputCrs.Wgs84, Core.Import.ImportMode.Append, "f.geojson"), ImportJobRequest.Json) });
            insert.Parameters.Add(new() { Value = geojson });
            await insert.ExecuteNonQueryAsync();
        }
        // Hangfire hands the job to a live worker, which calls the same method
        using (var scope = fx.Factory.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<ImportJobRunner>().RunAsync(id, CancellationToken.None);

        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var job = JsonDocument.Parse(await admin.GetStringAsync($"/api/import/jobs/{id:N}")).RootElement;
        Assert.Equal("complete", job.GetProperty("state").GetString());
        Assert.Equal(100, job.GetProperty("percent").GetDouble());
        await using var count = fx.Db.CreateCommand("select count(*) from street where code = $1");
        count.Parameters.Add(new() { Value = _t.StreetCode });
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task CancellingAQueuedImport_EndsItAtOnce_AndItsWorkerWritesNothing()
    {
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var id = Guid.NewGuid();
        var geojson = await Body("geojson", (Props(("code", _t.StreetCode), ("name_zh", "取消街道"), ("name_en", "Cancelled")), _t.Street)).ReadAsByteArrayAsync();
        // queued, its Hangfire job not yet taken by any worker
        await using (var insert = fx.Db.CreateCommand("insert into import_job (id, kind, actor, request, payload, created_at) values ($1, 'streets', 'test', $2::jsonb, $3, now())"))
        {
            insert.Parameters.Add(new() { Value = id });
            insert.Parameters.Add(new() { Value = JsonSerializer.Serialize(new ImportJobRequest(ImportJobRequest.LayerKind,
                Core.Import.ImportLayer.Streets, Core.Import.ImportFormat.GeoJson, Core.Geo.InputCrs.Wgs84, Core.Import.ImportMode.Append, "f.geojson"), ImportJobRequest.Json) });
            insert.Parameters.Add(new() { Value = geojson });
            await insert.ExecuteNonQueryAsync();
        }

        var cancel = await admin.PostAsync($"/api/import/jobs/{id:N}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var job = JsonDocument.Parse(await cancel.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("cancelled", job.GetProperty("state").GetString());
        Assert.Equal("Import cancelled", job.GetProperty("problem").GetProperty("title").GetString());
        await using (var audit = fx.Db.CreateCommand("select count(*) from audit_log where entity = 'import_job' and entity_id = $1 and action = 'cancel'"))
        {
            audit.Parameters.Add(new() { Value = id.ToString("N") });
            Assert.Equal(1L, await audit.ExecuteScalarAsync());
        }

        // the worker that takes it later finds nothing to do
        var before = await ChecksumAsync(fx);
        using (var scope = fx.Factory.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<ImportJobRunner>().RunAsync(id, CancellationToken.None);
        Assert.Equal(before, await ChecksumAsync(fx));
        await using var cmd = fx.Db.CreateCommand("select payload is null and state = 'cancelled' from import_job where id = $1");
        cmd.Parameters.Add(new() { Value = id });
        Assert.True((bool)(await cmd.ExecuteScalarAsync())!);
        // an ended job cannot be cancelled again
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/import/jobs/{id:N}/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task CancellingARunningHouseholdImport_StopsIt_AndWritesNothing()
    {
        var d = new GridTestData(fx);
        var community = await d.CommunityAsync(d.Box(0, 0, 10, 10));
        await d.GridAsync(community, "001", d.Box(0, 0, 10, 10));
        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        // large enough that writing takes seconds: 190,000 rows (the most a file may have is 200,000)
        var csv = new StringBuilder("address,lon,lat,crs,residents,foreign_residents,nationalities\n");
        for (var i = 0; i < 190_000; i++)
            csv.Append(CultureInfo.InvariantCulture, $"cancel row {i},{F(d.X(1 + (i % 800) / 100.0))},{F(d.Y(1 + (i / 800 % 800) / 100.0))},WGS84,3,1,KR:1\n");
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        await using var count = fx.Db.CreateCommand("select count(*) from household where address like 'cancel row %'");
        var before = (long)(await count.ExecuteScalarAsync())!;

        var response = await admin.PostAsync("/api/households/import?async=true", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        // the rows are valid and being written
        await PollAsync(admin, location, j => j.GetProperty("percent").GetDouble() >= 10 || j.GetProperty("state").GetString() != "running");
        var cancel = await admin.PostAsync(location + "/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);

        var job = await PollAsync(admin, location, j => j.GetProperty("state").GetString() != "running");
        Assert.Equal("cancelled", job.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("status").ValueKind);
        Assert.Equal(before, (long)(await count.ExecuteScalarAsync())!);
    }
}
